/**
 * The SDK retry strategy of every keyless client (clients.ts), in place of the SDK's "adaptive" mode:
 *
 * - Retries what the SDK's standard mode retries (throttling, 500/502/503/504, timeouts, connection
 *   resets), with capped exponential backoff and full jitter, sleeping on the injected clock.
 * - Does NOT retry a write that cannot safely be sent twice when its outcome is unknown (a 5xx or no
 *   answer: AWS may have made the change and lost the reply). Sent again blindly, a create either fails
 *   ("already exists", a ConflictException that would fail the change although it succeeded) or, where
 *   the service does not enforce uniqueness, makes a duplicate. Those errors reach the writer, which
 *   looks whether the change happened and repeats it only if it did not (identity-center-writer.ts,
 *   state-backend-writer.ts). Throttled attempts are still retried here: AWS rejected them unprocessed.
 * - Slowing down is the shared rate limiter's job (rate-limiter.ts: one budget for all clients); the
 *   SDK's adaptive mode keeps one limiter per client, sleeps on the real clock, and would halve the
 *   pace a second time for the same throttle.
 */
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from "@smithy/types";

/**
 * Operations whose repeat after an unknown outcome would fail or duplicate: `service.Operation` as
 * counted by clients.ts. Deletes are not here (a repeated delete answers "not found", which the writer
 * takes as done), nor puts and updates (repeating them is harmless).
 */
export const NOT_REPEATABLE: ReadonlySet<string> = new Set([
  "identitystore.CreateUser",
  "identitystore.CreateGroup",
  "identitystore.CreateGroupMembership",
  "sso-admin.CreatePermissionSet",
  "sso-admin.CreateAccountAssignment",
  "sso-admin.AttachManagedPolicyToPermissionSet",
  "sso-admin.AttachCustomerManagedPolicyReferenceToPermissionSet",
  "kms.CreateKey",
  "kms.CreateAlias",
  "dynamodb.CreateTable",
  "s3.CreateBucket",
  "iam.CreateRole",
  "iam.CreateOpenIDConnectProvider",
]);

const notRepeatable = new WeakSet<object>();

/** Marks an error so the retry strategy hands it to the caller instead of repeating the request. */
export function markNotRepeatable(err: unknown): void {
  if (typeof err === "object" && err !== null) notRepeatable.add(err);
}

export interface RetryStrategyOptions {
  /** Attempts per call including the first. */
  maxAttempts: number;
  sleep: (ms: number) => Promise<void>;
  /** [0, 1); tests pass a fixed one. */
  random?: () => number;
}

/** First backoff for a throttled attempt; AWS's own SDKs wait about a second. */
export const THROTTLE_BASE_DELAY_MS = 1000;
/** First backoff for other retryable errors. */
export const BASE_DELAY_MS = 100;
export const MAX_DELAY_MS = 20_000;

function token(count: number): RetryToken {
  return { getRetryCount: () => count, getRetryDelay: () => 0 };
}

export function createRetryStrategy(opts: RetryStrategyOptions): RetryStrategyV2 {
  const random = opts.random ?? Math.random;
  return {
    acquireInitialRetryToken: async () => token(0),
    async refreshRetryTokenForRetry(previous: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
      const retries = previous.getRetryCount();
      const retryable = info.errorType === "THROTTLING" || info.errorType === "TRANSIENT";
      const error = info.error as unknown;
      if (!retryable || retries + 1 >= opts.maxAttempts || notRepeatable.has(error as object)) {
        // The middleware rethrows the original error whatever is thrown here.
        throw error ?? new Error("not retried");
      }
      const base = info.errorType === "THROTTLING" ? THROTTLE_BASE_DELAY_MS : BASE_DELAY_MS;
      await opts.sleep(random() * Math.min(MAX_DELAY_MS, base * 2 ** retries));
      return token(retries + 1);
    },
    recordSuccess: () => {},
  };
}
