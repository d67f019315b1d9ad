/**
 * The time window of an audit: `--since` / `--until` as a relative age (`30m`, `12h`, `7d`, `2w`), a
 * UTC date (`2026-11-01`) or a date-time (`2026-11-01T08:00:00Z`; without an offset, UTC). CloudTrail
 * LookupEvents keeps 90 days, so an older start is clipped with a note rather than sent.
 */
import { KeylessError } from "../../errors/keyless-error.ts";

export const LOOKUP_RETENTION_DAYS = 90;
export const DEFAULT_SINCE = "7d";

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DAY_MS = UNIT_MS.d as number;

export interface AuditWindow {
  start: Date;
  end: Date;
  /** Lines for the user about adjustments (clipping). */
  notes: string[];
}

function iso(d: Date): string {
  return d.toISOString().replace(/\.000Z$/, "Z");
}

const EXAMPLES = "e.g. 7d, 12h, 2w, 2026-11-01 or 2026-11-01T08:00:00Z";

/** One --since / --until value → a time. */
export function parseTimeArg(value: string, now: Date, flag: string): Date {
  const v = value.trim();
  const rel = /^(\d+)\s*([mhdw])$/i.exec(v);
  if (rel) return new Date(now.getTime() - Number(rel[1]) * (UNIT_MS[rel[2]!.toLowerCase()] as number));
  let ms = Number.NaN;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) ms = Date.parse(`${v}T00:00:00Z`);
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(v)) {
    const withT = v.replace(" ", "T");
    ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(withT) ? withT : `${withT}Z`);
  }
  if (Number.isNaN(ms)) {
    throw new KeylessError("USAGE", `${flag} "${value}" is not a time`, {
      hint: `Give an age or a UTC date/time, ${EXAMPLES}.`,
    });
  }
  return new Date(ms);
}

export function resolveWindow(opts: {
  since?: string | undefined;
  until?: string | undefined;
  now: Date;
}): AuditWindow {
  const { now } = opts;
  const notes: string[] = [];
  let start = parseTimeArg(opts.since ?? DEFAULT_SINCE, now, "--since");
  let end = opts.until === undefined ? now : parseTimeArg(opts.until, now, "--until");
  if (end.getTime() > now.getTime()) end = now;
  if (start.getTime() >= end.getTime()) {
    throw new KeylessError("USAGE", `--since (${iso(start)}) is not before --until (${iso(end)})`, {
      hint: `Give a start before the end, ${EXAMPLES}.`,
    });
  }
  const oldest = new Date(now.getTime() - LOOKUP_RETENTION_DAYS * DAY_MS);
  if (end.getTime() <= oldest.getTime()) {
    throw new KeylessError(
      "USAGE",
      `--until (${iso(end)}) is more than ${LOOKUP_RETENTION_DAYS} days ago: CloudTrail event history has nothing that old`,
      {
        hint: "LookupEvents keeps 90 days. For older events query a trail's S3 logs or CloudTrail Lake.",
      },
    );
  }
  if (start.getTime() < oldest.getTime()) {
    notes.push(
      `CloudTrail event history keeps ${LOOKUP_RETENTION_DAYS} days: reading from ${iso(oldest)} instead of ${iso(start)}.`,
    );
    start = oldest;
  }
  return { start, end, notes };
}
