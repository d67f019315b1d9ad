/**
 * 1. No static credentials: `keyless scan`'s environment and ~/.aws checks. What the scan fails on
 * (long-term keys anywhere; temporary keys written into a file) fails here; temporary credentials in
 * the environment (what `keyless exec` provides) warn, because they override the profile in every SDK
 * until they expire. AWS's documentation example keys are ignored.
 */
import { describeError, fail, pass, warn } from "../outcome.ts";
import { findingFix, findingLocation, type ScanFinding, type ScanProblem, scanFails } from "../scan-port.ts";
import type { CheckOutcome, DoctorCheck } from "../types.ts";

function list(findings: ScanFinding[], home: string): string {
  const shown = findings.slice(0, 3).map((f) => `${f.what} (${findingLocation(f, home)})`);
  const more = findings.length - shown.length;
  return `${shown.join(", ")}${more > 0 ? `, +${more} more` : ""}`;
}

export const staticCredentialsCheck: DoctorCheck = {
  id: "static-credentials",
  title: "no static credentials",
  async run(ctx): Promise<CheckOutcome> {
    const problems: ScanProblem[] = [];
    const [env, files] = await Promise.allSettled([
      ctx.deps.scan.scanEnvironment(ctx.env),
      ctx.deps.scan.scanAwsFiles(ctx.env, ctx.home, problems),
    ]);
    const found: ScanFinding[] = [];
    const incomplete: string[] = [];
    if (env.status === "fulfilled") found.push(...env.value);
    else incomplete.push(`the environment was not scanned: ${describeError(env.reason).message}`);
    if (files.status === "fulfilled") found.push(...files.value);
    else incomplete.push(`~/.aws was not scanned: ${describeError(files.reason).message}`);
    for (const p of problems) incomplete.push(`${p.path} could not be read: ${p.message}`);

    const failing = found.filter(scanFails);
    const warning = found.filter((f) => f.severity === "info");
    const first = failing[0];
    if (first) {
      return fail(
        `${failing.length} static credential${failing.length === 1 ? "" : "s"}: ${list(failing, ctx.home)}`,
        findingFix(first),
      );
    }
    if (incomplete.length > 0) {
      return fail(
        incomplete.join("; "),
        "Make the files readable (or fix AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE), then run doctor again.",
      );
    }
    if (warning.length > 0) {
      return warn(
        `temporary credentials in the environment: ${list(warning, ctx.home)}; they override your profile until they expire`,
        "Fine inside `keyless exec`; in your shell unset AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN and use AWS_PROFILE.",
      );
    }
    return pass("none in the environment, ~/.aws/credentials or ~/.aws/config");
  },
};
