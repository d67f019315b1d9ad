/**
 * Account ids in keyless.yaml are checked: `validate` warns on the placeholders `init --offline` writes
 * (offline, no AWS call), and `plan` / `apply` report an id that is not an active member of the
 * organization as a problem (exit 1, nothing written), naming the account.
 */
import assert from "node:assert/strict";
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

describe("account ids", () => {
  test("validate warns on init --offline's placeholder ids, without calling AWS", async () => {
    const init = await w.keyless(["init", "--offline", "-c", "starter.yaml"]);
    assert.equal(init.code, 0, init.stderr);
    const r = await w.keyless(["validate", "-c", "starter.yaml"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /Warning: .*starter\.yaml:\d+:\d+: accounts\.dev: account id 111111111111 is a placeholder written by `keyless init --offline`; replace it/,
    );
    assert.match(r.stderr, /accounts\.staging: account id 222222222222 is a placeholder/);
    assert.deepEqual(w.calls(), []);
  });

  test("plan: an id that is not in the organization is a problem (exit 1); apply refuses and writes nothing", async () => {
    await w.writeConfig(w.config().replace(`prod: "${w.org.accounts.prod}"`, 'prod: "999988887777"'));
    const plan = await w.keyless(["plan", "--detailed-exitcode"]);
    assert.equal(plan.code, 1, plan.stdout + plan.stderr);
    assert.match(
      plan.stdout + plan.stderr,
      /account prod \(999988887777\) is not a member of the organization; correct its id under accounts in keyless\.yaml, or remove it/,
    );
    const apply = await w.keyless(["apply", "--auto-approve"]);
    assert.equal(apply.code, 1, apply.stdout + apply.stderr);
    assert.match(apply.stdout + apply.stderr, /account prod \(999988887777\) is not a member/);
    assert.deepEqual(w.writeCalls(), []);
  });

  test("plan: the organization's real ids pass (the management account included)", async () => {
    await w.writeConfig(w.config().replace("accounts:\n", 'accounts:\n  management: "123456789012"\n'));
    const r = await w.keyless(["plan", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).problems ?? [], []);
  });
});
