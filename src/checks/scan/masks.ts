/**
 * How a credential may appear in output: an access key id as its first and last four characters
 * (what the IAM console shows), anything else only as its length. The fingerprint lets an allow
 * list name one credential without writing it down.
 */
import { createHash } from "node:crypto";
import { ACCESS_KEY_ID_EXACT } from "./shapes.ts";

export function maskValue(value: string): string {
  if (ACCESS_KEY_ID_EXACT.test(value)) return `${value.slice(0, 4)}…${value.slice(-4)}`;
  return `${value.length} characters`;
}

export function fingerprintOf(value: string): string {
  return createHash("sha256").update(`keyless-scan\u0000${value}`).digest("hex").slice(0, 16);
}

/**
 * The values AWS documentation uses (`AKIAIOSFODNN7EXAMPLE`,
 * `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`) and anything else ending in EXAMPLE: shown as
 * examples, never as real findings.
 */
export function isExampleValue(value: string): boolean {
  return /EXAMPLE(KEY)?$/.test(value);
}
