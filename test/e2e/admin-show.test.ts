/**
 * `keyless show PLANFILE` as a reviewer runs it: a saved plan printed exactly as `plan` printed it (or
 * as `plan --json` does), with no AWS access at all: the child gets no credentials and no endpoint.
 */
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { runKeyless } from "../helpers/spawn-cli.ts";
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
});

/** keyless with only HOME: no credentials, no region, no endpoint. */
const offline = (args: string[]) => runKeyless(args, { cwd: w.dirs.work, env: { HOME: w.dirs.home } });

describe("show", () => {
  test("prints a saved plan as plan printed it, without AWS", async () => {
    const planned = await w.keyless(["plan", "-out", "keyless.plan"]);
    assert.equal(planned.code, 0, planned.stderr);
    w.proxy.clearCalls();
    const r = await offline(["show", "keyless.plan"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, planned.stdout);
    assert.match(
      r.stderr,
      /^Saved plan keyless\.plan, not checked against AWS now: keyless apply keyless\.plan re-reads AWS/,
    );
    assert.deepEqual(w.calls(), []);
  });

  test("--json is the JSON plan --json prints", async () => {
    assert.equal((await w.keyless(["plan", "-out", "keyless.plan"])).code, 0);
    const json = await w.keyless(["plan", "--json"]);
    const r = await offline(["show", "--json", "keyless.plan"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    // `read` says how plan read AWS at the time; a saved plan is shown without reading AWS, so show has none.
    const { read, ...planned } = JSON.parse(json.stdout);
    assert.equal(typeof read?.strategy, "string");
    assert.deepEqual(JSON.parse(r.stdout), planned);
  });

  test("a targeted plan shows its targets", async () => {
    assert.equal((await w.keyless(["plan", "-target", "membership", "-out", "t.plan"])).code, 0);
    const r = await offline(["show", "t.plan"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Warning: -target is in effect: this plan holds only the changes of membership/);
    assert.deepEqual(JSON.parse((await offline(["show", "t.plan", "--json"])).stdout).targets, [
      "membership",
    ]);
  });
});

describe("show refuses what is not a saved plan (64), naming the file", () => {
  test("a missing file, plan --json output, an edited snapshot, no argument", async () => {
    const missing = await offline(["show", "nope.plan"]);
    assert.equal(missing.code, 64, missing.stderr);
    assert.match(missing.stderr, /cannot read plan file .*nope\.plan: ENOENT/);

    await writeFile(join(w.dirs.work, "plan.json"), (await w.keyless(["plan", "--json"])).stdout);
    const json = await offline(["show", "plan.json"]);
    assert.equal(json.code, 64, json.stderr);
    assert.match(
      json.stderr,
      /it is the output of `keyless plan --json`, which is for reading, not for apply/,
    );

    assert.equal((await w.keyless(["plan", "-out", "keyless.plan"])).code, 0);
    const path = join(w.dirs.work, "keyless.plan");
    const file = JSON.parse(await readFile(path, "utf8"));
    file.desired.permissionSets[0].sessionDuration = "PT48H";
    await writeFile(path, JSON.stringify(file));
    const edited = await offline(["show", "keyless.plan"]);
    assert.equal(edited.code, 64, edited.stderr);
    assert.match(edited.stderr, /keyless\.plan was edited/);
    assert.equal(edited.stdout, "");

    const none = await offline(["show"]);
    assert.equal(none.code, 64);
    assert.match(none.stderr, /missing required argument 'planfile'/);
  });

  test("--help has examples", async () => {
    const r = await offline(["show", "--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Examples:\n {2}keyless show keyless\.plan/);
  });
});
