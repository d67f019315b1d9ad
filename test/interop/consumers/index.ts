/**
 * The interop harness: real consumers of AWS profiles (botocore, the AWS CLI, the AWS SDK for
 * JavaScript v3, Terraform's aws-sdk-go-base) run against a test's environment. See docs/interop.md.
 */
import { awsCliVersion, resolveWithAwsCli } from "./aws-cli.ts";
import { botocoreVersion, resolveWithBotocore } from "./botocore.ts";
import { goSdkBaseVersion, resolveWithGoSdkBase } from "./go-sdk-base.ts";
import { jsSdkVersion, resolveWithJsSdk } from "./js-sdk.ts";
import type { ConsumerResult, ResolveOptions } from "./run.ts";

export { awsCliVersion, getWithAwsCli, listProfilesWithAwsCli, resolveWithAwsCli } from "./aws-cli.ts";
export { botocoreVersion, resolveWithBotocore } from "./botocore.ts";
export { buildGoResolver, goSdkBaseVersion, resolveWithGoSdkBase } from "./go-sdk-base.ts";
export { jsSdkVersion, resolveWithJsSdk } from "./js-sdk.ts";
export {
  type CallerIdentity,
  type ConsumerResult,
  consumerEnv,
  expectIdentity,
  type ResolveOptions,
} from "./run.ts";

export interface Consumer {
  name: string;
  resolve(opts: ResolveOptions): Promise<ConsumerResult>;
  /** Human-readable versions, for the tests' diagnostic output. */
  version(): Promise<string>;
}

/** All four consumers, for table-driven tests: every one must accept what keyless writes. */
export const CONSUMERS: readonly Consumer[] = [
  { name: "botocore (boto3)", resolve: resolveWithBotocore, version: botocoreVersion },
  { name: "AWS CLI", resolve: resolveWithAwsCli, version: awsCliVersion },
  { name: "AWS SDK for JavaScript v3 (fromIni)", resolve: resolveWithJsSdk, version: jsSdkVersion },
  { name: "aws-sdk-go-base (Terraform)", resolve: resolveWithGoSdkBase, version: goSdkBaseVersion },
];
