/**
 * The read planner: how a plan reads account assignments with the fewest AWS calls (AWS throttles on
 * calls, about 20 per second for Identity Center). Pure: it decides from counts, the reading is done
 * by read-actual.ts. The cost model and its minimum are written out in docs/benchmarks.md.
 *
 * A complete read must see (a) every assignment of a managed principal (any permission set) and
 * (b) every assignment of a managed permission set (any principal, managed or not). Two ways:
 *
 * - per-principal: ListAccountAssignmentsForPrincipal for EVERY user and group of the identity
 *   store. Covers (a) and (b), but needs the identity store listed whole to know every principal.
 *   Cost: Σ over all principals of pages(assignments of the principal).
 * - per-set: ListAccountAssignments for every (managed permission set × account it is provisioned
 *   to), which covers (b) whoever the principal is, plus ListAccountAssignmentsForPrincipal for the
 *   managed principals only, for (a). Needs ListAccountsForProvisionedPermissionSet of each managed
 *   set. Cost: Σ sets [pages(provisioned accounts) + Σ accounts pages(principals there)] +
 *   Σ managed principals pages(assignments).
 *
 * Nothing cheaper is complete: ListAccountAssignments needs both a set and an account, and a
 * per-principal read covers one principal only, so (b) for a set is covered either by all of its
 * (set × account) pairs or by all principals. The per-set strategy is itself the mix of the two:
 * pairs for the managed sets, principals for what only principals can show.
 *
 * Counts of assignments are not known before they are read; the planner estimates them from
 * keyless.yaml (what the file asks for is what a no-change plan finds), so the prediction is exact
 * for a no-change plan without assignments outside the file.
 */

/** MaxResults of every sso-admin and identitystore list call keyless makes (the API models' maximum). */
export const MAX_RESULTS = 100;
/** MaxResults of the Organizations list calls (the API model's maximum). */
export const ORGANIZATIONS_MAX_RESULTS = 20;
/** GetUserId / GetGroupId, then DescribeUser / DescribeGroup: the attributes a plan compares. */
export const LOOKUP_CALLS = 2;

export type AssignmentStrategy = "per-principal" | "per-set";

/** Calls to list `items` things, one page at least (an empty list is still one call). */
export function pagesOf(items: number, pageSize = MAX_RESULTS): number {
  return Math.max(1, Math.ceil(items / pageSize));
}

/** What the file expects of one managed permission set that exists in AWS. */
export interface SetEstimate {
  name: string;
  /** Expected principals per account the set is expected in (one entry per account). */
  principalsPerAccount: number[];
  /** Its content differs from the file: the update re-provisions, so its accounts are listed anyway. */
  changed: boolean;
}

export interface StrategyInput {
  /**
   * Expected assignments of every principal of the identity store, when both users and groups were
   * listed whole; undefined otherwise (then per-principal cannot be complete).
   */
  allPrincipals?: readonly number[];
  /** Expected assignments of each managed principal that exists. */
  managedPrincipals: readonly number[];
  sets: readonly SetEstimate[];
}

