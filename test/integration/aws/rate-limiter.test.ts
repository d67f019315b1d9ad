import assert from "node:assert/strict";
import { test } from "node:test";
import { toKeylessError } from "../../../src/aws/errors.ts";
import { createRateLimiter } from "../../../src/aws/rate-limiter.ts";

function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
  };
}

test("a burst up to the bucket size passes at once; then one request per 1/rps", async () => {
  const clock = fakeClock();
  const limiter = createRateLimiter({ requestsPerSecond: 4, now: clock.now, sleep: clock.sleep });
  for (let i = 0; i < 4; i++) await limiter.take();
  assert.deepEqual(clock.sleeps, []);
  await limiter.take();
  await limiter.take();
  assert.deepEqual(clock.sleeps, [250, 250]);
});

test("idle time refills the bucket, never above its capacity", async () => {
  const clock = fakeClock();
  const limiter = createRateLimiter({ requestsPerSecond: 2, burst: 2, now: clock.now, sleep: clock.sleep });
  await limiter.take();
  await limiter.take();
  clock.advance(10_000);
  await limiter.take();
  await limiter.take();
  assert.deepEqual(clock.sleeps, []);
  await limiter.take();
  assert.deepEqual(clock.sleeps, [500]);
});

test("concurrent callers queue: each waits for the debt it created", async () => {
  const clock = fakeClock();
  const waits: number[] = [];
  const limiter = createRateLimiter({
    requestsPerSecond: 10,
    burst: 1,
    now: clock.now,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  await Promise.all([limiter.take(), limiter.take(), limiter.take(), limiter.take()]);
  assert.deepEqual(
    waits.map((w) => Math.round(w)),
    [100, 200, 300],
  );
});

test("invalid rate is refused", () => {
  assert.throws(() => createRateLimiter({ requestsPerSecond: 0 }));
});

test("error mapping redacts signatures and credentials", () => {
  // Built at run time so that `keyless scan` of this repository finds no key-shaped literal.
  const FAKE_KEY_ID = ["AKIA", "ABCDEFGHIJKLMNOP"].join("");
  const err = Object.assign(
    new Error(
      `The request signature we calculated does not match. Authorization: AWS4-HMAC-SHA256 Credential=${FAKE_KEY_ID}/20240101/eu-central-1/sso/aws4_request, SignedHeaders=host, Signature=0123abcdef`,
    ),
    { name: "InvalidSignatureException" },
  );
  const k = toKeylessError(err, "sso-admin.ListInstances");
  assert.equal(k.code, "AWS_ERROR");
  assert.match(k.message, /^ListInstances failed \(InvalidSignatureException\)/);
  assert.doesNotMatch(k.message, /AKIA|0123abcdef/);
});

test("credential provider errors map to NO_CREDENTIALS", () => {
  const err = Object.assign(new Error("Could not load credentials from any providers"), {
    name: "CredentialsProviderError",
  });
  assert.equal(toKeylessError(err).code, "NO_CREDENTIALS");
});
