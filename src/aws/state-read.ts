/**
 * Can these credentials read a Terraform state? The two reads Terraform's S3 backend makes before it
 * can plan: a listing of the bucket under the state's prefix (ListObjectsV2, s3:ListBucket with
 * s3:prefix) and the state object itself (HeadObject, s3:GetObject). Read-only; one call each.
 * S3 answers 403 instead of 404 for a missing key when the caller may not list the bucket, so the two
 * answers are reported side by side and the caller words the verdict.
 */
import type { S3 } from "@aws-sdk/client-s3";
import { toKeylessError } from "./errors.ts";

export interface StateReadQuery {
  bucket: string;
  /** The listing prefix (the state key's folder, e.g. `env/dev/network/`). */
  prefix: string;
  key: string;
}

export interface StateReadProbe {
  list: "ok" | "denied" | "no-bucket";
  head: "found" | "absent" | "denied" | "no-bucket";
}

function status(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

function nameOf(err: unknown): string {
  return (err as { name?: string })?.name ?? "";
}

/** Access denied (403) and a missing bucket are answers; anything else is an error. */
export async function probeStateRead(s3: S3, q: StateReadQuery): Promise<StateReadProbe> {
  let list: StateReadProbe["list"];
  try {
    await s3.listObjectsV2({ Bucket: q.bucket, Prefix: q.prefix, MaxKeys: 1 });
    list = "ok";
  } catch (err) {
    if (nameOf(err) === "NoSuchBucket") list = "no-bucket";
    else if (status(err) === 403) list = "denied";
    else throw toKeylessError(err, "s3.ListObjectsV2");
  }
  let head: StateReadProbe["head"];
  try {
    await s3.headObject({ Bucket: q.bucket, Key: q.key });
    head = "found";
  } catch (err) {
    const code = status(err);
    // HEAD answers carry no body: the status is all there is (404 for a missing key or bucket).
    if (code === 404) head = list === "no-bucket" ? "no-bucket" : "absent";
    else if (code === 403) head = "denied";
    else throw toKeylessError(err, "s3.HeadObject");
  }
  return { list, head };
}
