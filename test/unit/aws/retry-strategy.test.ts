import assert from "node:assert/strict";
import { test } from "node:test";
import type { RetryErrorInfo, RetryToken, SdkError } from "@smithy/types";
import { createRetryStrategy, markNotRepeatable } from "../../../src/aws/retry-strategy.ts";

function recorder() {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) };
}

const error = (name: string, status: number): SdkError =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } }) as SdkError;

async function retries(
  strategy: ReturnType<typeof createRetryStrategy>,
  info: () => RetryErrorInfo,
  max = 20,
): Promise<number> {
  let token: RetryToken = await strategy.acquireInitialRetryToken("");
  for (let n = 0; n < max; n++) {
    try {
      token = await strategy.refreshRetryTokenForRetry(token, info());
    } catch {
      return n;
    }
  }
  return max;
}

test("transient errors back off exponentially from 100 ms on the injected sleep, up to maxAttempts", async () => {
  const clock = recorder();
  const strategy = createRetryStrategy({ maxAttempts: 5, sleep: clock.sleep, random: () => 1 });
  const n = await retries(strategy, () => ({
    errorType: "TRANSIENT",
    error: error("InternalServerException", 500),
  }));
  assert.equal(n, 4, "5 attempts = 4 retries");
  assert.deepEqual(clock.sleeps, [100, 200, 400, 800]);
});

test("throttling backs off from 1 s (full jitter), capped at 20 s", async () => {
  const clock = recorder();
  const strategy = createRetryStrategy({ maxAttempts: 8, sleep: clock.sleep, random: () => 0.5 });
  await retries(strategy, () => ({ errorType: "THROTTLING", error: error("ThrottlingException", 400) }));
  assert.deepEqual(clock.sleeps, [500, 1000, 2000, 4000, 8000, 10000, 10000]);
});

test("client errors are not retried, nor an error marked not repeatable (a lost reply to a create)", async () => {
  const clock = recorder();
  const strategy = createRetryStrategy({ maxAttempts: 8, sleep: clock.sleep });
  assert.equal(
    await retries(strategy, () => ({ errorType: "CLIENT_ERROR", error: error("ValidationException", 400) })),
    0,
  );
  const lost = error("InternalServerException", 500);
  markNotRepeatable(lost);
  assert.equal(await retries(strategy, () => ({ errorType: "TRANSIENT", error: lost })), 0);
  assert.deepEqual(clock.sleeps, []);
  // Another 500 of the same kind, not marked, is retried.
  assert.equal(
    await retries(strategy, () => ({ errorType: "TRANSIENT", error: error("InternalServerException", 500) })),
    7,
  );
});
