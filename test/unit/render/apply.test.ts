import assert from "node:assert/strict";
import { test } from "node:test";
import type { ApplyEvent } from "../../../src/apply/events.ts";
import { renderApplyEvent, renderApplySummary } from "../../../src/render/apply.ts";

const plain = { color: false };
const A = 'assignment["group:platform-engineers", "terraform-core", "111111111111"]';

test("a run of events renders Terraform-like lines", () => {
  const events: ApplyEvent[] = [
    { type: "start", total: 3 },
    { type: "change-start", address: 'user["dave"]', action: "create" },
    { type: "change-done", address: 'user["dave"]', action: "create", durationMs: 1600 },
    { type: "change-start", address: 'permission_set["core"]', action: "update" },
    {
      type: "change-progress",
      address: 'permission_set["core"]',
      message: "provisioning IN_PROGRESS (poll 3)",
    },
    { type: "change-done", address: 'permission_set["core"]', action: "update", durationMs: 65_400 },
    { type: "change-start", address: 'group["old"]', action: "delete" },
    { type: "change-done", address: 'group["old"]', action: "delete", durationMs: 20 },
    { type: "done", summary: { done: 3, failed: 0, skipped: 0 } },
  ];
  const lines = events.map((e) => renderApplyEvent(e, plain)).filter((l) => l !== null);
  assert.equal(
    lines.join("\n"),
    `Applying 3 changes.
user["dave"]: Creating...
user["dave"]: Creation complete after 2s
permission_set["core"]: Modifying...
permission_set["core"]: provisioning IN_PROGRESS (poll 3)
permission_set["core"]: Modifications complete after 1m5s
group["old"]: Destroying...
group["old"]: Destruction complete after 0s`,
  );
  assert.equal(renderApplyEvent({ type: "done", summary: { done: 3, failed: 0, skipped: 0 } }, plain), null);
});

test("a failure shows its message and hint; a skip its reason", () => {
  assert.equal(
    renderApplyEvent(
      {
        type: "change-failed",
        address: A,
        action: "create",
        error: {
          message: "AccessDeniedException: not authorized",
          hint: "Use a role with sso:CreateAccountAssignment.",
        },
      },
      plain,
    ),
    `${A}: FAILED: AccessDeniedException: not authorized\n  hint: Use a role with sso:CreateAccountAssignment.`,
  );
  assert.equal(
    renderApplyEvent(
      { type: "change-failed", address: A, action: "delete", error: { message: "boom" } },
      plain,
    ),
    `${A}: FAILED: boom`,
  );
  assert.equal(
    renderApplyEvent(
      { type: "change-skipped", address: A, reason: 'depends on group["x"], which failed' },
      plain,
    ),
    `${A}: Skipped: depends on group["x"], which failed`,
  );
  assert.equal(renderApplyEvent({ type: "start", total: 1 }, plain), "Applying 1 change.");
});

test("apply summary: complete with resource counts", () => {
  const results = [
    { action: "create" as const, status: "done" as const },
    { action: "create" as const, status: "done" as const },
    { action: "create" as const, status: "done" as const },
    { action: "update" as const, status: "done" as const },
  ];
  assert.equal(
    renderApplySummary({ done: 4, failed: 0, skipped: 0 }, { color: false, results }),
    "Apply complete! Resources: 3 added, 1 changed, 0 destroyed.",
  );
  assert.equal(
    renderApplySummary({ done: 4, failed: 0, skipped: 0 }, plain),
    "Apply complete! 4 changes applied.",
  );
});

test("apply summary: failed", () => {
  assert.equal(
    renderApplySummary({ done: 5, failed: 2, skipped: 3 }, plain),
    "Apply failed: 2 of 10 changes failed, 3 skipped. Run keyless apply again after fixing the cause; it converges.",
  );
  assert.equal(
    renderApplySummary({ done: 0, failed: 1, skipped: 0 }, plain),
    "Apply failed: 1 of 1 change failed, 0 skipped. Run keyless apply again after fixing the cause; it converges.",
  );
});

test("apply output is coloured only when asked", () => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes.
  const ansi = /\u001b\[\d+m/;
  const e: ApplyEvent = {
    type: "change-failed",
    address: A,
    action: "create",
    error: { message: "x", hint: "y" },
  };
  assert.match(renderApplyEvent(e, { color: true }) ?? "", ansi);
  assert.doesNotMatch(renderApplyEvent(e, plain) ?? "", ansi);
  assert.match(renderApplySummary({ done: 1, failed: 0, skipped: 0 }, { color: true }), ansi);
});
