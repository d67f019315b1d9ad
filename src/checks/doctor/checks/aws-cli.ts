/**
 * 4a. The AWS CLI, when installed, reads sso-session profiles: v2 from 2.9.0, v1 from botocore
 * 1.29.10. Older ones ignore `sso_session` and fail with the profiles keyless writes.
 */

import { fail, failFromError, pass, skip, warn } from "../outcome.ts";
import type { CheckOutcome, DoctorCheck } from "../types.ts";
import {
  AWS_CLI_V2_SSO_SESSION,
  atLeast,
  BOTOCORE_SSO_SESSION,
  parseAwsCliVersion,
  showVersion,
} from "../versions.ts";

const UPGRADE =
  "Upgrade the AWS CLI (v2: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html).";

export const awsCliCheck: DoctorCheck = {
  id: "aws-cli",
  title: "AWS CLI version",
  async run(ctx): Promise<CheckOutcome> {
    let run: Awaited<ReturnType<typeof ctx.deps.runTool>>;
    try {
      run = await ctx.deps.runTool("aws", ["--version"], ctx.env);
    } catch (err) {
      return failFromError(err);
    }
    if (run === "not-installed") return skip("not installed");
    // v1 on old Pythons prints the version on stderr.
    const output = `${run.stdout}\n${run.stderr}`;
    const v = parseAwsCliVersion(output);
    if (run.exitCode !== 0 || !v) {
      const first = output.trim().split("\n")[0] ?? "";
      return fail(
        `\`aws --version\` ${run.exitCode !== 0 ? `exited ${run.exitCode}` : "printed no version"}${first ? `: ${first.slice(0, 120)}` : ""}`,
        "Reinstall the AWS CLI, or remove the broken `aws` from PATH.",
      );
    }
    const cli = showVersion(v.cli);
    if (v.cli[0] >= 2) {
      return atLeast(v.cli, AWS_CLI_V2_SSO_SESSION)
        ? pass(`aws-cli ${cli} (sso-session profiles supported)`)
        : warn(
            `aws-cli ${cli} predates sso-session profiles (needs ${showVersion(AWS_CLI_V2_SSO_SESSION)})`,
            UPGRADE,
          );
    }
    if (!v.botocore) {
      return warn(
        `aws-cli ${cli} (v1) did not say its botocore version; sso-session needs botocore >= ${showVersion(BOTOCORE_SSO_SESSION)}`,
        UPGRADE,
      );
    }
    const bc = showVersion(v.botocore);
    return atLeast(v.botocore, BOTOCORE_SSO_SESSION)
      ? pass(`aws-cli ${cli}, botocore ${bc} (sso-session profiles supported)`)
      : warn(
          `aws-cli ${cli} with botocore ${bc} predates sso-session profiles (needs botocore ${showVersion(BOTOCORE_SSO_SESSION)})`,
          UPGRADE,
        );
  },
};
