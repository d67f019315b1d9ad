/**
 * Errors per change: how a thrown error becomes a ChangeError, and the one retry the executor adds
 * on top of the SDK's own (throttling is already retried there): Identity Center answers
 * ConflictException while another operation on the same permission set / account is in progress.
 */
import { KeylessError } from "../errors/keyless-error.ts";
import type { ChangeError } from "./events.ts";
import type { PollSettings } from "./options.ts";
import { formatDuration } from "./poll.ts";

/** A KeylessError keeps its message and hint; anything else is prefixed with the change address. */
export function toChangeError(err: unknown, address: string): ChangeError {
  if (err instanceof KeylessError) {
    const out: ChangeError = { message: err.message, code: err.code };
    if (err.hint !== undefined) out.hint = err.hint;
    return out;
  }
  if (err instanceof Error) {
    const name = err.name && err.name !== "Error" ? `${err.name}: ` : "";
    return { message: `${address}: ${name}${err.message}` };
  }
  return { message: `${address}: ${String(err)}` };
}

/**
 * True for "another operation is in progress" errors. Looks through `cause` so the AWS adapter may
 * wrap the SDK error in a KeylessError as long as it keeps it as the cause.
 */
export function isConflict(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current.name === "ConflictException") return true;
    current = current.cause;
  }
  return false;
}

/**
 * Retries after a conflict this many times before giving up, waiting 2 × the first poll interval,
 * doubling up to the longest poll interval (1, 2, 4, 5, 5, 5 s by default: about 22 s, a few
 * operations' worth, for the operation in progress to end).
 */
export const CONFLICT_RETRIES = 6;

export async function retryOnConflict<T>(
  start: () => Promise<T>,
  label: string,
  settings: PollSettings,
  progress: (message: string) => void,
): Promise<T> {
  let delay = Math.min(settings.intervalMs * 2, settings.maxIntervalMs);
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (attempt > CONFLICT_RETRIES || !isConflict(err)) throw err;
      progress(`${label}: another operation is in progress; retrying in ${formatDuration(delay)}`);
      await settings.clock.sleep(delay);
      delay = Math.min(delay * 2, settings.maxIntervalMs);
    }
  }
}
