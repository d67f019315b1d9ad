/**
 * 4b. Terraform, when installed, is new enough for what the directory's backend asks: the S3 backend
 * signs in with sso-session profiles from 1.6.0, and `use_lockfile` (S3-native locking) needs 1.10.0.
 * Below what a backend in the directory needs is a failure (`terraform init` would fail); with no
 * backend there it is a warning.
 */

import { fail, failFromError, pass, skip, warn } from "../outcome.ts";
import type { CheckOutcome, DoctorCheck } from "../types.ts";
import {
  atLeast,
  parseTerraformVersion,
  showVersion,
  TERRAFORM_LOCKFILE,
  TERRAFORM_SSO_SESSION,
  type Version,
} from "../versions.ts";

const UPGRADE =
  "Upgrade Terraform (https://developer.hashicorp.com/terraform/install), or pin it with tfenv / mise.";

export const terraformCheck: DoctorCheck = {
  id: "terraform",
  title: "Terraform version",
  async run(ctx): Promise<CheckOutcome> {
    let run: Awaited<ReturnType<typeof ctx.deps.runTool>>;
    try {
      // CHECKPOINT_DISABLE: `terraform version` would otherwise ask HashiCorp's checkpoint service
      // for the latest release, a network call doctor has no business making (and may wait on).
      run = await ctx.deps.runTool("terraform", ["version", "-json"], {
        ...ctx.env,
        CHECKPOINT_DISABLE: "1",
      });
    } catch (err) {
      return failFromError(err);
    }
    if (run === "not-installed") return skip("not installed");
    const v = parseTerraformVersion(run.stdout) ?? parseTerraformVersion(run.stderr);
    if (!v) {
      const first = `${run.stdout}\n${run.stderr}`.trim().split("\n")[0] ?? "";
      return fail(
        `\`terraform version -json\` ${run.exitCode !== 0 ? `exited ${run.exitCode}` : "printed no version"}${first ? `: ${first.slice(0, 120)}` : ""}`,
        "Reinstall Terraform, or remove the broken `terraform` from PATH.",
      );
    }
    const tf = await ctx.facts.terraformDir();
    const backend = tf.kind === "read" && tf.backend?.type === "s3" ? tf.backend : undefined;
    const lockfile = backend?.useLockfile?.value === true;
    const need: Version = lockfile ? TERRAFORM_LOCKFILE : TERRAFORM_SSO_SESSION;
    const reason = lockfile
      ? `use_lockfile (${backend?.useLockfile?.at})`
      : "sso-session profiles in the S3 backend";
    const have = `terraform ${showVersion(v)}`;
    if (atLeast(v, need)) return pass(`${have} (${reason}: >= ${showVersion(need)})`);
    const message = `${have} is too old: ${reason} needs ${showVersion(need)}`;
    return backend ? fail(message, UPGRADE) : warn(message, UPGRADE);
  },
};
