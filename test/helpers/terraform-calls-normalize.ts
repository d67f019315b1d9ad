/**
 * Makes a recording reproducible: the ids the emulator generates (KMS key UUIDs, EC2 resource ids)
 * and Terraform's client tokens differ on every run, so each distinct one is replaced by a counter in
 * order of first appearance, the same id by the same replacement everywhere in the fixture; times,
 * the lock holder (`user@host`) and the state's MD5 digest get fixed stand-ins. A re-recorded fixture
 * then diffs only where Terraform's calls changed (and in the state objects' sizes).
 */

import { EC2_ID } from "./terraform-calls-proxy.ts";

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;

export function normalizeIds<T>(value: T): T {
  const seen = new Map<string, string>();
  const replace = (id: string, make: (n: number) => string): string => {
    let out = seen.get(id);
    if (out === undefined) {
      out = make(seen.size + 1);
      seen.set(id, out);
    }
    return out;
  };
  const text = JSON.stringify(value)
    .replace(UUID, (id) => replace(id, (n) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`))
    .replace(EC2_ID, (id) => {
      const cut = id.lastIndexOf("-");
      const hex = id.slice(cut + 1);
      return replace(id, (n) => `${id.slice(0, cut)}-${String(n).padStart(hex.length, "0")}`);
    })
    .replace(/\bdb-[A-Z0-9]{26}\b/g, (id) => replace(id, (n) => `db-${String(n).padStart(26, "0")}`))
    .replace(/terraform-\d{26}/g, (token) =>
      replace(token, (n) => `terraform-${String(n).padStart(26, "0")}`),
    )
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g, "2000-01-01T00:00:00Z")
    .replace(/(\\"Who\\":\\")[^"\\]*/g, "$1someone@build-host")
    .replace(/("Digest":\{"S":")[0-9a-f]{32}/g, "$1<md5 of the state>");
  return JSON.parse(text) as T;
}
