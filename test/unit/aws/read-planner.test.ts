/** The read planner's choices as tables: counts in, strategy and predicted calls out. */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  chooseStrategy,
  createListingBudget,
  type ListingBudgetInput,
  pagesOf,
  perPrincipalCost,
  perSetCost,
  type SetEstimate,
} from "../../../src/aws/read-planner.ts";

const repeat = <T>(n: number, value: T): T[] => Array.from({ length: n }, () => value);

/** `sets` managed sets, each expected in `accounts` accounts with `principals` principals there. */
function sets(count: number, accounts: number, principals: number, changed = false): SetEstimate[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `ps-${i}`,
    principalsPerAccount: repeat(accounts, principals),
    changed,
  }));
}

test("pagesOf: one call at least, 100 per page", () => {
  assert.deepEqual(
    [0, 1, 99, 100, 101, 4000, 4001].map((n) => pagesOf(n)),
    [1, 1, 1, 1, 2, 40, 41],
  );
  assert.deepEqual(
    [0, 20, 21].map((n) => pagesOf(n, 20)),
    [1, 1, 2],
  );
});

// The benchmark's organisation: A accounts × 8 sets × 3 groups (every group every set everywhere), plus
// 6 users (group members) without assignments. Per principal: 3 groups × pages(8A) + 6 users × 1.
// Per set: 8 × (pages(A) + A pairs of 3 principals) + the 9 managed principals' own reads.
const benchRows = [
  { accounts: 50, perPrincipal: 3 * 4 + 6, perSet: 8 * (1 + 50) + 3 * 4 + 6 },
  { accounts: 200, perPrincipal: 3 * 16 + 6, perSet: 8 * (2 + 200) + 3 * 16 + 6 },
  { accounts: 500, perPrincipal: 3 * 40 + 6, perSet: 8 * (5 + 500) + 3 * 40 + 6 },
];
for (const row of benchRows) {
  test(`benchmark shape, ${row.accounts} accounts: per-principal, ${row.perPrincipal} calls`, () => {
    const groups = repeat(3, 8 * row.accounts);
    const users = repeat(6, 0);
    const choice = chooseStrategy({
      allPrincipals: [...groups, ...users],
      managedPrincipals: [...groups, ...users],
      sets: sets(8, row.accounts, 3),
    });
    assert.equal(choice.strategy, "per-principal");
    assert.equal(choice.predictedCalls, row.perPrincipal);
    assert.deepEqual(choice.costs, { perPrincipal: row.perPrincipal, perSet: row.perSet });
    assert.match(choice.reason, /^per-principal: 9 principals cost \d+ reads/);
  });
}

const table: {
  name: string;
  allPrincipals?: number[];
  managedPrincipals: number[];
  sets: SetEstimate[];
  strategy: "per-principal" | "per-set";
  predicted: number;
}[] = [
  {
    name: "many unmanaged users, few pairs: per-set",
    allPrincipals: [2, ...repeat(300, 0)],
    managedPrincipals: [2],
    sets: sets(1, 2, 1),
    strategy: "per-set",
    predicted: 1 + 2 + 1,
  },
  {
    name: "identity store not listed whole: per-set whatever the counts",
    managedPrincipals: [1000, 1000],
    sets: sets(2, 500, 2),
    strategy: "per-set",
    predicted: 2 * (5 + 500) + 10 + 10,
  },
  {
    name: "one group holding everything (1,000 assignments): 10 pages beat 1,000 pairs",
    allPrincipals: [1000],
    managedPrincipals: [1000],
    sets: sets(8, 125, 1),
    strategy: "per-principal",
    predicted: 10,
  },
  {
    name: "a changed set adds its provisioned-account pages to per-principal",
    allPrincipals: [250, 0],
    managedPrincipals: [250, 0],
    sets: sets(1, 250, 1, true),
    strategy: "per-principal",
    predicted: 3 + 1 + 3,
  },
  {
    name: "a tie goes to per-principal",
    allPrincipals: [0, 0, 0],
    managedPrincipals: [0],
    sets: sets(1, 1, 1),
    strategy: "per-principal",
    predicted: 3,
  },
  {
    name: "nothing managed, empty store",
    allPrincipals: [],
    managedPrincipals: [],
    sets: [],
    strategy: "per-principal",
    predicted: 0,
  },
  {
    name: "nothing managed, some principals: per-set reads nothing",
    allPrincipals: [0, 0],
    managedPrincipals: [],
    sets: [],
    strategy: "per-set",
    predicted: 0,
  },
  {
    name: "a managed set found in no account of the file still costs its provisioned-account page",
    allPrincipals: repeat(5, 0),
    managedPrincipals: [],
    sets: sets(3, 0, 0),
    strategy: "per-set",
    predicted: 3,
  },
];
for (const row of table) {
  test(`chooseStrategy: ${row.name}`, () => {
    const choice = chooseStrategy({
      ...(row.allPrincipals ? { allPrincipals: row.allPrincipals } : {}),
      managedPrincipals: row.managedPrincipals,
      sets: row.sets,
    });
    assert.equal(choice.strategy, row.strategy);
    assert.equal(choice.predictedCalls, row.predicted);
    assert.equal(
      choice.predictedCalls,
      row.strategy === "per-set" ? choice.costs.perSet : choice.costs.perPrincipal,
    );
  });
}

