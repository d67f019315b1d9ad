/** Small constructors for check outcomes, and the one-line text of an error. */
import { KeylessError } from "../../errors/keyless-error.ts";
import type { CheckOutcome } from "./types.ts";

function make(status: CheckOutcome["status"], message: string, hint?: string): CheckOutcome {
  return hint === undefined ? { status, message } : { status, message, hint };
}

export const pass = (message: string, hint?: string) => make("pass", message, hint);
export const warn = (message: string, hint?: string) => make("warn", message, hint);
export const fail = (message: string, hint?: string) => make("fail", message, hint);
export const skip = (message: string, hint?: string) => make("skip", message, hint);

/** The message (first line) and hint of any thrown value. */
export function describeError(err: unknown): { message: string; hint?: string } {
  const text = err instanceof Error ? err.message : String(err);
  const message = text.split("\n")[0] ?? text;
  if (err instanceof KeylessError && err.hint) return { message, hint: err.hint };
  return { message };
}

/** A check that could not complete: "fail" with why. */
export function failFromError(err: unknown, prefix?: string): CheckOutcome {
  const d = describeError(err);
  return fail(prefix ? `${prefix}: ${d.message}` : d.message, d.hint);
}
