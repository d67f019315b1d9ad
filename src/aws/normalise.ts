/**
 * Normalisation of what AWS returns into the comparable PermissionSetSpec form. Must agree with the
 * config loader's normalisation, otherwise every plan shows false drift.
 */
import type { CustomerManagedPolicyRef } from "../engine/model.ts";

/** Compact JSON (`JSON.stringify(JSON.parse(text))`), "" when absent; unparsable text is kept as is. */
export function canonicalPolicy(text: string | undefined | null): string {
  if (!text?.trim()) return "";
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

export function customerKey(ref: CustomerManagedPolicyRef): string {
  return `${ref.path}${ref.name}`;
}

/** Unique by path+name, sorted by path+name; path defaults to "/". */
export function sortedCustomerRefs(
  refs: Iterable<{ name?: string | undefined; path?: string | undefined }>,
): CustomerManagedPolicyRef[] {
  const byKey = new Map<string, CustomerManagedPolicyRef>();
  for (const r of refs) {
    if (!r.name) continue;
    const ref = { name: r.name, path: r.path || "/" };
    byKey.set(customerKey(ref), ref);
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

/** `*` matches any run of characters; the pattern must match the whole name. */
export function matchesAny(name: string, patterns: string[]): boolean {
  return patterns.some((p) => {
    const re = new RegExp(`^${p.split("*").map(escapeRegExp).join(".*")}$`);
    return re.test(name);
  });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
