/**
 * An apply of 1,000 assignment creations measured in virtual time (test/helpers/virtual-clock.ts): the
 * executor with its defaults, every call paced by keyless's request budget at 20 requests/s on the
 * same clock, against an in-memory Identity Center whose operations are asynchronous. The figures are
 * deterministic (no real time is involved), so they can be asserted: the target of issue 12 is a wall
 * time within 1.3 × max(calls / 20, operations × operation time / 10 slots).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyPlan } from "../../../src/apply/executor.ts";
import type { IdentityCenterWriter } from "../../../src/apply/ports.ts";
import { createRateLimiter } from "../../../src/aws/rate-limiter.ts";
import { VirtualClock } from "../../helpers/virtual-clock.ts";
import { type AsyncScript, FakeWriter } from "./fake-writer.ts";
import { arnOf, assignment, makePlan } from "./fixtures.ts";

const OPERATIONS = 1000;
const RATE = 20;
const SLOTS = 10;

/** Every call of `inner` takes a token from a 20/s budget on `clock` first, as clients.ts does. */
function paced(
  inner: FakeWriter,
  clock: VirtualClock,
): { writer: IdentityCenterWriter; calls: () => number } {
  const limiter = createRateLimiter({
    requestsPerSecond: RATE,
    now: () => clock.now(),
    sleep: (ms) => clock.sleep(ms),
  });
  let calls = 0;
  const writer = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        calls += 1;
        clock.touch();
        await limiter.take();
        return value.apply(target, args);
      };
    },
  });
  return { writer, calls: () => calls };
}

async function applyThousand(script: (clock: VirtualClock) => AsyncScript) {
  const clock = new VirtualClock();
  const fake = new FakeWriter();
  fake.asyncScript = () => script(clock);
  const { writer, calls } = paced(fake, clock);
  const changes = Array.from({ length: OPERATIONS }, (_, i) =>
    assignment("create", "group:platform", "admin", String(100000000000 + i), {
      principalId: "g-platform",
      permissionSetArn: arnOf("admin"),
    }),
  );
  const result = await applyPlan(makePlan(changes), writer, { clock });
  return { result, calls: calls(), seconds: clock.now() / 1000, fake };
}

describe("1,000 asynchronous assignment operations at 20 requests/s (virtual time)", () => {
  it("one IN_PROGRESS answer before success: three calls each, and the request budget is the limit", async (t) => {
    const { result, calls, seconds, fake } = await applyThousand(() => ({ inProgressPolls: 1 }));
    t.diagnostic(`calls ${calls}, wall ${seconds.toFixed(1)} s (virtual)`);
    assert.deepEqual(result.summary, { done: OPERATIONS, failed: 0, skipped: 0 });
    assert.equal(calls, 3 * OPERATIONS, "start, one IN_PROGRESS poll, one SUCCEEDED poll");
    assert.ok(fake.maxOutstandingAssignments <= SLOTS);
    const bound = 1.3 * Math.max(calls / RATE, 0);
    assert.ok(seconds <= bound, `${seconds} s > ${bound} s`);
  });

  it("operations that take 3 s: the slots are the limit, and a finished one frees its slot quickly", async (t) => {
    const takesMs = 3000;
    const { result, calls, seconds, fake } = await applyThousand((clock) => ({
      takesMs,
      now: () => clock.now(),
    }));
    t.diagnostic(`calls ${calls}, wall ${seconds.toFixed(1)} s (virtual)`);
    assert.deepEqual(result.summary, { done: OPERATIONS, failed: 0, skipped: 0 });
    assert.equal(fake.maxOutstandingAssignments, SLOTS);
    const bound = 1.3 * Math.max(calls / RATE, (OPERATIONS * takesMs) / 1000 / SLOTS);
    assert.ok(seconds <= bound, `${seconds} s > ${bound} s`);
  });
});
