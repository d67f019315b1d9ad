/**
 * Cache timestamps. keyless writes what botocore and the AWS CLI write (`%Y-%m-%dT%H:%M:%SZ`, UTC, no
 * fraction) and reads what any SDK writes: botocore's form, JavaScript's `toISOString()` (millis),
 * Go's RFC 3339 (offsets, nanoseconds), and the `...UTC` suffix old botocore caches carry.
 */

/** `2024-05-01T12:34:56Z` from epoch milliseconds (fraction dropped, as strftime does). */
export function formatCacheTimestamp(epochMs: number): string {
  return `${new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

const ISO = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(\.\d+)?\s*(Z|z|UTC|GMT|[+-]\d{2}:?\d{2})?$/;

/** Epoch milliseconds, or undefined when `value` is not an ISO 8601 / RFC 3339 date-time. */
export function parseCacheTimestamp(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const m = ISO.exec(value.trim());
  if (!m) return undefined;
  const [, date, time, fraction = "", zone = "Z"] = m;
  // No zone (dateutil's naive datetime) is taken as UTC, never as local time.
  let offset = /^(Z|UTC|GMT)$/i.test(zone) ? "Z" : zone;
  if (/^[+-]\d{4}$/.test(offset)) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`;
  const millis = fraction ? fraction.slice(0, 4).padEnd(4, "0") : "";
  const ms = Date.parse(`${date}T${time}${millis}${offset}`);
  return Number.isNaN(ms) ? undefined : ms;
}
