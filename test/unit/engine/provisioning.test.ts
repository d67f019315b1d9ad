import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { plan } from "../../../src/engine/plan.ts";
import { actual, arn, DEV, desired, PROD, STAGING, spec, summary } from "./fixtures.ts";

describe("plan: provisioning", () => {
  const managed = { arn: arn("core"), name: "core", spec: spec("core") };

  it("stale roles of an unchanged managed set → provisioning update", () => {
    const p = plan(
      desired({ permissionSets: [spec("core")] }),
      actual({ permissionSets: [managed], staleProvisioning: { core: [PROD, DEV, DEV] } }),
      { prune: false },
    );
    assert.deepEqual(p.changes, [
      {
        kind: "provisioning",
        action: "update",
        address: 'provisioning["core"]',
        broadensAccess: false,
        reason: "roles in 2 accounts are not the latest version",
        permissionSet: "core",
        arn: arn("core"),
        accounts: [DEV, PROD],
      },
    ]);
  });

  it("no stale accounts → nothing", () => {
    const p = plan(
      desired({ permissionSets: [spec("core")] }),
      actual({ permissionSets: [managed], staleProvisioning: { core: [] } }),
      {
        prune: false,
      },
    );
    assert.deepEqual(p.changes, []);
  });

  it("an update already re-provisions: no separate provisioning change", () => {
    const p = plan(
      desired({ permissionSets: [spec("core", { description: "new" })] }),
      actual({
        permissionSets: [managed],
        staleProvisioning: { core: [STAGING] },
        provisionedAccounts: { core: [DEV, STAGING] },
      }),
      { prune: false },
    );
    assert.deepEqual(summary(p.changes), ['update permission_set["core"]']);
  });

  it("stale roles of an unmanaged permission set are not touched", () => {
    const p = plan(desired(), actual({ permissionSets: [managed], staleProvisioning: { core: [DEV] } }), {
      prune: true,
    });
    assert.deepEqual(p.changes, []);
  });
});

describe("plan: names that are also Object.prototype keys", () => {
  for (const name of ["constructor", "toString", "__proto__"]) {
    it(`a permission set named ${name} has no stale roles or provisioned accounts by accident`, () => {
      const p = plan(
        desired({ permissionSets: [spec(name, { description: "new" })] }),
        actual({ permissionSets: [{ arn: arn("x"), name, spec: spec(name) }] }),
        { prune: false },
      );
      assert.deepEqual(summary(p.changes), [`update permission_set["${name}"]`]);
      assert.deepEqual((p.changes[0] as { reprovisionAccounts: string[] }).reprovisionAccounts, []);
      const unchanged = plan(
        desired({ permissionSets: [spec(name)] }),
        actual({ permissionSets: [{ arn: arn("x"), name, spec: spec(name) }] }),
        { prune: false },
      );
      assert.deepEqual(unchanged.changes, []);
    });
  }
});
