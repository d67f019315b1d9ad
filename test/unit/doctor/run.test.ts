/** The runner: order, isolation (throws, hangs), later checks seeing earlier results, redaction. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { type DoctorCheck, runChecks } from "../../../src/checks/doctor/index.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";
import { fakeDeps } from "./helpers.ts";

const input = { env: { HOME: "/nonexistent-home" }, cwd: "/tmp", deps: fakeDeps() };

const ok: DoctorCheck = { id: "ok", title: "ok", run: async () => ({ status: "pass", message: "fine" }) };

test("a throwing check fails with its message and hint; the next one still runs", async () => {
  const boom: DoctorCheck = {
    id: "boom",
    title: "boom",
    run: async () => {
      throw new KeylessError("USAGE", "it broke\nsecond line", { hint: "do this" });
    },
  };
  const results = await runChecks([boom, ok], input);
  assert.deepEqual(results, [
    {
      id: "boom",
      title: "boom",
      status: "fail",
      message: "the check could not complete: it broke",
      hint: "do this",
    },
    { id: "ok", title: "ok", status: "pass", message: "fine" },
  ]);
});

test("a check that never finishes fails after the timeout; the next one still runs", async () => {
  const hang: DoctorCheck = { id: "hang", title: "hang", run: () => new Promise(() => {}) };
  const results = await runChecks([hang, ok], input, { timeoutMs: 20 });
  assert.equal(results[0]?.status, "fail");
  assert.match(results[0]?.message ?? "", /did not finish within/);
  assert.equal(results[1]?.status, "pass");
});

test("later checks see earlier results; onResult streams them in order", async () => {
  const seen: string[] = [];
  const reader: DoctorCheck = {
    id: "reader",
    title: "reader",
    run: async (ctx) => ({ status: "skip", message: `ok was ${ctx.results.get("ok")?.status}` }),
  };
  const results = await runChecks([ok, reader], input, { onResult: (r) => seen.push(r.id) });
  assert.equal(results[1]?.message, "ok was pass");
  assert.deepEqual(seen, ["ok", "reader"]);
});

test("a key or control character that slips into a message is redacted", async () => {
  // Built at run time so that no key-shaped literal is committed.
  const keyId = ["AKIA", "2E0A8F3B244C9986"].join("");
  const leaky: DoctorCheck = {
    id: "leaky",
    title: "leaky",
    run: async () => ({
      status: "fail",
      message: `${keyId} \u001b[2J`,
      hint: "x-amz-security-token: abcdef",
    }),
  };
  const [r] = await runChecks([leaky], input);
  assert.equal(r?.message, "[redacted-key] \\u001b[2J");
  assert.equal(r?.hint, "x-amz-security-token=[redacted]");
});
