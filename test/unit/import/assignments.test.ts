/** Compact assignment rules: one per principal and target list, OU targets where they fit exactly. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PrincipalRef } from "../../../src/engine/model.ts";
import { compactAssignments, ouClosure, targetableOus } from "../../../src/import/assignments.ts";
import { targetKey, uniqueNames } from "../../../src/import/names.ts";
import type { Organization } from "../../../src/import/snapshot.ts";

// root: shared; workloads: { dev: [d1, d2], prod: [p1, p2, p3(suspended)] }; solo: [s1]
const ORG: Organization = {
  rootId: "r-root",
  units: [
    { id: "ou-w", name: "workloads", parentId: "r-root" },
    { id: "ou-d", name: "dev", parentId: "ou-w" },
    { id: "ou-p", name: "prod", parentId: "ou-w" },
    { id: "ou-s", name: "solo", parentId: "r-root" },
  ],
  accounts: [
    { id: "d1", name: "d1", status: "ACTIVE", parentId: "ou-d" },
    { id: "d2", name: "d2", status: "ACTIVE", parentId: "ou-d" },
    { id: "p1", name: "p1", status: "ACTIVE", parentId: "ou-p" },
    { id: "p2", name: "p2", status: "ACTIVE", parentId: "ou-p" },
    { id: "p3", name: "p3", status: "SUSPENDED", parentId: "ou-p" },
    { id: "s1", name: "s1", status: "ACTIVE", parentId: "ou-s" },
    { id: "sh", name: "shared", status: "ACTIVE", parentId: "r-root" },
  ],
};
const closure = ouClosure(ORG);
const targeting = {
  accountNames: new Map(ORG.accounts.map((a) => [a.id, a.name])),
  ouNames: new Map(targetableOus(closure).map((id) => [id, ORG.units.find((u) => u.id === id)!.name])),
  ouAccounts: closure,
};
const group: PrincipalRef = { type: "GROUP", name: "platform" };
const user: PrincipalRef = { type: "USER", name: "alice" };
const grants = (principal: PrincipalRef, permissionSet: string, accounts: string[]) =>
  accounts.map((accountId) => ({ principal, permissionSet, accountId }));

describe("import: OU closure", () => {
  it("nested OUs count, suspended accounts do not, the root is left out", () => {
    assert.deepEqual(closure, {
      "ou-w": ["d1", "d2", "p1", "p2"],
      "ou-d": ["d1", "d2"],
      "ou-p": ["p1", "p2"],
      "ou-s": ["s1"],
    });
    assert.deepEqual(targetableOus(closure), ["ou-d", "ou-p", "ou-w"], "an OU of one account is no target");
  });
});

describe("import: compact assignment rules", () => {
  it("exactly an OU's accounts → the OU; the largest OU that fits wins over its nested ones", () => {
    assert.deepEqual(compactAssignments(grants(group, "core", ["d1", "d2", "p1", "p2"]), targeting), [
      { principals: ["group:platform"], permissionSets: ["core"], targets: ["ou:workloads"] },
    ]);
  });

  it("an OU plus other accounts; part of an OU stays accounts", () => {
    assert.deepEqual(compactAssignments(grants(group, "core", ["sh", "p1", "d2", "d1"]), targeting), [
      {
        principals: ["group:platform"],
        permissionSets: ["core"],
        targets: ["ou:dev", "account:p1", "account:shared"],
      },
    ]);
    assert.deepEqual(compactAssignments(grants(group, "core", ["p1"]), targeting)[0]?.targets, [
      "account:p1",
    ]);
  });

  it("permission sets on the same targets share a rule; groups come before users", () => {
    const rules = compactAssignments(
      [
        ...grants(user, "b", ["sh"]),
        ...grants(group, "z", ["d1", "d2"]),
        ...grants(group, "a", ["d1", "d2"]),
        ...grants(group, "m", ["sh"]),
      ],
      targeting,
    );
    assert.deepEqual(rules, [
      { principals: ["group:platform"], permissionSets: ["a", "z"], targets: ["ou:dev"] },
      { principals: ["group:platform"], permissionSets: ["m"], targets: ["account:shared"] },
      { principals: ["user:alice"], permissionSets: ["b"], targets: ["account:shared"] },
    ]);
  });

  it("without OU targets (--no-ou-targets: no OUs known) every account is listed", () => {
    const rules = compactAssignments(grants(group, "core", ["d1", "d2"]), {
      ...targeting,
      ouNames: new Map(),
    });
    assert.deepEqual(rules[0]?.targets, ["account:d1", "account:d2"]);
  });
});

describe("import: names of accounts and OUs", () => {
  it("Organizations names become target names", () => {
    assert.equal(targetKey("Prod Workloads"), "Prod-Workloads");
    assert.equal(targetKey("Ünïcode café"), "Unicode-cafe");
    assert.equal(targetKey("  --x"), "x");
    assert.equal(targetKey("???"), undefined);
    assert.equal(targetKey("a".repeat(80))?.length, 64);
  });

  it("unique, with -2 for a repeated name, the id for an unusable one, and the file's names kept", () => {
    const names = uniqueNames(
      [
        { id: "1", name: "prod" },
        { id: "2", name: "prod" },
        { id: "3", name: "???" },
        { id: "4", name: "dev" },
        { id: "5", name: "taken" },
      ],
      "account",
      new Set(["taken", "mine"]),
      new Map([["4", "mine"]]),
    );
    assert.deepEqual(
      [...names.entries()],
      [
        ["1", "prod"],
        ["2", "prod-2"],
        ["3", "account-3"],
        ["4", "mine"],
        ["5", "taken-2"],
      ],
    );
  });
});
