/**
 * After `terraform apply`, what the state bucket holds, looked at with the AWS CLI as the engineer
 * would (through `keyless exec`), and checked: the state object under the key, encrypted with the key
 * named in backend.tf; no lock object left; and, because the bucket is versioned, the lock's history:
 * Terraform did write `<key>.tflock` (so the lockfile was in use), and deleted it as often.
 */
import { dirname } from "node:path";
import type { Show } from "./demo-keyless-exec.ts";

function json<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** Shows and checks the state; the reason it is wrong, or undefined when it is as expected. */
export async function checkState(
  show: Show,
  s: { bucket: string; key: string; kmsKeyId: string | undefined },
): Promise<string | undefined> {
  const s3api = (op: string, ...args: string[]) =>
    show(["aws", "s3api", op, "--bucket", s.bucket, ...args, "--output", "json"]);
  const lock = `${s.key}.tflock`;

  process.stdout.write(`\nWhat the state bucket holds under ${dirname(s.key)}/: the state, and no lock:\n`);
  const listed = await s3api(
    "list-objects-v2",
    "--prefix",
    `${dirname(s.key)}/`,
    "--query",
    "Contents[].Key",
  );
  const keys = json<string[]>(listed.output);
  if (listed.code !== 0 || JSON.stringify(keys) !== JSON.stringify([s.key])) {
    return `expected exactly ["${s.key}"] in ${s.bucket}, found ${listed.output.trim()}`;
  }

  const head = await s3api(
    "head-object",
    "--key",
    s.key,
    "--query",
    "{ServerSideEncryption: ServerSideEncryption, SSEKMSKeyId: SSEKMSKeyId}",
  );
  const sse = json<{ ServerSideEncryption?: string; SSEKMSKeyId?: string }>(head.output);
  const wanted = s.kmsKeyId !== undefined ? "aws:kms" : "AES256";
  if (head.code !== 0 || sse?.ServerSideEncryption !== wanted || sse.SSEKMSKeyId !== s.kmsKeyId) {
    return `the state should be encrypted with ${wanted}${s.kmsKeyId ? ` and ${s.kmsKeyId}` : ""}: ${head.output.trim()}`;
  }

  process.stdout.write(
    `\nThe bucket is versioned, so the lock's history is there too: Terraform wrote ${lock}\nfor plan and for apply, and deleted it each time:\n`,
  );
  const history = await s3api(
    "list-object-versions",
    "--prefix",
    lock,
    "--query",
    "{written: Versions[].LastModified, deleted: DeleteMarkers[].LastModified}",
  );
  const h = json<{ written: string[] | null; deleted: string[] | null }>(history.output);
  const written = h?.written?.length ?? 0;
  const deleted = h?.deleted?.length ?? 0;
  if (history.code !== 0 || written === 0) return `no ${lock} was ever written: ${history.output.trim()}`;
  if (deleted !== written) return `${lock} was written ${written} times and deleted ${deleted} times`;
  return undefined;
}
