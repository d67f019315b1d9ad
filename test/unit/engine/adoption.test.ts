/**
 * Adopting permission sets keyless did not create, and tag-only changes: neither may re-provision the
 * roles in the member accounts (tags are not part of the role), and the ownership tag alone is not
 * drift (ownership is declared by the file).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MANAGED_BY_TAG } from "../../../src/config/patterns.ts";
import { OWNERSHIP_TAG_KEY } from "../../../src/engine/permission-set-compare.ts";
import { plan } from "../../../src/engine/plan.ts";
import type { PermissionSetChange } from "../../../src/engine/plan-types.ts";
import { actual, arn, DEV, desired, PROD, spec, summary } from "./fixtures.ts";

/** What the config loader makes of a set in the file: its own tags plus managed-by: keyless. */
const OWNED = { [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value };

function planOne(wantTags: Record<string, string>, haveTags: Record<string, string>, stale: string[] = []) {
  const names = Array.from({ length: 40 }, (_, i) => `set-${String(i).padStart(2, "0")}`);
  return plan(
    desired({ permissionSets: names.map((n) => spec(n, { tags: { ...wantTags, ...OWNED } })) }),
    actual({
      permissionSets: names.map((n) => ({ arn: arn(n), name: n, spec: spec(n, { tags: haveTags }) })),
      provisionedAccounts: Object.fromEntries(names.map((n) => [n, [DEV, PROD]])),
      staleProvisioning: stale.length > 0 ? { "set-00": stale } : {},
    }),
    { prune: false },
  );
}

describe("plan: adopting permission sets", () => {
  it("the engine's ownership tag key is the one the config loader adds", () => {
    assert.equal(OWNERSHIP_TAG_KEY, MANAGED_BY_TAG.key);
  });

  it("40 sets without the managed-by tag, otherwise equal: no change at all", () => {
    const p = planOne({ team: "platform" }, { team: "platform" });
    assert.deepEqual(p.changes, []);
    assert.deepEqual(p.problems, []);
  });

  it("a managed-by tag with another value is not drift either", () => {
    assert.deepEqual(planOne({}, { [MANAGED_BY_TAG.key]: "terraform" }).changes, []);
  });

  it("a tag-only change updates the tags and re-provisions nothing", () => {
    const p = planOne({ team: "new" }, { team: "old" });
    assert.equal(p.changes.length, 40);
    for (const c of p.changes as PermissionSetChange[]) {
      assert.deepEqual(c.changedFields, ["tags"]);
      assert.deepEqual(c.reprovisionAccounts, []);
      // The ownership tag is written along with the user's tags, as information.
      assert.deepEqual(c.after?.tags, { team: "new", ...OWNED });
    }
  });

  it("a tag-only update leaves stale roles to their own provisioning change", () => {
    const p = planOne({ team: "new" }, { team: "old" }, [DEV]);
    assert.ok(summary(p.changes).includes('update provisioning["set-00"]'));
  });

  it("a change to the role (here the session) still re-provisions every provisioned account", () => {
    const p = plan(
      desired({ permissionSets: [spec("core", { sessionDuration: "PT8H", tags: { team: "x", ...OWNED } })] }),
      actual({
        permissionSets: [{ arn: arn("core"), name: "core", spec: spec("core", { tags: { team: "y" } }) }],
        provisionedAccounts: { core: [DEV, PROD] },
        staleProvisioning: { core: [DEV] },
      }),
      { prune: false },
    );
    assert.deepEqual(summary(p.changes), ['update permission_set["core"]']);
    const c = p.changes[0] as PermissionSetChange;
    assert.deepEqual(c.changedFields, ["sessionDuration", "tags"]);
    assert.deepEqual(c.reprovisionAccounts, [DEV, PROD]);
  });
});
