/**
 * Names for accounts and OUs in keyless.yaml, from their Organizations names. Target names may hold
 * only letters, digits and `_ . @ + -` (config TARGET_NAME: they are written `account:NAME` / `ou:NAME`),
 * so other characters become `-`; two accounts with the same name get `-2`, `-3`, ...; a name that
 * leaves nothing usable falls back to a prefix and the id.
 */
import { TARGET_NAME } from "../config/patterns.ts";

const MAX = 64;

/** The Organizations name as a target name, or undefined when nothing usable is left. */
export function targetKey(name: string): string | undefined {
  const key = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\w.@+-]+/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "")
    .replace(/-+$/, "")
    .slice(0, MAX);
  return TARGET_NAME.test(key) ? key : undefined;
}

/**
 * Unique names for items (in the order given), avoiding `taken` (names already used, e.g. in the file
 * being merged into). Items whose id already has a name in `known` keep it.
 */
export function uniqueNames(
  items: readonly { id: string; name: string }[],
  fallbackPrefix: string,
  taken: ReadonlySet<string> = new Set(),
  known: ReadonlyMap<string, string> = new Map(),
): Map<string, string> {
  const used = new Set(taken);
  const out = new Map<string, string>();
  for (const item of items) {
    const existing = known.get(item.id);
    if (existing !== undefined) {
      out.set(item.id, existing);
      continue;
    }
    const base = targetKey(item.name) ?? `${fallbackPrefix}-${item.id}`;
    let key = base;
    for (let i = 2; used.has(key); i++) {
      const suffix = `-${i}`;
      key = `${base.slice(0, MAX - suffix.length)}${suffix}`;
    }
    used.add(key);
    out.set(item.id, key);
  }
  return out;
}
