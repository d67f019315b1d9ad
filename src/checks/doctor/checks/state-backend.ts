/**
 * 5. The state backend: the S3 backend block in the directory's Terraform files names a bucket that
 * exists and is hardened (backend-hardening.ts), and the lock it names works (`use_lockfile`, or a
 * DynamoDB table with a LockID string key). Read with the profile's role credentials, or the
 * default credential chain when no profile is configured. Nothing is written.
 */
import type { StaticCredentials } from "../../../aws/caller-identity.ts";
import type { ActualStateBackend } from "../../../engine/model.ts";
import { bucketFindings, type HardeningFinding, lockTableFindings } from "../backend-hardening.ts";
import type { BackendBlock } from "../facts-types.ts";
import { fail, failFromError, pass, skip, warn } from "../outcome.ts";
import type { BackendQuery, CheckOutcome, DoctorCheck, DoctorContext } from "../types.ts";

/** The credentials to read the bucket with, or an outcome saying why it is not checked. */
export async function credentialsFor(
  ctx: DoctorContext,
): Promise<{ credentials: StaticCredentials | undefined; via: string } | CheckOutcome> {
  const choice = await ctx.facts.profileChoice();
  if (!choice) return { credentials: undefined, via: "the default credential chain" };
  const blocked = ["profile", "role-credentials"].find((id) => ctx.results.get(id)?.status === "fail");
  if (blocked)
    return skip(`not checked: no credentials for profile "${choice.name}" (see the ${blocked} check)`);
  if (/legacy SSO format/.test(ctx.results.get("profile")?.message ?? "")) {
    return skip(`not checked: profile "${choice.name}" is a legacy SSO profile (see the profile check)`);
  }
  try {
    const pc = await ctx.facts.roleCredentials();
    return { credentials: pc.credentials, via: `profile ${choice.name}` };
  } catch (err) {
    return failFromError(err, `no credentials for profile "${choice.name}"`);
  }
}

function lockDescription(b: BackendBlock): { text: string; findings: HardeningFinding[] } {
  if (b.useLockfile?.value === true) return { text: "lock: S3 lockfile", findings: [] };
  if (b.dynamodbTable) return { text: `lock: DynamoDB table ${b.dynamodbTable.value}`, findings: [] };
  return {
    text: "no lock",
    findings: [
      {
        level: "warn",
        text: "no state locking (neither use_lockfile nor dynamodb_table)",
        hint: "Add `use_lockfile = true` to the backend (Terraform >= 1.10), so two runs cannot write the state at once.",
      },
    ],
  };
}

function evaluate(b: BackendBlock, q: BackendQuery, actual: ActualStateBackend): CheckOutcome {
  const name = `bucket ${q.bucket}`;
  const where = `(${b.bucket?.at ?? b.at})`;
  switch (actual.bucket.status) {
    case "absent":
      return fail(
        `${name} ${where} does not exist in account ${actual.callerAccountId}`,
        "Create it with `keyless apply` (stateBackend in keyless.yaml), or correct `bucket` in the backend block.",
      );
    case "forbidden":
      return fail(
        `${name} ${where}: access denied (another account owns the name, or the role may not read it)`,
        "Check the bucket name, and that the role has s3:GetBucket* on it (the terraform-* presets do).",
      );
    case "other-region":
      return fail(
        `${name} ${where} is in ${actual.bucket.region}, the backend says ${q.region}`,
        `Set region = "${actual.bucket.region}" in the backend block.`,
      );
    case "not-read":
      return fail(`${name} ${where} was not read (credentials of account ${actual.callerAccountId})`);
  }
  const lock = lockDescription(b);
  const findings = [
    ...bucketFindings(actual.bucket.settings),
    ...(q.dynamodbTable ? lockTableFindings(q.dynamodbTable, actual.lockTable) : []),
    ...lock.findings,
  ];
  const failed = findings.filter((f) => f.level === "fail");
  const first = failed[0] ?? findings[0];
  if (first) {
    const text = `${name}: ${findings.map((f) => f.text).join("; ")}`;
    return failed.length > 0 ? fail(text, first.hint) : warn(text, first.hint);
  }
  const s = actual.bucket.settings;
  const enc = s.encryption.algorithm.startsWith("aws:kms") ? "KMS" : s.encryption.algorithm;
  return pass(
    `${name} (${q.region}, account ${actual.callerAccountId}) hardened: versioning, ${enc} encryption, public access blocked, TLS only, ACLs disabled; ${lock.text}`,
  );
}

export const stateBackendCheck: DoctorCheck = {
  id: "state-backend",
  title: "Terraform state backend",
  async run(ctx): Promise<CheckOutcome> {
    const tf = await ctx.facts.terraformDir();
    if (tf.kind === "unreadable") {
      return fail(
        `cannot read ${ctx.dirLabel}: ${tf.problem}`,
        "Run doctor in your Terraform directory, or pass --dir DIR with a readable one.",
      );
    }
    const b = tf.backend;
    if (!b) {
      if (tf.problems.length > 0) {
        return fail(
          `no backend found, and ${tf.problems.length === 1 ? "a file does" : "some files do"} not parse: ${tf.problems[0]}`,
          "Fix the file (`terraform validate` shows the same error).",
        );
      }
      return skip(
        `not configured: no backend "s3" block in ${tf.files.length === 0 ? `${ctx.dirLabel} (no .tf files)` : ctx.dirLabel}`,
        "`keyless terraform files --profile P --key K` writes backend.tf for the keyless state bucket.",
      );
    }
    if (b.type !== "s3") return skip(`not configured: the backend at ${b.at} is "${b.type}", not "s3"`);
    const region = b.region?.value ?? ctx.env.AWS_REGION ?? ctx.env.AWS_DEFAULT_REGION;
    if (!b.bucket || !region) {
      const missing = [!b.bucket ? "bucket" : "", !region ? "region" : ""].filter(Boolean);
      return skip(
        `not checked: the backend at ${b.at} has no literal ${missing.join(" or ")}${b.notLiteral.length ? ` (${b.notLiteral.join(", ")} not a plain value)` : " (partial configuration?)"}`,
        "doctor reads literal values only; values passed with -backend-config are not seen.",
      );
    }
    const creds = await credentialsFor(ctx);
    if ("status" in creds) return creds;
    const query: BackendQuery = {
      region,
      bucket: b.bucket.value,
      locking: b.dynamodbTable ? "dynamodb" : "s3",
      ...(b.dynamodbTable ? { dynamodbTable: b.dynamodbTable.value } : {}),
    };
    let actual: ActualStateBackend;
    try {
      actual = await ctx.deps.readBackend(query, creds.credentials);
    } catch (err) {
      return failFromError(err, `cannot read bucket ${query.bucket} with ${creds.via}`);
    }
    return evaluate(b, query, actual);
  },
};
