/**
 * Plans a reviewer can read, as the built CLI prints them: who gets what where at the top, a
 * preset-based permission set as its preset and parameters (the JSON with --full), the same in a
 * saved plan shown with `keyless show` and in apply's copy of the plan.
 */
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { type AdminWorld, startAdminWorld } from "./admin-harness.ts";

let w: AdminWorld;

before(async () => {
  w = await startAdminWorld();
});
after(async () => {
  await w?.stop();
});
beforeEach(async () => {
  await w.reset();
  await w.writeConfig(presetConfig());
});

/** The harness's keyless.yaml with terraform-core written as `preset: core` plus an extra statement. */
function presetConfig(): string {
  const text = w.config();
  const start = text.indexOf("    inlinePolicy:");
  const end = text.indexOf("    managedPolicies:");
  return `${text.slice(0, start)}    preset: core
    extraStatements:
      - Sid: ReadParameters
        Effect: Allow
        Action: ssm:GetParameter
        Resource: "arn:aws:ssm:eu-central-1:*:parameter/terraform/*"
${text.slice(end)}catalog:
  allowedRegions: [eu-central-1]
`;
}

const JSON_LINE = /^\s+[{}[\]]|^\s+"[A-Za-z]+": /m;

describe("a first plan", () => {
  test("says who gets what where, and shows the preset, not its JSON", async () => {
    const r = await w.keyless(["plan"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /\n\nWho gets what where:\n {2}group platform-engineers gets terraform-core on dev, prod\n {2}user dave joins group platform-engineers\n\n/,
    );
    assert.match(
      r.stdout,
      /\n {6}inlinePolicy: preset terraform-core, [\d,]+ of 10,240 characters \(--full shows the policy\)\n {10}parameters: allowedRegions=\["eu-central-1"\]\n {10}extraStatements:\n/,
    );
    assert.match(r.stdout, /"Sid": "ReadParameters"/);
    // The rendered preset's own statements are not printed.
    assert.doesNotMatch(r.stdout, /"Sid": "StateReadWrite"/);
  });

  test("--full prints the whole policy", async () => {
    const r = await w.keyless(["plan", "--full"]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /preset terraform-core/);
    assert.match(r.stdout, /"Sid": "StateReadWrite"/);
    assert.ok(r.stdout.split("\n").filter((l) => JSON_LINE.test(l)).length > 50);
  });

  test("show prints a saved plan the same way; a forged preset claim gets the JSON instead", async () => {
    const planned = await w.keyless(["plan", "-out", "keyless.plan"]);
    assert.equal(planned.code, 0, planned.stderr);
    const shown = await w.keyless(["show", "keyless.plan"]);
    assert.equal(shown.stdout, planned.stdout);
    assert.match(shown.stdout, /inlinePolicy: preset terraform-core/);

    const path = join(w.dirs.work, "keyless.plan");
    const file = JSON.parse(await readFile(path, "utf8"));
    assert.deepEqual(file.plan.presets["terraform-core"], {
      preset: "terraform-core",
      params: { allowedRegions: ["eu-central-1"] },
    });
    file.plan.presets["terraform-core"].preset = "terraform-storage";
    await writeFile(path, JSON.stringify(file));
    const forged = await w.keyless(["show", "keyless.plan"]);
    assert.equal(forged.code, 0, forged.stderr);
    assert.doesNotMatch(forged.stdout, /preset terraform-/);
    assert.match(forged.stdout, /"Sid": "StateReadWrite"/);
  });

  test("apply prints the compact plan too", async () => {
    const r = await w.keyless(["apply", "--auto-approve"]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /inlinePolicy: preset terraform-core/);
    assert.doesNotMatch(r.stdout, /"Sid": "StateReadWrite"/);
    assert.match(r.stdout, /Apply complete!/);
  });
});
