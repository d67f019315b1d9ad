/**
 * Prune-scope patterns: `*` matches any run of characters (including none), everything else is
 * literal, and the pattern must match the whole name. Nothing outside a declared pattern is ever
 * deleted by prune.
 */
export function matchesPattern(name: string, pattern: string): boolean {
  const parts = pattern.split("*");
  if (parts.length === 1) return name === pattern;
  const first = parts[0] ?? "";
  const last = parts[parts.length - 1] ?? "";
  if (name.length < first.length + last.length) return false;
  if (!name.startsWith(first) || !name.endsWith(last)) return false;
  // Greedy left-to-right search of the middle pieces inside the part between prefix and suffix.
  let pos = first.length;
  const end = name.length - last.length;
  for (const piece of parts.slice(1, -1)) {
    const at = name.indexOf(piece, pos);
    if (at < 0 || at + piece.length > end) return false;
    pos = at + piece.length;
  }
  return true;
}

export function matchesAny(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => matchesPattern(name, p));
}