export interface StrategyChoice {
  strategy: AssignmentStrategy;
  /** Predicted calls of the assignment phase of the chosen strategy (provisioned-account pages included). */
  predictedCalls: number;
  /** Predicted calls of each strategy; perPrincipal is absent when it was not possible. */
  costs: { perPrincipal?: number; perSet: number };
  /** One line for --debug / --json: why this strategy. */
  reason: string;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** Σ pages over principals with these expected assignment counts. */
export function principalReads(expected: Iterable<number>): number {
  let total = 0;
  for (const n of expected) total += pagesOf(n);
  return total;
}

/** ListAccountsForProvisionedPermissionSet pages of one set, expected from the file. */
function provisionedPages(set: SetEstimate): number {
  return pagesOf(set.principalsPerAccount.length);
}

/** The (set × account) reads of the per-set strategy, its provisioned-account pages included. */
export function setPairReads(sets: readonly SetEstimate[]): number {
  return sum(sets.map((s) => provisionedPages(s) + principalReads(s.principalsPerAccount)));
}

export function perSetCost(sets: readonly SetEstimate[], managedPrincipals: readonly number[]): number {
  return setPairReads(sets) + principalReads(managedPrincipals);
}

/** All principals, plus the provisioned accounts of changed sets (needed to re-provision them). */
export function perPrincipalCost(allPrincipals: readonly number[], sets: readonly SetEstimate[]): number {
  return principalReads(allPrincipals) + sum(sets.filter((s) => s.changed).map(provisionedPages));
}

export function chooseStrategy(input: StrategyInput): StrategyChoice {
  const perSet = perSetCost(input.sets, input.managedPrincipals);
  const pairs = sum(input.sets.map((s) => s.principalsPerAccount.length));
  const setsText = `${input.sets.length} managed permission sets × their accounts (${pairs} pairs)`;
  if (input.allPrincipals === undefined) {
    return {
      strategy: "per-set",
      predictedCalls: perSet,
      costs: { perSet },
      reason: `per-set: the identity store was not listed whole (per-set reads of ${setsText} were cheaper than reading every principal)`,
    };
  }
  const perPrincipal = perPrincipalCost(input.allPrincipals, input.sets);
  const principalsText = `${input.allPrincipals.length} principals`;
  // Ties go to per-principal: the identity store is then listed whole anyway.
  if (perPrincipal <= perSet) {
    return {
      strategy: "per-principal",
      predictedCalls: perPrincipal,
      costs: { perPrincipal, perSet },
      reason: `per-principal: ${principalsText} cost ${perPrincipal} reads, ${setsText} would cost ${perSet}`,
    };
  }
  return {
    strategy: "per-set",
    predictedCalls: perSet,
    costs: { perPrincipal, perSet },
    reason: `per-set: ${setsText} cost ${perSet} reads, ${principalsText} would cost ${perPrincipal}`,
  };
}

export type PrincipalKind = "users" | "groups";

/**
 * Decides, page by page, whether listing the identity store whole is worth it (groups first, then
 * users). Listing goes on while one of these holds:
 * - it is required (prune.groups patterns with `*` need every group; --count-unmanaged needs both);
 * - per-principal may still be the cheaper strategy: at least one more page, plus one read per
 *   principal seen and per named principal not yet seen, is less than the per-set estimate;
 * - the pages of this kind listed so far cost less than looking up its named principals not yet seen
 *   one by one (2 calls each), so the identity reads cost at most twice the cheaper of the two.
 * Once a listing stops with pages left, per-principal is out and named principals are looked up.
 */
export interface ListingBudget {
  /** Before the first page of `kind`: list it at all? */
  start(kind: PrincipalKind): boolean;
  /** After a page: `names` it held; `more` = it had a NextToken. Returns whether to read the next one. */
  page(kind: PrincipalKind, names: readonly string[], more: boolean): boolean;
  /** Whether `kind` was listed to its end. */
  complete(kind: PrincipalKind): boolean;
}

export interface ListingBudgetInput {
  /** Expected assignments of a principal by name (0 for one the file does not name). */
  expected(kind: PrincipalKind, name: string): number;
  /** Names keyless.yaml asks for (users and groups it names, literal prune.groups names). */
  named: Record<PrincipalKind, readonly string[]>;
  /** Assignment reads of the per-set strategy (setPairReads + managed principals' reads). */
  perSetCost: number;
  /** Kinds that must be listed whole whatever the cost. */
  required: Record<PrincipalKind, boolean>;
}

export function createListingBudget(input: ListingBudgetInput): ListingBudget {
  const unseen: Record<PrincipalKind, Set<string>> = {
    users: new Set(input.named.users),
    groups: new Set(input.named.groups),
  };
  const state = {
    pages: { users: 0, groups: 0 } as Record<PrincipalKind, number>,
    /** Reads per-principal would make for the principals seen so far. */
    seenReads: 0,
    /** False once a listing stopped early: per-principal cannot be complete any more. */
    perPrincipalPossible: true,
    complete: { users: false, groups: false } as Record<PrincipalKind, boolean>,
  };
  const unseenReads = () =>
    principalReads(
      (["users", "groups"] as const).flatMap((k) => [...unseen[k]].map((n) => input.expected(k, n))),
    );
  const lookups = () => LOOKUP_CALLS * (unseen.users.size + unseen.groups.size);

  function goOn(kind: PrincipalKind): boolean {
    if (input.required[kind]) return true;
    const psRemaining = input.perSetCost + lookups();
    const ppLowerBound = 1 + state.seenReads + unseenReads();
    if (state.perPrincipalPossible && ppLowerBound < psRemaining) return true;
    // Look-ups of this kind's unseen names are what finishing this listing could save.
    return state.pages[kind] < LOOKUP_CALLS * unseen[kind].size;
  }
  function stop(): false {
    state.perPrincipalPossible = false;
    return false;
  }

  return {
    start(kind) {
      return goOn(kind) ? true : stop();
    },
    page(kind, names, more) {
      state.pages[kind] += 1;
      for (const name of names) {
        unseen[kind].delete(name);
        state.seenReads += pagesOf(input.expected(kind, name));
      }
      if (!more) {
        state.complete[kind] = true;
        return false;
      }
      return goOn(kind) ? true : stop();
    },
    complete: (kind) => state.complete[kind],
  };
}
