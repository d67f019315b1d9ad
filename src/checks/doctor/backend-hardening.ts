/**
 * Is the state bucket hardened the way keyless hardens it (src/engine/diff-state-backend-*.ts)?
 * Pure: takes what read-state-backend.ts read and returns one finding per weak setting.
 * Versioning, encryption, the public access block, the TLS-only policy and enforced object ownership
 * are the protections; SSE-S3 instead of KMS is only a warning (the state is still encrypted at rest).
 */
import type { ActualBucketSettings, ActualLockTable } from "../../engine/model.ts";

export interface HardeningFinding {
  level: "fail" | "warn";
  text: string;
  hint: string;
}

const REPAIR =
  "Run `keyless apply` with this bucket as the stateBackend in keyless.yaml: it repairs every setting";

/** True when the policy has a Deny statement for requests without TLS (aws:SecureTransport = false). */
export function hasTlsOnlyStatement(policy: string): boolean {
  if (!policy) return false;
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    return false;
  }
  const raw = (doc as { Statement?: unknown })?.Statement;
  const statements = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return statements.some((s: Record<string, unknown>) => {
    if (s?.Effect !== "Deny") return false;
    const cond = (s.Condition ?? {}) as Record<string, Record<string, unknown>>;
    return Object.entries(cond).some(
      ([op, keys]) =>
        /^Bool(IfExists)?$/i.test(op) &&
        Object.entries(keys ?? {}).some(
          ([k, v]) =>
            k.toLowerCase() === "aws:securetransport" && [v].flat().some((x) => String(x) === "false"),
        ),
    );
  });
}

export function bucketFindings(s: ActualBucketSettings): HardeningFinding[] {
  const out: HardeningFinding[] = [];
  if (s.versioning !== "Enabled") {
    out.push({
      level: "fail",
      text: `versioning is ${s.versioning === "Off" ? "off" : s.versioning}`,
      hint: `${REPAIR} (or \`aws s3api put-bucket-versioning --versioning-configuration Status=Enabled\`). Without versions a bad write loses the state.`,
    });
  }
  if (s.encryption.algorithm === "none") {
    out.push({ level: "fail", text: "no default encryption", hint: `${REPAIR}.` });
  } else if (s.encryption.algorithm === "AES256") {
    out.push({
      level: "warn",
      text: "encrypted with SSE-S3 (AES256), not KMS",
      hint: "Use a KMS key (stateBackend encryption: kms) so reading the state also needs kms:Decrypt.",
    });
  }
  const off = Object.entries(s.publicAccessBlock)
    .filter(([, on]) => !on)
    .map(([k]) => k);
  if (off.length > 0) {
    out.push({
      level: "fail",
      text: off.length === 4 ? "no public access block" : `public access block off: ${off.join(", ")}`,
      hint: `${REPAIR} (all four public access block settings on).`,
    });
  }
  if (!hasTlsOnlyStatement(s.policy)) {
    out.push({
      level: "fail",
      text: "no TLS-only bucket policy statement (Deny when aws:SecureTransport is false)",
      hint: `${REPAIR} (it adds the keyless-DenyInsecureTransport statement and keeps the others).`,
    });
  }
  if (s.objectOwnership !== "BucketOwnerEnforced") {
    out.push({
      level: "fail",
      text: `object ownership is ${s.objectOwnership === "none" ? "not set (ACLs enabled)" : s.objectOwnership}`,
      hint: `${REPAIR} (ObjectOwnership BucketOwnerEnforced disables ACLs).`,
    });
  }
  return out;
}

export function lockTableFindings(
  name: string,
  table: ActualLockTable | null | undefined,
): HardeningFinding[] {
  if (table === undefined) return [];
  if (table === null) {
    return [
      {
        level: "fail",
        text: `lock table ${name} does not exist`,
        hint: "Create it with `keyless apply` (stateBackend locking: dynamodb), or switch backend.tf to `use_lockfile = true` (Terraform >= 1.10).",
      },
    ];
  }
  if (!table.lockIdKey) {
    return [
      {
        level: "fail",
        text: `lock table ${name} has no LockID (String) partition key`,
        hint: "Terraform needs a table whose only key is LockID of type String; create one with `keyless apply`.",
      },
    ];
  }
  return [];
}
