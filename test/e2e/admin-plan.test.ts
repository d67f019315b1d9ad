/**
 * `keyless plan` as a platform engineer and CI run it: the built CLI as a child process against the
 * emulator. Plan never writes to AWS; bad input is refused before AWS is read at all.
 */
import assert from "node:assert/strict";
import { mkdir, readFile, stat } from "node:fs/promises";
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
});

describe("plan", () => {
  test("shows every change on stdout, progress on stderr, and writes nothing", async () => {
    const r = await w.keyless(["plan"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^keyless plan for arn:aws:sso:::instance\/ssoins-/);
    assert.match(r.stdout, /\+ user\["dave"\]/);
    assert.match(
      r.stdout,
      new RegExp(`\\+ assignment\\["group:platform-engineers", "terraform-core", "${w.org.accounts.dev}"\\]`),
    );
    assert.match(r.stdout, /Plan: 6 to add, 0 to change, 0 to delete \(4 broaden access\)\./);
    assert.match(r.stderr, /^Reading users, groups, permission sets/);
    assert.ok(w.calls().length > 0);
    assert.deepEqual(w.writeCalls(), []);
  });

  test("--detailed-exitcode: 2 while changes are pending, 0 once applied", async () => {
    const pending = await w.keyless(["plan", "--detailed-exitcode"]);
    assert.equal(pending.code, 2, pending.stderr);
    assert.equal((await w.keyless(["apply", "--auto-approve"])).code, 0);
    const clean = await w.keyless(["plan", "--detailed-exitcode"]);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /No changes/);
  });

  test("--json prints one JSON document and nothing else", async () => {
    const r = await w.keyless(["plan", "--json", "--detailed-exitcode"]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, "");
    const plan = JSON.parse(r.stdout);
    assert.equal(plan.format_version, "1");
    assert.deepEqual(plan.summary, { add: 6, change: 0, delete: 0, broadens_access: 4, prune_candidates: 0 });
    assert.deepEqual(
      plan.changes.map((c: { action: string; address: string }) => `${c.action} ${c.address}`).slice(0, 4),
      [
        'create user["dave"]',
        'create group["platform-engineers"]',
        'create membership["platform-engineers", "dave"]',
        'create permission_set["terraform-core"]',
      ],
    );
    assert.deepEqual(w.writeCalls(), []);
  });

  test("-out FILE saves the plan (0600) for apply FILE; -out=FILE too", async () => {
    const r = await w.keyless(["plan", "-out", "keyless.plan"]);
    assert.equal(r.code, 0, r.stderr);
    const path = join(w.dirs.work, "keyless.plan");
    assert.match(
      r.stderr,
      new RegExp(`Saved the plan to ${path}\\. Apply exactly this plan with: keyless apply keyless\\.plan`),
    );
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    const saved = JSON.parse(await readFile(path, "utf8"));
    assert.equal(saved.keyless_plan, 1);
    assert.equal(saved.plan.changes.length, 6);
    assert.equal(saved.desired.identityCenter.region, "eu-central-1");

    const eq = await w.keyless(["plan", "-out=other.plan", "--json"]);
    assert.equal(eq.code, 0, eq.stderr);
    assert.equal(JSON.parse(await readFile(join(w.dirs.work, "other.plan"), "utf8")).keyless_plan, 1);
    assert.deepEqual(w.writeCalls(), []);
  });
});

describe("plan refuses bad input before reading AWS", () => {
  test("-out naming a directory (64), and the directory is left alone", async () => {
    await mkdir(join(w.dirs.work, "plans"));
    for (const out of ["plans", "plans/"]) {
      const r = await w.keyless(["plan", "-out", out]);
      assert.equal(r.code, 64, r.stderr);
      assert.match(r.stderr, new RegExp(`^Error: cannot save the plan to ${out}: `));
      assert.match(r.stderr, /Hint: Give a file name, e.g. -out plans\/keyless\.plan/);
    }
    assert.ok((await stat(join(w.dirs.work, "plans"))).isDirectory());
    assert.deepEqual(w.calls(), []);
  });

  test("-out in a directory that does not exist (64)", async () => {
    const r = await w.keyless(["plan", "--out", "missing/keyless.plan"]);
    assert.equal(r.code, 64, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(
        `cannot save the plan to missing/keyless\\.plan: its directory ${join(w.dirs.work, "missing")} does not exist`,
      ),
    );
    assert.deepEqual(w.calls(), []);
  });

  test("an invalid keyless.yaml: 65 with file:line:column, for plan and apply alike", async () => {
    await w.writeConfig(w.config().replace("sessionDuration: PT8H", "sessionDuration: PT13H"));
    for (const args of [
      ["plan"],
      ["plan", "--json"],
      ["apply", "--auto-approve"],
      ["plan", "-out", "x.plan"],
    ]) {
      const r = await w.keyless(args);
      assert.equal(r.code, 65, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, /keyless\.yaml:\d+:\d+: permissionSets\.terraform-core\.sessionDuration/);
    }
    await assert.rejects(stat(join(w.dirs.work, "x.plan")));
    assert.deepEqual(w.calls(), []);
  });
});
