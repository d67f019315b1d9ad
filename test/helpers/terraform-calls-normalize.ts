/**
 * Makes a recording reproducible: the ids the emulator generates (KMS key UUIDs, EC2 resource ids)
 * differ on every run, so each distinct one is replaced by a counter in order of first appearance,
 * the same id by the same replacement everywhere in the fixture. A re-recorded fixture then diffs
 * only where Terraform's calls changed.
 */

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;

/** EC2 and VPC resource id prefixes (`vpc-0a1b2c3d`, `i-0123456789abcdef0`). */
const EC2_PREFIXES = [
  "vpc",
  "subnet",
  "sg",
  "sgr",
  "igw",
  "rtb",
  "rtbassoc",
  "fl",
  "eni",
  "eni-attach",
  "acl",
  "aclassoc",
  "i",
  "r",
  "vol",
  "ami",
  "snap",
  "eipalloc",
  "lt",
  "key",
  "dopt",
  "vpce",
];
const EC2_ID = new RegExp(`\\b(${EC2_PREFIXES.join("|")})-([0-9a-f]{8}|[0-9a-f]{17})\\b`, "g");

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
    .replace(EC2_ID, (id, prefix: string, hex: string) =>
      replace(id, (n) => `${prefix}-${String(n).padStart(hex.length, "0")}`),
    );
  return JSON.parse(text) as T;
}
