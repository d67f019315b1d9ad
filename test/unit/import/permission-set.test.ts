/** How import writes one permission set: preset, preset plus statements, or inline policy. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PermissionSetSpec } from "../../../src/engine/model.ts";
import { permissionSetDocument } from "../../../src/import/permission-set.ts";
import { renderedPresets } from "../../../src/import/presets.ts";

const PRESETS = renderedPresets();
const core = PRESETS[0]!;

function spec(overrides: Partial<PermissionSetSpec> = {}): PermissionSetSpec {
  return {
    name: "x",
    description: "",
    sessionDuration: "PT1H",
    relayState: "",
    inlinePolicy: "",
    managedPolicies: [],
    customerManagedPolicies: [],
    permissionsBoundary: null,
    tags: {},
    ...overrides,
  };
}

describe("import: a permission set as keyless.yaml writes it", () => {
  it("a policy that renders identically from a preset → preset (the full name)", () => {
    const { value, form } = permissionSetDocument(
      spec({ inlinePolicy: JSON.stringify(core.document) }),
      PRESETS,
    );
    assert.equal(form.kind, "preset");
    assert.deepEqual(value, { sessionDuration: "PT1H", preset: "terraform-core" });
  });

  it("the same policy with keys in another order and a one-action string still counts (plan compares alike)", () => {
    const reordered = {
      Statement: core.document.Statement.map((st) =>
        Object.fromEntries(Object.entries(st as object).reverse()),
      ),
      Version: core.document.Version,
    };
    assert.equal(
      permissionSetDocument(spec({ inlinePolicy: JSON.stringify(reordered) }), PRESETS).form.kind,
      "preset",
    );
  });

  it("a preset's statements followed by more → preset + extraStatements", () => {
    const extra = { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::x/*" };
    const doc = { ...core.document, Statement: [...core.document.Statement, extra] };
    const { value } = permissionSetDocument(spec({ inlinePolicy: JSON.stringify(doc) }), PRESETS);
    assert.deepEqual(value, { sessionDuration: "PT1H", preset: "terraform-core", extraStatements: [extra] });
  });

  it("a preset's statements with one changed, or rendered with other parameters → inline", () => {
    const changed = structuredClone(core.document);
    (changed.Statement[1] as { Resource: string }).Resource = "arn:aws:s3:::other-bucket";
    const { value, form } = permissionSetDocument(spec({ inlinePolicy: JSON.stringify(changed) }), PRESETS);
    assert.equal(form.kind, "inline");
    assert.deepEqual(value.inlinePolicy, changed);
    const withParams = renderedPresets({ catalog: { allowedRegions: ["eu-west-1"] } });
    assert.equal(
      permissionSetDocument(spec({ inlinePolicy: JSON.stringify(core.document) }), withParams).form.kind,
      "inline",
    );
  });

  it("every other field, in the documented order; managed-by is left out, a path of / too", () => {
    const { value } = permissionSetDocument(
      spec({
        description: "d",
        sessionDuration: "PT8H",
        relayState: "https://console.aws.amazon.com/",
        inlinePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: { Effect: "Deny", Action: "*", Resource: "*" },
        }),
        managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
        customerManagedPolicies: [
          { name: "A", path: "/" },
          { name: "B", path: "/team/" },
        ],
        permissionsBoundary: { kind: "customer", name: "Fence", path: "/" },
        tags: { "managed-by": "keyless", team: "x" },
      }),
      PRESETS,
    );
    assert.deepEqual(Object.keys(value), [
      "description",
      "sessionDuration",
      "relayState",
      "inlinePolicy",
      "managedPolicies",
      "customerManagedPolicies",
      "permissionsBoundary",
      "tags",
    ]);
    assert.deepEqual(value.customerManagedPolicies, ["A", { name: "B", path: "/team/" }]);
    assert.deepEqual(value.permissionsBoundary, { customerManagedPolicy: { name: "Fence" } });
    assert.deepEqual(value.tags, { team: "x" });
  });

  it("no inline policy, only attached ones; a managed boundary", () => {
    const { value, form } = permissionSetDocument(
      spec({ permissionsBoundary: { kind: "managed", arn: "arn:aws:iam::aws:policy/PowerUserAccess" } }),
      PRESETS,
    );
    assert.equal(form.kind, "none");
    assert.deepEqual(value, {
      sessionDuration: "PT1H",
      permissionsBoundary: { managedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" },
    });
  });
});
