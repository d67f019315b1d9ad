import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PermissionSetSpec } from "../../../src/engine/model.ts";
import { plan } from "../../../src/engine/plan.ts";
import type { PermissionSetChange } from "../../../src/engine/plan-types.ts";
import {
  actual,
  arn,
  awsAssignment,
  awsGroup,
  awsUser,
  DEV,
  desired,
  PROD,
  spec,
  summary,
} from "./fixtures.ts";

const POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "*" }],
});

/** Plans one managed permission set against its AWS copy and returns the single update (or undefined). */
function update(want: PermissionSetSpec, have: PermissionSetSpec, provisioned: string[] = []) {
  const p = plan(
    desired({ permissionSets: [want] }),
    actual({
      permissionSets: [{ arn: arn("core"), name: want.name, spec: have }],
      provisionedAccounts: { [want.name]: provisioned },
    }),
    { prune: false },
  );
  assert.deepEqual(p.problems, []);
  assert.ok(p.changes.length <= 1);
  return p.changes[0] as PermissionSetChange | undefined;
}

describe("plan: permission sets", () => {
  it("missing → create, broadens access, carries the desired spec", () => {
    const p = plan(desired({ permissionSets: [spec("core")] }), actual(), { prune: false });
    assert.deepEqual(p.changes, [
      {
        kind: "permission_set",
        action: "create",
        address: 'permission_set["core"]',
        name: "core",
        after: spec("core"),
        broadensAccess: true,
        changedFields: [],
        reprovisionAccounts: [],
      },
    ]);
  });

  it("an empty description or relay state in the file leaves AWS's alone (AWS cannot clear them)", () => {
    const have = spec("core", { description: "set in the console", relayState: "https://x.example/" });
    assert.equal(update(spec("core", { description: "" }), have), undefined);
    // When another field changes, the update carries AWS's values instead of trying to clear them.
    const change = update(spec("core", { description: "", sessionDuration: "PT8H" }), have);
    assert.deepEqual(change?.changedFields, ["sessionDuration"]);
    assert.equal(change?.after?.description, "set in the console");
    assert.equal(change?.after?.relayState, "https://x.example/");
  });

  it("equal → no change", () => {
    assert.equal(
      update(
        spec("core", { inlinePolicy: POLICY, tags: { team: "x" } }),
        spec("core", { inlinePolicy: POLICY, tags: { team: "x" } }),
      ),
      undefined,
    );
  });

  const base = spec("core", {
    sessionDuration: "PT4H",
    inlinePolicy: POLICY,
    managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
    customerManagedPolicies: [{ name: "Extra", path: "/" }],
    permissionsBoundary: { kind: "managed", arn: "arn:aws:iam::aws:policy/PowerUserAccess" },
    tags: { team: "platform" },
  });
  const fieldCases: {
    name: string;
    want: Partial<PermissionSetSpec>;
    fields: string[];
    broadens: boolean;
  }[] = [
    { name: "description", want: { description: "other" }, fields: ["description"], broadens: false },
    {
      name: "relay state",
      want: { relayState: "https://x.example/" },
      fields: ["relayState"],
      broadens: false,
    },
    {
      name: "longer session",
      want: { sessionDuration: "PT8H" },
      fields: ["sessionDuration"],
      broadens: true,
    },
    {
      name: "shorter session",
      want: { sessionDuration: "PT1H" },
      fields: ["sessionDuration"],
      broadens: false,
    },
    {
      name: "same session written differently",
      want: { sessionDuration: "PT240M" },
      fields: [],
      broadens: false,
    },
    {
      name: "managed policy added",
      want: {
        managedPolicies: [
          "arn:aws:iam::aws:policy/AdministratorAccess",
          "arn:aws:iam::aws:policy/ReadOnlyAccess",
        ],
      },
      fields: ["managedPolicies"],
      broadens: true,
    },
    {
      name: "managed policy removed",
      want: { managedPolicies: [] },
      fields: ["managedPolicies"],
      broadens: false,
    },
    {
      name: "customer managed policy added",
      want: {
        customerManagedPolicies: [
          { name: "Extra", path: "/" },
          { name: "More", path: "/team/" },
        ],
      },
      fields: ["customerManagedPolicies"],
      broadens: true,
    },
    {
      name: "customer managed policy path changed",
      want: { customerManagedPolicies: [{ name: "Extra", path: "/team/" }] },
      fields: ["customerManagedPolicies"],
      broadens: true,
    },
    {
      name: "customer managed policy removed",
      want: { customerManagedPolicies: [] },
      fields: ["customerManagedPolicies"],
      broadens: false,
    },
    {
      name: "boundary removed",
      want: { permissionsBoundary: null },
      fields: ["permissionsBoundary"],
      broadens: true,
    },
    {
      name: "boundary changed",
      want: { permissionsBoundary: { kind: "customer", name: "B", path: "/" } },
      fields: ["permissionsBoundary"],
      broadens: true,
    },
    {
      name: "inline policy: same statement written with a string action",
      want: {
        inlinePolicy: JSON.stringify({
          Statement: { Resource: "*", Action: "s3:GetObject", Effect: "Allow" },
          Version: "2012-10-17",
        }),
      },
      fields: [],
      broadens: false,
    },
    {
      name: "inline policy: action added",
      want: {
        inlinePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "*" }],
        }),
      },
      fields: ["inlinePolicy"],
      broadens: true,
    },
    { name: "inline policy removed", want: { inlinePolicy: "" }, fields: ["inlinePolicy"], broadens: false },
    { name: "tag value changed", want: { tags: { team: "other" } }, fields: ["tags"], broadens: false },
    { name: "tag added", want: { tags: { team: "platform", cost: "1" } }, fields: ["tags"], broadens: false },
    {
      name: "tag dropped from the file is not a change (never removed)",
      want: { tags: {} },
      fields: [],
      broadens: false,
    },
    {
      name: "several fields, reported in a fixed order",
      want: { tags: { team: "x" }, description: "d", managedPolicies: [] },
      fields: ["description", "managedPolicies", "tags"],
      broadens: false,
    },
  ];
  for (const c of fieldCases) {
    it(`update field: ${c.name}`, () => {
      const change = update({ ...base, ...c.want }, base);
      if (c.fields.length === 0) {
        assert.equal(change, undefined);
        return;
      }
      assert.ok(change);
      assert.equal(change.action, "update");
      assert.deepEqual(change.changedFields, c.fields);
      assert.equal(change.broadensAccess, c.broadens);
      assert.equal(change.arn, arn("core"));
      assert.deepEqual(change.before, base);
    });
  }

  it("managed policy lists compare as sets (AWS order does not matter)", () => {
    const want = spec("core", { managedPolicies: ["arn:a", "arn:b"] });
    assert.equal(update(want, spec("core", { managedPolicies: ["arn:b", "arn:a"] })), undefined);
  });

  it("a tag on a key the file does not set is ignored and kept in `after`", () => {
    const want = spec("core", { tags: { team: "platform" } });
    assert.equal(
      update(want, spec("core", { tags: { team: "platform", "managed-by": "someone" } })),
      undefined,
    );
    const change = update(
      spec("core", { tags: { team: "new" } }),
      spec("core", { tags: { team: "platform", "managed-by": "someone" } }),
    );
    assert.deepEqual(change?.after?.tags, { team: "new", "managed-by": "someone" });
    assert.deepEqual(change?.changedFields, ["tags"]);
  });

  it("update re-provisions the accounts it is provisioned to, sorted", () => {
    const change = update(spec("core", { description: "new" }), spec("core"), [PROD, DEV, PROD]);
    assert.deepEqual(change?.reprovisionAccounts, [DEV, PROD]);
  });

  it("present without a spec (not read in full) → a problem, not a silent no-op", () => {
    const p = plan(
      desired({ permissionSets: [spec("core")] }),
      actual({ permissionSets: [{ arn: arn("core"), name: "core" }] }),
      {
        prune: false,
      },
    );
    assert.deepEqual(p.changes, []);
    assert.equal(p.problems.length, 1);
    assert.match(p.problems[0] ?? "", /permission set core .* details were not read/);
  });

  describe("permission sets not in the file", () => {
    const prune = {
      permissionSets: ["terraform-*"],
      groups: [],
      assignmentsOfManagedPermissionSets: true,
      enabled: false,
    };
    const a = actual({
      users: [awsUser("dave", "u-dave")],
      groups: [awsGroup("ops", "g-ops")],
      permissionSets: [
        { arn: arn("old"), name: "terraform-old", spec: spec("terraform-old") },
        { arn: arn("foreign"), name: "Foreign" },
      ],
      assignments: [
        awsAssignment("USER", "u-dave", arn("old"), DEV),
        awsAssignment("GROUP", "g-ops", arn("old"), PROD),
        awsAssignment("GROUP", "g-unknown", arn("old"), PROD),
        awsAssignment("GROUP", "g-ops", arn("foreign"), PROD),
      ],
    });
    const expected = [
      'delete assignment["group:g-unknown", "terraform-old", "333333333333"]',
      'delete assignment["group:ops", "terraform-old", "333333333333"]',
      'delete assignment["user:dave", "terraform-old", "111111111111"]',
      'delete permission_set["terraform-old"]',
    ];

    it("in prune scope, prune off → prune candidates (assignments first)", () => {
      const p = plan(desired({ prune }), a, { prune: false });
      assert.deepEqual(p.changes, []);
      assert.deepEqual(summary(p.pruneCandidates), expected);
    });

    it("in prune scope, prune on → changes", () => {
      const p = plan(desired({ prune }), a, { prune: true });
      assert.deepEqual(summary(p.changes), expected);
      const del = p.changes.at(-1) as PermissionSetChange;
      assert.deepEqual([del.arn, del.before?.name], [arn("old"), "terraform-old"]);
    });

    it("outside the prune scope → unmanaged, with its assignments", () => {
      const p = plan(desired({ prune }), a, { prune: true });
      assert.equal(p.unmanaged.permissionSets, 1);
      assert.equal(p.unmanaged.assignments, 1);
    });

    it("without any prune pattern nothing is deleted", () => {
      const p = plan(desired(), a, { prune: true });
      assert.deepEqual(p.changes, []);
      assert.deepEqual(p.pruneCandidates, []);
      assert.equal(p.unmanaged.permissionSets, 2);
      assert.equal(p.unmanaged.assignments, 4);
    });
  });

  it("ids maps permission set names to ARNs", () => {
    const p = plan(desired(), actual({ permissionSets: [{ arn: arn("x"), name: "x" }] }), { prune: false });
    assert.deepEqual(p.ids.permissionSets, { x: arn("x") });
  });
});
