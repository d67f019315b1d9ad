/**
 * Permission-set session durations. AWS takes an ISO-8601 duration between 1 and 12 hours and
 * answers with its own canonical spelling (PT90M comes back as PT1H30M), so the desired value is
 * normalised to that spelling: otherwise every plan would show a spurious change.
 */

export const MIN_SESSION_SECONDS = 3600;
export const MAX_SESSION_SECONDS = 12 * 3600;
export const DEFAULT_SESSION_DURATION = "PT1H";

const ISO_DURATION = /^PT(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/;

/** Seconds in a `PT…H…M…S` duration, or undefined when the text is not one. */
export function parseDurationSeconds(text: string): number | undefined {
  const m = ISO_DURATION.exec(text);
  if (!m) return undefined;
  const [, h = "0", min = "0", s = "0"] = m;
  return Number(h) * 3600 + Number(min) * 60 + Number(s);
}

/** The canonical spelling: largest units first, zero parts left out (5400 → "PT1H30M"). */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts = `${h ? `${h}H` : ""}${m ? `${m}M` : ""}${s ? `${s}S` : ""}`;
  return `PT${parts || "0S"}`;
}

/** Why `text` is not an acceptable session duration, or undefined when it is. */
export function sessionDurationProblem(text: string): string | undefined {
  const seconds = parseDurationSeconds(text);
  if (seconds === undefined) {
    return `"${text}" is not an ISO-8601 duration; write hours and minutes like PT8H or PT1H30M`;
  }
  if (seconds < MIN_SESSION_SECONDS || seconds > MAX_SESSION_SECONDS) {
    return `${text} is outside the allowed range; use a duration from PT1H to PT12H`;
  }
  return undefined;
}

/** Canonical form of a duration already checked with sessionDurationProblem. */
export function normaliseSessionDuration(text: string): string {
  const seconds = parseDurationSeconds(text);
  if (seconds === undefined) throw new Error(`not a duration: ${text}`);
  return formatDuration(seconds);
}
