/**
 * The one concession the demo makes to the emulator before Terraform writes state: it takes the state
 * bucket's policy off, and puts it back afterwards.
 *
 * Why: every statement keyless puts in that policy is a Deny with a condition (TLS only; uploads only
 * with SSE-KMS and keyless's key). moto checks bucket policies on object calls without the request's
 * values (it passes no aws:SecureTransport and no encryption headers) and then takes a condition on a
 * missing value as met, so each Deny applies to every request: every GetObject, PutObject, HeadObject
 * and DeleteObject on the bucket would be refused. (The emulator speaks plain HTTP anyway.)
 *
 * Why AWS needs no such step: AWS evaluates the conditions. Terraform reaches S3 over HTTPS, and with
 * `encrypt = true` and `kms_key_id` in backend.tf it sends exactly the headers the policy asks for.
 * That is checked here, against the policy text and the backend.tf the engineer got, before the policy
 * is taken off: if they disagreed, Terraform would be denied on AWS too, and the demo fails.
 */
import {
  DeleteBucketPolicyCommand,
  GetBucketPolicyCommand,
  PutBucketPolicyCommand,
} from "@aws-sdk/client-s3";
import { clients } from "../test/integration/terraform/aws.ts";

interface Statement {
  Sid?: string;
  Effect?: string;
  Action?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface RelaxedPolicy {
  /** What was relaxed and why AWS needs no such step, for the demo's output. */
  explanation: string;
  restore(): Promise<void>;
}

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** `attr = "value"` from the generated backend.tf (its own, fixed formatting). */
export function backendValue(backendTf: string, attr: string): string | undefined {
  return new RegExp(`^\\s*${attr}\\s*=\\s*"?([^"\\n]*)"?\\s*$`, "m").exec(backendTf)?.[1];
}

function describe(st: Statement): string {
  const actions = [st.Action ?? []].flat().join(",");
  const conds = Object.entries(st.Condition ?? {}).flatMap(([op, keys]) =>
    Object.entries(keys).map(([k, v]) => `${op} ${k} ${JSON.stringify(one(v))}`),
  );
  return `  ${st.Sid ?? "(no Sid)"}: ${st.Effect} ${actions} when ${conds.join(" and ") || "(always)"}`;
}

/** Why Terraform with this backend.tf would be denied by keyless's statements on AWS; [] when it is not. */
function mismatches(policy: { Statement: Statement[] }, backendTf: string): string[] {
  const bySid = new Map(policy.Statement.map((st) => [st.Sid, st]));
  const notEquals = (sid: string, key: string) => one(bySid.get(sid)?.Condition?.StringNotEquals?.[key]);
  const sse = notEquals("keyless-DenyUnencryptedUploads", "s3:x-amz-server-side-encryption");
  const keyArn = notEquals("keyless-DenyWrongKmsKey", "s3:x-amz-server-side-encryption-aws-kms-key-id");
  const encrypt = backendValue(backendTf, "encrypt");
  const kmsKeyId = backendValue(backendTf, "kms_key_id");
  const sends = kmsKeyId !== undefined ? "aws:kms" : "AES256";
  const problems: string[] = [];
  if (!bySid.has("keyless-DenyInsecureTransport"))
    problems.push("no keyless-DenyInsecureTransport statement");
  if (encrypt !== "true") problems.push(`backend.tf has encrypt = ${encrypt ?? "(missing)"}, not true`);
  if (sse !== sends) problems.push(`the policy requires SSE ${sse}, backend.tf sends ${sends}`);
  if (keyArn !== kmsKeyId)
    problems.push(`the policy requires KMS key ${keyArn}, backend.tf sends ${kmsKeyId}`);
  return problems;
}

/** Checks that backend.tf satisfies keyless's policy, then deletes the policy. Throws on a mismatch. */
export async function relaxStatePolicy(
  endpoint: string,
  bucket: string,
  backendTf: string,
): Promise<RelaxedPolicy> {
  const { s3 } = clients(endpoint);
  let text: string;
  try {
    text = (await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy ?? "";
    const problems = mismatches(JSON.parse(text) as { Statement: Statement[] }, backendTf);
    if (problems.length > 0) {
      throw new Error(`backend.tf does not satisfy the state bucket policy: ${problems.join("; ")}`);
    }
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
  } catch (err) {
    s3.destroy();
    throw err;
  }
  const kms = backendValue(backendTf, "kms_key_id") !== undefined;
  const explanation = [
    `Emulator concession: the policy of ${bucket} is taken off for this step (and put back after it).`,
    "Its statements:",
    ...(JSON.parse(text) as { Statement: Statement[] }).Statement.map(describe),
    "moto checks them on object calls without the request's values (no aws:SecureTransport, no",
    "encryption headers) and takes a condition on a missing value as met, so each Deny would apply to",
    "every request: every GetObject, PutObject, HeadObject and DeleteObject would be refused. (The",
    "emulator is plain HTTP, too.)",
    "AWS needs no such step: it evaluates the conditions with the request's values, Terraform reaches S3",
    `over HTTPS, and backend.tf (encrypt = true${kms ? ", kms_key_id = the key's ARN" : ""}) makes Terraform send`,
    `x-amz-server-side-encryption: ${kms ? "aws:kms with that key" : "AES256"} on every upload: checked against the policy just now.`,
  ].join("\n");
  return {
    explanation,
    restore: async () => {
      await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: text }));
      s3.destroy();
    },
  };
}
