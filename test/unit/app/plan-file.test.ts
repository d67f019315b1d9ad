/** Saved plan files: where `plan -out` may write, and the checks on the Desired a plan file carries. */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { checkPlanOutPath, parseSavedPlan } from "../../../src/app/plan-file.ts";
import { EXIT, KeylessError } from "../../../src/errors/keyless-error.ts";
import { serializePlanFile } from "../../../src/render/plan-file.ts";
import { load } from "../config/helpers.ts";
import { emptyPlan } from "../render/fixtures.ts";

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "keyless-plan-file-"));
  await writeFile(join(dir, "old.plan"), "{}");
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function outRefusal(given: string): Promise<KeylessError> {
  const path = given.startsWith("/") ? given : join(dir, given);
  try {
    await checkPlanOutPath(path, given);
  } catch (err) {
    assert.ok(err instanceof KeylessError, String(err));
    assert.equal(err.exitCode, EXIT.USAGE);
    assert.ok(err.message.startsWith(`cannot save the plan to ${given}: `), err.message);
    return err;
  }
  assert.fail(`-out ${given} was accepted`);
}

describe("checkPlanOutPath", () => {
  test("a new file in an existing directory, or an existing plan file, is fine", async () => {
    await checkPlanOutPath(join(dir, "new.plan"), "new.plan");
    await checkPlanOutPath(join(dir, "old.plan"), "old.plan");
  });

  test("a directory is refused with a file name to use instead", async () => {
    const err = await outRefusal(dir);
    assert.match(err.message, /is a directory$/);
    assert.equal(err.hint, `Give a file name, e.g. -out ${dir}/keyless.plan`);
    assert.match((await outRefusal("plans/")).message, /plans\/ names a directory$/);
  });

  test("a path whose directory does not exist, or is a file, is refused", async () => {
    const missing = await outRefusal("no/such/dir/keyless.plan");
    assert.match(missing.message, /its directory .*no\/such\/dir does not exist$/);
    assert.match(missing.hint ?? "", /Create the directory first/);
    assert.match((await outRefusal("old.plan/keyless.plan")).message, /old\.plan is not a directory$/);
  });
});

const CONFIG = `version: 1
identityCenter:
  region: eu-central-1
groups:
  ops: { description: Operations }
permissionSets:
  readonly:
    sessionDuration: PT2H
    managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]
`;

function planFile(edit: (desired: Record<string, unknown>) => void = () => {}): string {
  const desired = JSON.parse(JSON.stringify(load(CONFIG).desired)) as Record<string, unknown>;
  edit(desired);
  return serializePlanFile(emptyPlan(), { desired });
}

describe("parseSavedPlan", () => {
  test("returns the plan and the Desired of an unedited file", () => {
    const saved = parseSavedPlan(planFile(), "keyless.plan");
    assert.deepEqual(saved.desired, load(CONFIG).desired);
    assert.deepEqual(saved.plan, emptyPlan());
  });

  test("an edited Desired that fails validation is refused, naming the problem", () => {
    const text = planFile((d) => {
      const sets = d.permissionSets as { sessionDuration: string }[];
      sets[0]!.sessionDuration = "PT24H";
    });
    try {
      parseSavedPlan(text, "keyless.plan");
      assert.fail("accepted");
    } catch (err) {
      assert.ok(err instanceof KeylessError, String(err));
      assert.equal(err.exitCode, EXIT.USAGE);
      assert.match(
        err.message,
        /^keyless\.plan was edited: its keyless\.yaml snapshot \("desired"\) is not a valid/,
      );
      assert.deepEqual(
        err.details.map((d) => d.split(":")[0]),
        ["permissionSets.readonly.sessionDuration"],
      );
      assert.match(err.hint ?? "", /keyless plan -out FILE/);
    }
  });

  test("a missing Desired is refused", () => {
    assert.throws(
      () => parseSavedPlan(serializePlanFile(emptyPlan()), "keyless.plan"),
      /snapshot is missing or damaged/,
    );
  });
});