test("the costs are the sums of their parts", () => {
  const s = sets(2, 150, 120);
  // Per set: pages(150 accounts) = 2, and 150 accounts × pages(120 principals) = 300, twice.
  assert.equal(perSetCost(s, [0, 250]), 2 * (2 + 300) + 1 + 3);
  assert.equal(perPrincipalCost([0, 250], s), 1 + 3);
  assert.equal(perPrincipalCost([0, 250], sets(2, 150, 120, true)), 1 + 3 + 2 + 2);
});

/** Drives a budget over listing pages; returns the pages read per kind and completeness. */
function simulate(
  input: Partial<ListingBudgetInput> & { perSetCost: number },
  store: { users: string[]; groups: string[] },
) {
  const budget = createListingBudget({
    expected: () => 0,
    named: { users: [], groups: [] },
    required: { users: false, groups: false },
    ...input,
  });
  const read = { users: 0, groups: 0 };
  for (const kind of ["groups", "users"] as const) {
    if (!budget.start(kind)) continue;
    for (let i = 0; ; i++) {
      const page = store[kind].slice(i * 100, i * 100 + 100);
      read[kind] += 1;
      if (!budget.page(kind, page, (i + 1) * 100 < store[kind].length)) break;
    }
  }
  return { read, complete: { users: budget.complete("users"), groups: budget.complete("groups") } };
}

const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

test("listing budget: a small store is listed whole (cheaper than looking names up)", () => {
  const r = simulate(
    { named: { users: ["u1", "u2"], groups: ["g1"] }, perSetCost: 5000 },
    { users: names("u", 6), groups: names("g", 3) },
  );
  assert.deepEqual(r, { read: { users: 1, groups: 1 }, complete: { users: true, groups: true } });
});

test("listing budget: 50,000 users and 30 named, per-set cheap: at most 2 × 30 pages, not 500", () => {
  const named = names("named-", 30);
  const r = simulate(
    { named: { users: named, groups: [] }, perSetCost: 50 },
    { users: [...names("u", 49_970), ...named], groups: names("g", 10) },
  );
  assert.deepEqual(r, { read: { users: 60, groups: 1 }, complete: { users: false, groups: true } });
});

test("listing budget: per-principal still possible keeps the listing going", () => {
  // 2,000 users, per-set would cost 4,000 reads: listing on is cheaper than any per-set read.
  const r = simulate(
    { named: { users: ["u1"], groups: [] }, perSetCost: 4000 },
    { users: names("u", 2000), groups: [] },
  );
  assert.deepEqual(r, { read: { users: 20, groups: 1 }, complete: { users: true, groups: true } });
});

test("listing budget: stops once per-principal costs more than per-set and nothing named is unseen", () => {
  const r = simulate(
    { named: { users: ["u0"], groups: [] }, perSetCost: 150 },
    { users: names("u", 1000), groups: [] },
  );
  // Page 1 (100 users) and page 2 (200 users > 150): per-principal is out; u0 was seen on page 1.
  assert.deepEqual(r, { read: { users: 2, groups: 1 }, complete: { users: false, groups: true } });
});

test("listing budget: nothing named and nothing to read per set: no listing at all", () => {
  const r = simulate({ perSetCost: 0 }, { users: names("u", 10), groups: names("g", 2) });
  assert.deepEqual(r, { read: { users: 0, groups: 0 }, complete: { users: false, groups: false } });
});

test("listing budget: required kinds are listed whole whatever the cost (--count-unmanaged, prune patterns)", () => {
  const r = simulate(
    { perSetCost: 0, required: { users: true, groups: true } },
    { users: names("u", 1000), groups: names("g", 250) },
  );
  assert.deepEqual(r, { read: { users: 10, groups: 3 }, complete: { users: true, groups: true } });
  const groupsOnly = simulate(
    { perSetCost: 0, required: { users: false, groups: true } },
    { users: names("u", 1000), groups: names("g", 250) },
  );
  assert.deepEqual(groupsOnly, { read: { users: 0, groups: 3 }, complete: { users: false, groups: true } });
});

test("listing budget: once groups stop early, users are listed only to save look-ups", () => {
  // 3,000 groups, per-set 20: groups stop after page 1 (one named group was seen there).
  const r = simulate(
    { named: { users: ["u5"], groups: ["g0"] }, perSetCost: 20 },
    { users: names("u", 500), groups: names("g", 3000) },
  );
  // Users: look-ups of u5 would cost 2, so up to 2 pages; u5 is on the first.
  assert.deepEqual(r, { read: { users: 1, groups: 1 }, complete: { users: false, groups: false } });
});

test("listing budget: expected assignments of seen principals count against per-principal", () => {
  // One group with 5,000 expected assignments (50 pages) and per-set at 40: per-principal is out at once.
  const r = simulate(
    {
      expected: (kind, name) => (kind === "groups" && name === "big" ? 5000 : 0),
      named: { users: [], groups: ["big"] },
      perSetCost: 40,
    },
    { users: names("u", 300), groups: ["big", ...names("g", 150)] },
  );
  assert.deepEqual(r, { read: { users: 0, groups: 1 }, complete: { users: false, groups: false } });
});
