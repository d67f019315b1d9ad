/**
 * "Did you mean" suggestions for unknown keys and unknown references. A typo is usually one or two
 * edits away, so only close candidates are offered: a wrong suggestion is worse than none.
 */

/** Levenshtein edit distance (insert, delete, substitute; each costs 1). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The closest candidate, or undefined when none is close enough. Case differences count as no
 * distance (YAML keys are case-sensitive, so `Region` is a classic mistake for `region`).
 */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const longest = Math.max(word.length, best.length);
  const allowed = longest <= 3 ? 1 : Math.max(2, Math.floor(longest / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** `; did you mean "x"?` or "" — ready to append to a message. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const s = suggest(word, candidates);
  return s === undefined ? "" : `; did you mean "${s}"?`;
}
