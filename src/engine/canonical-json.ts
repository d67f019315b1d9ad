/**
 * Canonical JSON text: object keys sorted, no whitespace, `undefined` members dropped (as
 * JSON.stringify does). With `sortArrays`, arrays are treated as sets in a stable order (by the
 * canonical text of each element), so data read from AWS in any order gives the same text.
 */
export function canonicalJson(value: unknown, options: { sortArrays: boolean }): string {
  return JSON.stringify(canonicalise(value, options.sortArrays)) ?? "null";
}

function canonicalise(value: unknown, sortArrays: boolean): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => canonicalise(v === undefined ? null : v, sortArrays));
    if (!sortArrays) return items;
    return items
      .map((v) => ({ v, k: JSON.stringify(v) ?? "null" }))
      .sort((a, b) => compareStrings(a.k, b.k))
      .map((e) => e.v);
  }
  if (value !== null && typeof value === "object") {
    // fromEntries defines own properties, so a key named "__proto__" is kept like any other.
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort(compareStrings)
        .filter((key) => record[key] !== undefined)
        .map((key) => [key, canonicalise(record[key], sortArrays)]),
    );
  }
  return value;
}

/** Code-unit order: locale-independent, so plans are identical on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
