/** The doctor tests' one concession to moto (also used by test/e2e/engineer-doctor.test.ts). */
import type { S3 } from "@aws-sdk/client-s3";

/**
 * The one concession to the emulator. moto applies a bucket policy's Deny statements to object calls
 * without evaluating their conditions (moto 5.x: every HeadObject answers 403 under
 * keyless-DenyInsecureTransport), so doctor's state-read check could never pass on it. The TLS-only
 * statement keeps its Effect, Action and Condition, which is all the hardening check reads, and loses
 * only its object resource (`bucket/*`). On AWS the condition (aws:SecureTransport = false) never
 * matches a request over TLS, and no such step is needed.
 */
export async function narrowTlsStatementForMoto(s3: S3, bucket: string): Promise<void> {
  const policy = JSON.parse((await s3.getBucketPolicy({ Bucket: bucket })).Policy ?? "{}") as {
    Statement: Array<{ Sid?: string; Resource?: string | string[] }>;
  };
  for (const st of policy.Statement) {
    if (st.Sid === "keyless-DenyInsecureTransport") st.Resource = `arn:aws:s3:::${bucket}`;
  }
  await s3.putBucketPolicy({ Bucket: bucket, Policy: JSON.stringify(policy) });
}
