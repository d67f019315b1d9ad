import { KeylessError } from "../errors/keyless-error.ts";

/** Parses --requests-per-second: AWS throttles Identity Center at about 20 per second overall. */
export function parseRequestsPerSecond(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 1000) {
    throw new KeylessError(
      "USAGE",
      `--requests-per-second must be a number above 0 and at most 1000, got "${value}"`,
      {
        hint: "For example --requests-per-second 10 to stay well below AWS's throttling limits.",
      },
    );
  }
  return n;
}
