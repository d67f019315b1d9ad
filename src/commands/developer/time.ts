/** Durations for `--min-remaining` (30m, 1h, 1h30m, 90s; a bare number is minutes) and "time left". */
import { KeylessError } from "../../errors/keyless-error.ts";

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000 };

/** Milliseconds, or a USAGE error naming where the value came from. */
export function parseDuration(text: string, source: string): number {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t) * UNIT_MS.m!;
  const re = /(\d+)([hms])/g;
  if (!/^(\d+[hms])+$/.test(t)) {
    throw new KeylessError("USAGE", `${source} "${text}" is not a duration`, {
      hint: "Use e.g. 30m, 1h, 1h30m or 90s (a bare number means minutes).",
    });
  }
  let ms = 0;
  for (const m of t.matchAll(re)) ms += Number(m[1]) * UNIT_MS[m[2] as string]!;
  return ms;
}

/** "7h 59m", "12m", "45s", or "expired". */
export function formatRemaining(ms: number): string {
  if (ms <= 0) return "expired";
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m`;
  return `${total}s`;
}

/** ISO 8601 in UTC without milliseconds (what credential_process and the AWS CLI print). */
export function isoSeconds(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace(".000Z", "Z");
}
