/**
 * Writes that converge when AWS's reply is lost. A create answered with a 5xx (or no answer) may have
 * happened; sent again it gets "already exists" (AWS) or makes a duplicate (services that do not check,
 * and moto). So a create that cannot be sent twice is not retried blindly by the SDK (retry-strategy.ts)
 * but here: look whether the desired object exists now; if it does, the create succeeded; if not, it
 * did not happen and is sent again. An "already exists" answer is treated the same way (the earlier
 * attempt, or a run killed before it heard the reply, made it). A delete answered "not found" is done.
 *
 * "Exists" means exactly the desired object: `find` compares what it finds with what was asked for and
 * throws a KeylessError when something with the same name differs (made by someone else, not by us).
 */
import { isAwsError, isOutcomeUnknown } from "./errors.ts";

export interface CreateOnceOptions<T> {
  create: () => Promise<T>;
  /** The desired object if it exists now (e.g. its id), undefined if it does not. */
  find: () => Promise<T | undefined>;
  /** AWS's "already exists" answers for this create. */
  exists: (err: unknown) => boolean;
  sleep: (ms: number) => Promise<void>;
  /** Creates sent in all, when each one's outcome is unknown and nothing is found. Default 4. */
  attempts?: number;
}

/** Waits before sending a create again: 200 ms, 400 ms, 800 ms ... (the SDK has given up retrying it). */
export const CREATE_RETRY_BASE_MS = 200;

export async function createOnce<T>(o: CreateOnceOptions<T>): Promise<T> {
  const attempts = o.attempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    try {
      return await o.create();
    } catch (err) {
      const unknown = isOutcomeUnknown(err);
      if (!unknown && !o.exists(err)) throw err;
      const found = await o.find();
      if (found !== undefined) return found;
      // "Already exists" but nothing matching found: not ours to claim (e.g. an operation in progress).
      if (!unknown || attempt >= attempts) throw err;
      await o.sleep(CREATE_RETRY_BASE_MS * 2 ** (attempt - 1));
    }
  }
}

/** Runs a delete; an answer that the thing is already gone (by default ResourceNotFoundException) is success. */
export async function deleteOnce(
  del: () => Promise<unknown>,
  gone: (err: unknown) => boolean = (err) => isAwsError(err, "ResourceNotFoundException"),
): Promise<void> {
  try {
    await del();
  } catch (err) {
    if (!gone(err)) throw err;
  }
}

/** The item's value, or undefined when the lookup answers ResourceNotFoundException. */
export async function unlessNotFound<T>(lookup: () => Promise<T>): Promise<T | undefined> {
  try {
    return await lookup();
  } catch (err) {
    if (isAwsError(err, "ResourceNotFoundException")) return undefined;
    throw err;
  }
}
