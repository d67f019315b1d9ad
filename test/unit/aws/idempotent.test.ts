import assert from "node:assert/strict";
import { test } from "node:test";
import { isOutcomeUnknown, isThrottlingError } from "../../../src/aws/errors.ts";
import { createOnce, deleteOnce } from "../../../src/aws/idempotent.ts";

const awsError = (name: string, status?: number, code?: string) =>
  Object.assign(new Error(name), {
    name,
    ...(status !== undefined ? { $metadata: { httpStatusCode: status } } : {}),
    ...(code !== undefined ? { code } : {}),
  });

test("which failures leave the outcome unknown, and which are throttling", () => {
  assert.equal(isOutcomeUnknown(awsError("InternalServerException", 500)), true);
  assert.equal(isOutcomeUnknown(awsError("ServiceUnavailable", 503)), true);
  assert.equal(isOutcomeUnknown(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })), true);
  assert.equal(isOutcomeUnknown(awsError("TimeoutError")), true);
  // Refused before anything happened:
  assert.equal(isOutcomeUnknown(awsError("SlowDown", 503)), false, "S3's throttling 503");
  assert.equal(isOutcomeUnknown(awsError("ThrottlingException", 400)), false);
  assert.equal(isOutcomeUnknown(Object.assign(new Error("refused"), { code: "ECONNREFUSED" })), false);
  assert.equal(isOutcomeUnknown(awsError("ConflictException", 409)), false);
  assert.equal(isThrottlingError(awsError("ThrottlingException", 400)), true);
  assert.equal(isThrottlingError(awsError("Whatever", 429)), true);
  assert.equal(isThrottlingError(awsError("InternalServerException", 500)), false);
});

function script(outcomes: Array<"ok" | "lost" | "refused" | "exists" | "denied">) {
  let made = 0;
  const calls: string[] = [];
  const sleeps: number[] = [];
  return {
    calls,
    sleeps,
    made: () => made,
    opts: {
      create: async () => {
        const next = outcomes.shift() ?? "ok";
        calls.push(`create:${next}`);
        if (next === "ok" || next === "lost") made += 1;
        if (next === "ok") return `id-${made}`;
        if (next === "lost" || next === "refused") throw awsError("InternalServerException", 500);
        if (next === "exists") throw awsError("ConflictException", 400);
        throw awsError("AccessDeniedException", 400);
      },
      find: async () => {
        calls.push("find");
        return made > 0 ? `id-${made}` : undefined;
      },
      exists: (err: unknown) => (err as Error).name === "ConflictException",
      sleep: async (ms: number) => void sleeps.push(ms),
    },
  };
}

test("a lost reply: the object is found, the create is not sent again", async () => {
  const s = script(["lost"]);
  assert.equal(await createOnce(s.opts), "id-1");
  assert.deepEqual(s.calls, ["create:lost", "find"]);
  assert.equal(s.made(), 1);
});

test("refused before it happened: nothing found, sent again after a wait, made once", async () => {
  const s = script(["refused", "refused", "ok"]);
  assert.equal(await createOnce(s.opts), "id-1");
  assert.deepEqual(s.calls, ["create:refused", "find", "create:refused", "find", "create:ok"]);
  assert.deepEqual(s.sleeps, [200, 400]);
});

test("gives up after 4 creates with unknown outcomes and nothing found", async () => {
  const s = script(["refused", "refused", "refused", "refused", "ok"]);
  await assert.rejects(createOnce(s.opts), { name: "InternalServerException" });
  assert.equal(s.calls.filter((c) => c.startsWith("create")).length, 4);
});

test("'already exists' with nothing matching is rethrown (an operation in progress); other errors at once", async () => {
  const exists = script(["exists"]);
  await assert.rejects(createOnce(exists.opts), { name: "ConflictException" });
  assert.deepEqual(exists.calls, ["create:exists", "find"]);
  const denied = script(["denied"]);
  await assert.rejects(createOnce(denied.opts), { name: "AccessDeniedException" });
  assert.deepEqual(denied.calls, ["create:denied"]);
});

test("a delete answered 'not found' is done; other errors are not", async () => {
  await deleteOnce(async () => {
    throw awsError("ResourceNotFoundException", 400);
  });
  await assert.rejects(
    deleteOnce(async () => {
      throw awsError("AccessDeniedException", 400);
    }),
    { name: "AccessDeniedException" },
  );
});
