import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { fingerprint } from "../../../src/engine/fingerprint.ts";
import { plan } from "../../../src/engine/plan.ts";
import { actualArb, desiredArb, shuffledActual } from "./arbitraries.ts";
import { actual, awsGroup, awsUser, desired } from "./fixtures.ts";

const actualOnlyArb = desiredArb.chain(({ desired }) => actualArb(desired));

describe("fingerprint", () => {
  it("is a sha256 hex digest and the plan carries it", () => {
    const a = actual({ users: [awsUser("dave", "u-1")] });
    assert.match(fingerprint(a), /^[0-9a-f]{64}$/);
    assert.equal(plan(desired(), a, { prune: false }).fingerprint, fingerprint(a));
  });

  it("does not depend on the order arrays were read in", () => {
    fc.assert(
      fc.property(actualOnlyArb, fc.integer(), (a, seed) => {
        assert.equal(fingerprint(shuffledActual(a, seed)), fingerprint(a));
      }),
      { numRuns: 300 },
    );
  });

  it("does not depend on object key order", () => {
    const a = actual({ users: [awsUser("dave", "u-1")] });
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as typeof a;
    assert.equal(fingerprint(reordered), fingerprint(a));
  });

  const base = actual({ users: [awsUser("dave", "u-1")], groups: [awsGroup("ops", "g-1", ["u-1"])] });
  const variants: [string, ReturnType<typeof actual>][] = [
    ["user email", { ...base, users: [awsUser("dave", "u-1", { email: "x@y.z" })] }],
    ["user added", { ...base, users: [...base.users, awsUser("erin", "u-2")] }],
    ["member removed", { ...base, groups: [awsGroup("ops", "g-1", [])] }],
    ["members not read vs none", { ...base, groups: [awsGroup("ops", "g-1", undefined)] }],
    ["identity store", { ...base, identityStoreId: "d-other" }],
    ["stale provisioning", { ...base, staleProvisioning: { core: ["111111111111"] } }],
    ["ou accounts", { ...base, ouAccounts: { "ou-1": [] } }],
  ];
  for (const [name, changed] of variants) {
    it(`changes when the state changes: ${name}`, () =>
      assert.notEqual(fingerprint(changed), fingerprint(base)));
  }

  it("differs for any two states that differ after canonical ordering (generated)", () => {
    fc.assert(
      fc.property(actualOnlyArb, actualOnlyArb, (a, b) => {
        const sameContent = JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
        assert.equal(fingerprint(a) === fingerprint(b), sameContent);
      }),
      { numRuns: 300 },
    );
  });
});

/** An independent canonical form for the comparison above: sorted JSON texts of every set. */
function canonical(a: ReturnType<typeof actual>): unknown {
  const sortTexts = (xs: unknown[]) => xs.map((x) => JSON.stringify(deep(x))).sort();
  const rec = (r: Record<string, string[]>) =>
    Object.keys(r)
      .sort()
      .map((k) => [k, [...(r[k] ?? [])].sort()]);
  return {
    instanceArn: a.instanceArn,
    identityStoreId: a.identityStoreId,
    users: sortTexts(a.users),
    groups: sortTexts(a.groups),
    permissionSets: sortTexts(a.permissionSets),
    assignments: sortTexts(a.assignments),
    staleProvisioning: rec(a.staleProvisioning),
    provisionedAccounts: rec(a.provisionedAccounts),
    ouAccounts: rec(a.ouAccounts),
  };
}

function deep(x: unknown): unknown {
  if (Array.isArray(x)) return x.map((v) => JSON.stringify(deep(v))).sort();
  if (x && typeof x === "object")
    return Object.fromEntries(
      Object.keys(x)
        .sort()
        .filter((k) => (x as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, deep((x as Record<string, unknown>)[k])]),
    );
  return x;
}
