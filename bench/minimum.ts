/**
 * The fewest AWS calls a complete no-change plan can make for the benchmark's organisation, by the
 * cost model in docs/benchmarks.md ("The minimum"), computed from what the benchmark built (not from
 * keyless's planner, so the two can be compared). Every group holds every permission set in every
 * account; users are group members without assignments; permission sets have an inline policy only.
 */
export interface OrgShape {
  accounts: number;
  permissionSets: number;
  groups: number;
  usersPerGroup: number;
}

const pages = (n: number, size = 100) => Math.max(1, Math.ceil(n / size));

/**
 * Accounts per organizations:ListAccounts page where the benchmark runs: the emulator answers 100;
 * AWS answers at most 20, so on AWS the same check costs ⌈(A+1)/20⌉ (3, 11 and 26 calls at 50, 200
 * and 500 member accounts plus the management account) — docs/benchmarks.md says so.
 */
const ORGANIZATIONS_PAGE = 100;

export interface Minimum {
  total: number;
  strategy: "per-principal" | "per-set";
  /** Calls every complete read makes, whatever the strategy. */
  fixed: number;
  perPrincipal: number;
  perSet: number;
  /** One read per assignment (what reading each assignment on its own costs). */
  perAssignment: number;
}

export function minimumPlanCalls(o: OrgShape): Minimum {
  const A = o.accounts;
  const S = o.permissionSets;
  const G = o.groups;
  const U = o.groups * o.usersPerGroup;
  const fixed =
    1 + // ListInstances
    pages(S) + // ListPermissionSets
    S + // DescribePermissionSet (names: collisions and prune scope)
    5 * S + // inline policy, managed and customer-managed policies, boundary, tags of each managed set
    S + // ListAccountsForProvisionedPermissionSet, LATEST_PERMISSION_SET_NOT_PROVISIONED (stale roles)
    G * pages(o.usersPerGroup) + // ListGroupMemberships of each managed group
    pages(A + 1, ORGANIZATIONS_PAGE); // organizations ListAccounts: account ids checked against the organization
  const listing = pages(U) + pages(G);
  const principals = G * pages(S * A) + U * pages(0);
  const perPrincipal = listing + principals;
  const perSet = Math.min(listing, 2 * (U + G)) + S * (pages(A) + A * pages(G)) + principals;
  return {
    total: fixed + Math.min(perPrincipal, perSet),
    strategy: perPrincipal <= perSet ? "per-principal" : "per-set",
    fixed,
    perPrincipal,
    perSet,
    perAssignment: G * S * A,
  };
}
