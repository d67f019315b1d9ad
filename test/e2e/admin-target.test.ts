/**
 * `-target ADDRESS` for plan and apply, as a platform engineer types it (Terraform spelling too): the
 * plan holds the targets and what they depend on; a saved targeted plan applies only that, and is
 * refused when its targets were edited. Bad targets are refused before AWS is read.
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
});

const addresses = (stdout: string): string[] =>
  [...stdout.matchAll(/^ {2}[+~-] (\S.*?)(?: {3}.*)?$/gm)].map((m) => m[1] ?? "");

describe("plan -target", () => {
  test("an assignment brings its group and permission set, nothing else; the plan says it is partial", async () => {
    const dev = w.org.accounts.dev;
    const target = `assignment["group:platform-engineers", "terraform-core", "${dev}"]`;
    const r = await w.keyless(["plan", "-target", target, "--detailed-exitcode"]);
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(addresses(r.stdout), [
      'group["platform-engineers"]',
      'permission_set["terraform-core"]',
      target,
    ]);
    assert.match(r.stdout, /Warning: -target is in effect: this plan holds only the changes of assignment/);
    assert.match(r.stdout, /Plan: 3 to add, 0 to change, 0 to delete/);
    const json = JSON.parse((await w.keyless(["plan", "--json", `-target=${target}`])).stdout);
    assert.deepEqual(json.targets, [target]);
    assert.equal(json.changes.length, 3);
    assert.deepEqual(w.writeCalls(), []);
  });

  test("a prefix and a repeated flag: every membership, and the user a membership needs", async () => {
    const r = await w.keyless(["plan", "--target", "membership", "--target", 'user["dave"]']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(addresses(r.stdout), [
      'user["dave"]',
      'group["platform-engineers"]',
      'membership["platform-engineers", "dave"]',
    ]);
  });

  test("a target that matches nothing: no changes, and a warning naming it", async () => {
    const r = await w.keyless(["plan", "-target", 'user["nobody"]', "--detailed-exitcode"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Warning: -target user\["nobody"\] matches no change\./);
    assert.match(r.stdout, /No changes\./);
  });
});

describe("apply -target", () => {
  test("applies only the target and what it needs; the next whole plan has the rest", async () => {
    const r = await w.keyless(["apply", "--auto-approve", "-target", 'group["platform-engineers"]']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(
      w.writeCalls().map((c) => c.split(".")[1]),
      ["CreateGroup"],
    );
    const rest = await w.keyless(["plan"]);
    assert.match(rest.stdout, /Plan: 5 to add, 0 to change, 0 to delete/);
    assert.doesNotMatch(rest.stdout, /\+ group\["platform-engineers"\]/);
  });

  test("a saved targeted plan holds its targets and passes apply's recomputation", async () => {
    const target = 'permission_set["terraform-core"]';
    assert.equal((await w.keyless(["plan", "-target", target, "-out", "keyless.plan"])).code, 0);
    const file = JSON.parse(await readFile(join(w.dirs.work, "keyless.plan"), "utf8"));
    assert.deepEqual(file.plan.targets, [target]);
    const r = await w.keyless(["apply", "keyless.plan"]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Apply complete! Resources: 1 added, 0 changed, 0 destroyed\./);
    // Only the permission set's own calls (create, policies, tags): no user, group or assignment.
    assert.ok(w.writeCalls().some((c) => c.endsWith(".CreatePermissionSet")));
    for (const call of w.writeCalls()) assert.match(call, /PermissionSet|TagResource/, call);
    assert.ok(!w.writeCalls().some((c) => /CreateUser|CreateGroup|CreateAccountAssignment/.test(c)));
  });

  test("a saved targeted plan whose targets were removed is refused (64), nothing written", async () => {
    assert.equal(
      (await w.keyless(["plan", "-target", 'group["platform-engineers"]', "-out", "keyless.plan"])).code,
      0,
    );
    const path = join(w.dirs.work, "keyless.plan");
    const file = JSON.parse(await readFile(path, "utf8"));
    delete file.plan.targets;
    await writeFile(path, JSON.stringify(file));
    w.proxy.clearCalls();
    const r = await w.keyless(["apply", "keyless.plan"]);
    assert.equal(r.code, 64, r.stdout + r.stderr);
    assert.match(r.stderr, /does not match what keyless computes from its own configuration against AWS now/);
    assert.deepEqual(w.writeCalls(), []);
  });
});

describe("bad -target input is refused before AWS is read", () => {
  test("an address keyless cannot read: 64 naming it and the forms, for plan and apply", async () => {
    for (const args of [
      ["plan", "-target", "permission-set[core]"],
      ["plan", '-target=permset["core"]'],
      ["apply", "--auto-approve", "-target", "permission_set[core]"],
    ]) {
      const r = await w.keyless(args);
      assert.equal(r.code, 64, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, /^Error: -target "/);
      assert.match(r.stderr, /Hint: Give an address as the plan prints it/);
    }
    assert.deepEqual(w.calls(), []);
  });

  test("-target with a saved plan: 64, the plan already decided", async () => {
    assert.equal((await w.keyless(["plan", "-out", "keyless.plan"])).code, 0);
    w.proxy.clearCalls();
    const r = await w.keyless(["apply", "keyless.plan", "-target", "membership"]);
    assert.equal(r.code, 64, r.stderr);
    assert.match(r.stderr, /-target cannot be combined with a saved plan/);
    assert.deepEqual(w.calls(), []);
  });
});
