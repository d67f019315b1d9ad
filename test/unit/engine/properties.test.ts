/**
 * Properties of plan() over generated models: a realised model plans to nothing, plan never
 * throws, the result does not depend on the order AWS listed things in, and pruning only moves
 * deletions between `pruneCandidates` and `changes`.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { compareChanges, orderChanges } from "../../../src/engine/order.ts";
import { plan } from "../../../src/engine/plan.ts";
import type { Plan } from "../../../src/engine/plan-types.ts";
import { actualArb, desiredArb, shuffledActual } from "./arbitraries.ts";
import { actualFromDesired, REALISED_INSTANCE, REALISED_STORE } from "./realise.ts";

const RUNS = { numRuns: 300 };

/** Pairs of a valid Desired and an arbitrary Actual built around its names. */
const pairArb = desiredArb.chain(({ desired }) => actualArb(desired).map((actual) => ({ desired, actual })));

function assertWellFormed(p: Plan): void {
  const addresses = [...p.changes, ...p.pruneCandidates].map((c) => c.address);
  assert.equal(new Set(addresses).size, addresses.length, "one change per address");
  for (const list of [p.changes, p.pruneCandidates])
    for (let i = 1; i < list.length; i++) assert.ok(compareChanges(list[i - 1]!, list[i]!) < 0, "ordered");
  assert.ok(
    p.pruneCandidates.every((c) => c.action === "delete"),
    "only deletions are prune candidates",
  );
  for (const c of p.changes) if (c.action === "create") assert.equal(c.address.length > 0, true);
}

describe("plan properties", () => {
  it("a state that realises the file plans to nothing (prune on or off)", () => {
    fc.assert(
      fc.property(desiredArb, fc.boolean(), fc.boolean(), ({ desired, ouAccounts }, prune, pin) => {
        const d = pin
          ? {
              ...desired,
              identityCenter: {
                ...desired.identityCenter,
                instanceArn: REALISED_INSTANCE,
                identityStoreId: REALISED_STORE,
              },
            }
          : desired;
        const p = plan(d, actualFromDesired(d, ouAccounts), { prune });
        assert.deepEqual(p.problems, []);
        assert.deepEqual(p.changes, []);
        assert.deepEqual(p.pruneCandidates, []);
        assert.deepEqual(p.notes, []);
        assert.deepEqual(p.unmanaged, { users: 0, groups: 0, permissionSets: 0, assignments: 0 });
      }),
      RUNS,
    );
  });

  it("things outside the file and the prune scope are counted, never changed", () => {
    fc.assert(
      fc.property(desiredArb, ({ desired, ouAccounts }) => {
        // Names with a character the generated file never uses, so they are outside every model name.
        const d = { ...desired, prune: { ...desired.prune, permissionSets: [], groups: [] } };
        const a = actualFromDesired(d, ouAccounts);
        const noise = {
          ...a,
          users: [
            ...a.users,
            { userId: "n-u", userName: "~noise", displayName: "", givenName: "", familyName: "", email: "" },
          ],
          groups: [...a.groups, { groupId: "n-g", name: "~noise", description: "", memberUserIds: ["n-u"] }],
          permissionSets: [...a.permissionSets, { arn: "arn:noise", name: "~noise" }],
          assignments: [
            ...a.assignments,
            {
              principalType: "GROUP" as const,
              principalId: "n-g",
              permissionSetArn: "arn:noise",
              accountId: "111111111111",
            },
          ],
        };
        const p = plan(d, noise, { prune: true });
        assert.deepEqual(p.changes, []);
        assert.deepEqual(p.unmanaged, { users: 1, groups: 1, permissionSets: 1, assignments: 1 });
      }),
      RUNS,
    );
  });

  it("never throws on any valid file against any AWS state, and is well formed", () => {
    fc.assert(
      fc.property(pairArb, fc.boolean(), ({ desired, actual }, prune) => {
        assertWellFormed(plan(desired, actual, { prune }));
      }),
      { numRuns: 500 },
    );
  });

  it("is deterministic: same inputs twice, and the AWS arrays in any order, give the same plan", () => {
    fc.assert(
      fc.property(pairArb, fc.integer(), fc.boolean(), ({ desired, actual }, seed, prune) => {
        const first = plan(desired, actual, { prune });
        assert.deepEqual(plan(desired, actual, { prune }), first);
        assert.deepEqual(plan(desired, shuffledActual(actual, seed), { prune }), first);
      }),
      RUNS,
    );
  });

  it("does not mutate its inputs (deeply frozen inputs plan the same)", () => {
    fc.assert(
      fc.property(pairArb, ({ desired, actual }) => {
        const expected = plan(desired, actual, { prune: true });
        assert.deepEqual(plan(deepFreeze(desired), deepFreeze(actual), { prune: true }), expected);
      }),
      { numRuns: 100 },
    );
  });

  it("prune only moves deletions: changes(prune) = changes(no prune) + pruneCandidates", () => {
    fc.assert(
      fc.property(pairArb, ({ desired, actual }) => {
        const off = plan(desired, actual, { prune: false });
        const on = plan(desired, actual, { prune: true });
        assert.deepEqual(on.changes, orderChanges([...off.changes, ...off.pruneCandidates]));
        assert.deepEqual(on.pruneCandidates, []);
        assert.deepEqual(on.problems, off.problems);
        assert.deepEqual(on.unmanaged, off.unmanaged);
      }),
      RUNS,
    );
  });

  it("without prune, the only deletions are of users marked remove and their memberships / assignments", () => {
    fc.assert(
      fc.property(pairArb, ({ desired, actual }) => {
        const p = plan(desired, actual, { prune: false });
        const removed = new Set(desired.users.filter((u) => u.remove && !u.external).map((u) => u.userName));
        const removedIds = new Set(actual.users.filter((u) => removed.has(u.userName)).map((u) => u.userId));
        for (const c of p.changes) {
          if (c.action !== "delete") continue;
          if (c.kind === "user") assert.ok(removed.has(c.userName), c.address);
          else if (c.kind === "membership") assert.ok(removedIds.has(c.userId ?? ""), c.address);
          else if (c.kind === "assignment")
            assert.ok(c.principal.type === "USER" && removedIds.has(c.principalId ?? ""), c.address);
          else assert.fail(`unexpected delete ${c.address}`);
        }
      }),
      RUNS,
    );
  });

  it("every create of an assignment, membership or permission set is marked as broadening access", () => {
    fc.assert(
      fc.property(pairArb, ({ desired, actual }) => {
        const p = plan(desired, actual, { prune: true });
        for (const c of p.changes) {
          if (c.action === "delete") assert.equal(c.broadensAccess, false, c.address);
          if (c.action === "create" && c.kind !== "user" && c.kind !== "group")
            assert.equal(c.broadensAccess, true, c.address);
        }
      }),
      RUNS,
    );
  });
});

/** Freezes every nested object: any write by plan() then throws (ES modules are strict). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
