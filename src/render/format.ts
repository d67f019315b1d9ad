/** Small wording helpers shared by the renderers: counts, durations, account lists. */

/** `1 user`, `3 users`; `plural` defaults to `singular + "s"`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** Terraform-style elapsed time: `0s`, `2s`, `1m5s`. Rounded to the nearest second. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`;
}

/** How many items a list shows before "and N more" unless verbose: a plan for hundreds of accounts stays readable. */
export const LIST_LIMIT = 10;

/** `a, b, c` or, past the limit and not verbose, `a, b, ... and 5 more`. */
export function shortList(items: readonly string[], verbose: boolean): string {
  if (verbose || items.length <= LIST_LIMIT) return items.join(", ");
  return `${items.slice(0, LIST_LIMIT).join(", ")} and ${items.length - LIST_LIMIT} more`;
}
