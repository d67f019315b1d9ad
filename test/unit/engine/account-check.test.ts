/** plan(): every account the file names must be an active member of the organization. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { plan } from "../../../src/engine/plan.ts";
import { actual, DEV, desired, PROD, STAGING } from "./fixtures.ts";

describe("plan: account ids are checked against the organization", () => {
  it("an id that is not a member, and one that is suspended, are problems naming the account", () => {
    const p = plan(
      desired({ accounts: { dev: DEV, staging: STAGING, prod: PROD } }),
      actual({ organizationAccounts: { [DEV]: "ACTIVE", [STAGING]: "SUSPENDED" } }),
      { prune: false },
    );
    assert.deepEqual(p.problems, [
      `account staging (${STAGING}) is SUSPENDED in the organization, not ACTIVE; it cannot receive assignments: remove it from accounts in keyless.yaml`,
      `account prod (${PROD}) is not a member of the organization; correct its id under accounts in keyless.yaml, or remove it`,
    ]);
  });

  it("all active → no problem", () => {
    const p = plan(
      desired({ accounts: { dev: DEV } }),
      actual({ organizationAccounts: { [DEV]: "ACTIVE", [PROD]: "ACTIVE" } }),
      { prune: false },
    );
    assert.deepEqual(p.problems, []);
  });

  it("not checked when the organization could not be read", () => {
    const p = plan(desired({ accounts: { dev: DEV } }), actual(), { prune: false });
    assert.deepEqual(p.problems, []);
  });

  it("an id that is also an Object.prototype key does not count as a member", () => {
    const p = plan(desired({ accounts: { odd: "constructor" } }), actual({ organizationAccounts: {} }), {
      prune: false,
    });
    assert.equal(p.problems.length, 1);
  });
});
