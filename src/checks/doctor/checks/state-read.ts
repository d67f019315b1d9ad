/**
 * 6. The state is readable with the profile: the two reads `terraform init` / `plan` start with, a
 * listing of the bucket under the state key's folder (s3:ListBucket, limited by s3:prefix in the
 * terraform-core preset) and the state object (s3:GetObject). A state that does not exist yet is
 * fine; a 403 fails and names the permission, with the resource, that is missing. Same credentials
 * as the backend check; nothing is written.
 */
import type { StateReadProbe } from "../../../aws/state-read.ts";
import { fail, failFromError, pass, skip } from "../outcome.ts";
import type { CheckOutcome, DoctorCheck } from "../types.ts";
import { credentialsFor } from "./state-backend.ts";

/** `env/dev/network/terraform.tfstate` → `env/dev/network/`; a key without a folder lists itself. */
export function listingPrefix(key: string): string {
  const i = key.lastIndexOf("/");
  return i >= 0 ? key.slice(0, i + 1) : key;
}

/** The permissions a denied probe shows to be missing, each with its resource. */
export function missingPermissions(
  probe: StateReadProbe,
  q: { bucket: string; prefix: string; key: string },
): string[] {
  const out: string[] = [];
  if (probe.list === "denied")
    out.push(`s3:ListBucket on arn:aws:s3:::${q.bucket} (s3:prefix "${q.prefix}")`);
  if (probe.head === "denied") {
    // Without s3:ListBucket, S3 answers 403 for a key that does not exist as well.
    const unless =
      probe.list === "denied"
        ? " (or the state does not exist yet: without s3:ListBucket, S3 answers 403 for a missing key too)"
        : "";
    out.push(`s3:GetObject on arn:aws:s3:::${q.bucket}/${q.key}${unless}`);
  }
  return out;
}

export const stateReadCheck: DoctorCheck = {
  id: "state-read",
  title: "state readable with the profile",
  async run(ctx): Promise<CheckOutcome> {
    const tf = await ctx.facts.terraformDir();
    if (tf.kind !== "read") {
      return skip(`not checked: cannot read ${ctx.dirLabel} (see the state-backend check)`);
    }
    const b = tf.backend;
    if (b?.type !== "s3") return skip('not configured: no backend "s3" block');
    const region = b.region?.value ?? ctx.env.AWS_REGION ?? ctx.env.AWS_DEFAULT_REGION;
    if (!b.bucket || !b.key || !region) {
      return skip(`not checked: the backend at ${b.at} has no literal bucket, key or region`);
    }
    const creds = await credentialsFor(ctx);
    if ("status" in creds) return creds;
    const q = { region, bucket: b.bucket.value, key: b.key.value, prefix: listingPrefix(b.key.value) };
    let probe: StateReadProbe;
    try {
      probe = await ctx.deps.probeStateRead(q, creds.credentials);
    } catch (err) {
      return failFromError(err, `cannot read the state in ${q.bucket} with ${creds.via}`);
    }
    if (probe.list === "no-bucket" || probe.head === "no-bucket") {
      return skip(`not checked: bucket ${q.bucket} does not exist (see the state-backend check)`);
    }
    const missing = missingPermissions(probe, q);
    if (missing.length > 0) {
      return fail(
        `${creds.via} may not read the state (access denied): missing ${missing.join(" and ")}`,
        `Add ${missing.length === 1 ? "it" : "them"} to the profile's permission set and run \`keyless apply\`. The terraform-core preset grants both for keys under stateBackend.keyPrefix of keyless.yaml: check that ${q.key} is under it.`,
      );
    }
    const listed = `${creds.via} can list ${q.bucket} under ${q.prefix}`;
    return probe.head === "found"
      ? pass(`${listed} and read the state ${q.key}`)
      : pass(`${listed}; no state at ${q.key} yet (the first \`terraform apply\` writes it)`);
  },
};
