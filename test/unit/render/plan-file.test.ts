import assert from "node:assert/strict";
import { test } from "node:test";
import { KeylessError } from "../../../src/errors/keyless-error.ts";
import { parsePlanFile, serializePlanFile } from "../../../src/render/plan-file.ts";
import { planToJson } from "../../../src/render/plan-json.ts";
import { emptyPlan, mixedChanges } from "./fixtures.ts";

const HINT =
  "Create a plan file with `keyless plan -out FILE`, or run `keyless apply` without a file to plan afresh.";

function refusal(text: string): KeylessError {
  try {
    parsePlanFile(text, "plan.json");
  } catch (err) {
    assert.ok(err instanceof KeylessError, String(err));
    assert.equal(err.code, "PLAN_INVALID");
    return err;
  }
  assert.fail("parsePlanFile accepted a bad plan file");
}

test("a saved plan round-trips exactly", () => {
  const plan = emptyPlan({
    changes: mixedChanges(),
    pruneCandidates: mixedChanges().slice(-2),
    problems: ["a problem"],
    notes: ["a note"],
    unmanaged: { users: 1, groups: 0, permissionSets: 2, assignments: 0 },
    ids: { users: { dave: "u-1" }, groups: { ops: "g-1" }, permissionSets: { core: "arn:ps" } },
  });
  const text = serializePlanFile(plan);
  assert.ok(text.startsWith('{\n  "keyless_plan": 1,\n  "plan": {'), text.slice(0, 40));
  assert.ok(text.endsWith("}\n"));
  assert.deepEqual(parsePlanFile(text, "plan.json"), plan);
});

test("extra top-level keys (e.g. the Desired snapshot) are kept out of the Plan but allowed", () => {
  const plan = emptyPlan();
  const text = serializePlanFile(plan, { desired: { identityCenter: { region: "eu-central-1" } } });
  assert.deepEqual(JSON.parse(text).desired, { identityCenter: { region: "eu-central-1" } });
  assert.deepEqual(parsePlanFile(text, "plan.json"), plan);
});

test("a plan saved without problems reads back with none", () => {
  const plan = emptyPlan();
  delete (plan as { problems?: string[] }).problems;
  const parsed = parsePlanFile(serializePlanFile(plan), "plan.json") as { problems?: string[] };
  assert.deepEqual(parsed.problems, []);
});

test("an empty file", () => {
  const err = refusal("  \n");
  assert.equal(err.message, "plan.json is not a keyless plan file: it is empty.");
  assert.equal(err.hint, HINT);
});

test("a truncated file", () => {
  const text = serializePlanFile(emptyPlan({ changes: mixedChanges() }));
  const err = refusal(text.slice(0, Math.floor(text.length / 2)));
  assert.equal(
    err.message,
    "plan.json is not a keyless plan file: it is not valid JSON (truncated or edited?).",
  );
  assert.equal(err.hint, HINT);
});

test("JSON that is not an object", () => {
  assert.equal(
    refusal("[1, 2]").message,
    "plan.json is not a keyless plan file: it holds JSON but not an object.",
  );
  assert.equal(
    refusal('"x"').message,
    "plan.json is not a keyless plan file: it holds JSON but not an object.",
  );
});

test("a foreign JSON file", () => {
  const err = refusal('{"name": "some-package", "version": "1.0.0"}');
  assert.equal(err.message, 'plan.json is not a keyless plan file: it has no "keyless_plan" marker.');
  assert.equal(err.hint, HINT);
});

test("the output of plan --json is recognised and redirected", () => {
  const err = refusal(JSON.stringify(planToJson(emptyPlan())));
  assert.equal(
    err.message,
    "plan.json is not a keyless plan file: it is the output of `keyless plan --json`, which is for reading, not for apply.",
  );
  assert.equal(err.hint, "Save a plan for apply with `keyless plan -out FILE`.");
});

test("another format version", () => {
  const err = refusal(JSON.stringify({ keyless_plan: 2, plan: {} }));
  assert.equal(err.message, "plan.json is not a keyless plan file of format version 1 (it says 2).");
  assert.equal(
    err.hint,
    "Plan files are not portable between keyless versions: run `keyless plan -out FILE` again with this keyless.",
  );
});

test("a damaged plan names each damaged field", () => {
  const body = JSON.parse(serializePlanFile(emptyPlan({ changes: mixedChanges() })));
  delete body.plan.fingerprint;
  body.plan.changes[0].kind = "robot";
  body.plan.changes[8].accountId = 111111111111;
  const err = refusal(JSON.stringify(body));
  assert.equal(err.message, "plan.json is not a valid keyless plan file: the plan in it is damaged.");
  assert.equal(err.hint, HINT);
  assert.deepEqual(err.details, [
    "plan.fingerprint: Invalid input: expected string, received undefined",
    "plan.changes[0].kind: Invalid discriminator value. Expected 'user' | 'group' | 'membership' | 'permission_set' | 'provisioning' | 'assignment' | 'state_bucket' | 'state_bucket_setting' | 'kms_key' | 'lock_table' | 'ci_oidc_provider' | 'ci_role'",
    "plan.changes[8].accountId: Invalid input: expected string, received number",
  ]);
});

test("a change missing what the executor needs is refused", () => {
  const body = JSON.parse(serializePlanFile(emptyPlan({ changes: mixedChanges() })));
  delete body.plan.changes[1].after; // an update of a user without its new values
  delete body.plan.changes[6].before; // an update of a permission set without its old values
  const err = refusal(JSON.stringify(body));
  assert.deepEqual(err.details, [
    "plan.changes[1].after: required for update",
    "plan.changes[6].before: required for update",
  ]);
});

test("more than ten problems are summarised", () => {
  const body = JSON.parse(serializePlanFile(emptyPlan({ changes: mixedChanges() })));
  for (const change of body.plan.changes) change.address = "";
  const err = refusal(JSON.stringify(body));
  assert.equal(err.details.length, 11);
  assert.equal(err.details[10], "... and 4 more");
});

test("a plan section that is missing altogether", () => {
  const err = refusal('{"keyless_plan": 1}');
  assert.equal(err.message, "plan.json is not a valid keyless plan file: the plan in it is damaged.");
  assert.deepEqual(err.details, ["plan: Invalid input: expected object, received undefined"]);
});

test("a targeted plan keeps its targets; a target keyless cannot parse is refused, naming it", () => {
  const plan = emptyPlan({ targets: ['permission_set["core"]'] });
  assert.deepEqual(parsePlanFile(serializePlanFile(plan), "plan.json"), plan);
  const err = refusal(serializePlanFile(emptyPlan({ targets: ["permission-set[core]"] })));
  assert.match(
    err.details.join("\n"),
    /plan\.targets\[0\]: target "permission-set\[core\]": it is not an address/,
  );
});
