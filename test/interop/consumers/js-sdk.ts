/**
 * The AWS SDK for JavaScript v3 as a consumer: `fromIni({ profile })` + STS GetCallerIdentity,
 * run in a CHILD node process (js-resolve.mjs) so the SDK reads only the test's environment and
 * files, not this test process's (which may have AWS_* set for moto).
 */
import { fileURLToPath } from "node:url";
import {
  type ConsumerResult,
  consumerEnv,
  identityFrom,
  type ResolveOptions,
  runProgram,
  toResult,
} from "./run.ts";

const script = fileURLToPath(new URL("./js-resolve.mjs", import.meta.url));
const MISSING = "Run npm ci: @aws-sdk/credential-providers and @aws-sdk/client-sts must be installed.";

export async function resolveWithJsSdk({ env, profile }: ResolveOptions): Promise<ConsumerResult> {
  const run = await runProgram(process.execPath, [script, profile], { env: consumerEnv(env) });
  return toResult("node (AWS SDK for JavaScript v3)", run, (out) => identityFrom(JSON.parse(out)), MISSING);
}

/** e.g. "node 20.20.2, @aws-sdk/credential-providers 3.1138.0, ...". */
export async function jsSdkVersion(): Promise<string> {
  const run = await runProgram(process.execPath, [script, "--versions"], { env: consumerEnv({}) });
  if (run.exitCode !== 0) return `unavailable: ${run.stderr.trim()}`;
  const v = JSON.parse(run.stdout) as Record<string, string>;
  return Object.entries(v)
    .map(([k, val]) => `${k} ${val}`)
    .join(", ");
}
