/**
 * plan(): the pure heart of keyless. Compares the desired model (keyless.yaml) with what AWS has
 * and returns the ordered list of changes. No I/O, no clock, no randomness: the same inputs give
 * the same Plan, whatever order AWS listed things in. Problems that block apply are returned in
 * the plan, never thrown, so a plan can always be shown.
 */
import { accountProblems } from "./account-check.ts";
import { buildContext } from "./context.ts";
import { diffAssignments } from "./diff-assignments.ts";
import { diffCi } from "./diff-ci.ts";
import { diffGroups } from "./diff-groups.ts";
import { diffMemberships } from "./diff-memberships.ts";
import { diffPermissionSets } from "./diff-permission-sets.ts";
import { diffProvisioning } from "./diff-provisioning.ts";
import { diffStateBackend } from "./diff-state-backend.ts";
import type { Differ } from "./diff-types.ts";
import { diffUsers } from "./diff-users.ts";
import { fingerprint } from "./fingerprint.ts";
import type { Actual, Desired } from "./model.ts";
import { orderChanges } from "./order.ts";
import { type Change, PLAN_FORMAT_VERSION, type Plan, type UnmanagedCounts } from "./plan-types.ts";
import { formatTarget, type Target, targetedAddresses } from "./targets.ts";

/** The differs in dependency order; each sees the changes of those before it. */
export const DIFFERS: readonly Differ[] = [
  diffUsers,
  diffGroups,
  diffMemberships,
  diffPermissionSets,
  diffProvisioning,
  diffAssignments,
];

export const NEW_USER_NOTE =
  "AWS sends no invitation email to users created through the API. Each new user gets a password by: " +
  "enabling Settings → Authentication → 'Send email OTP' in the IAM Identity Center console (the user " +
  "receives a one-time code at first sign-in), or by generating a one-time password for the user in the " +
  "console (Users → user → Reset password).";

export interface PlanOptions {
  /** Include deletions inside the prune scope in `changes` (else they are `pruneCandidates`). */
  prune: boolean;
  /** `-target`: limit the plan to these addresses and what they depend on (targets.ts). */
  targets?: readonly Target[];
}

export function plan(desired: Desired, actual: Actual, options: PlanOptions): Plan {
  const ctx = buildContext(desired, actual);
  const explicit: Change[] = [];
  const prunable: Change[] = [];
  const problems: string[] = [];
  const unmanaged: UnmanagedCounts = { users: 0, groups: 0, permissionSets: 0, assignments: 0 };

  for (const differ of DIFFERS) {
    const r = differ(ctx, [...explicit, ...prunable]);
    explicit.push(...r.changes);
    prunable.push(...r.prunable);
    problems.push(...r.problems);
    for (const key of ["users", "groups", "permissionSets", "assignments"] as const)
      unmanaged[key] += r.unmanaged[key] ?? 0;
  }
  problems.push(...instanceProblems(desired, actual), ...accountProblems(desired, actual));
  const notCounted = (["users", "groups"] as const).filter(
    (k) => actual.identityStoreComplete?.[k] === false,
  );
  if (notCounted.length > 0) unmanaged.notCounted = [...notCounted];
  // The state backend shares nothing with Identity Center: its own differ, same plan.
  const backend = diffStateBackend(desired, actual);
  explicit.push(...backend.changes);
  problems.push(...backend.problems);
  // CI roles live in member accounts: their own differ too.
  const ci = diffCi(desired, actual);
  explicit.push(...ci.changes);
  prunable.push(...ci.prunable);
  problems.push(...ci.problems);
  if (desired.ci && desired.ci.roles.length > 0) unmanaged.ciRoles = ci.unmanaged;

  // One change per address: an explicit deletion wins over the same deletion reached through pruning
  // (e.g. a removed user's assignment to a pruned permission set), and two prune paths count once.
  const all = uniqueByAddress(explicit, new Set());
  const allGated = uniqueByAddress(prunable, new Set(all.map((c) => c.address)));
  // Targets select among every change (a prune candidate may be what a target names).
  const targets = options.targets;
  const kept = targets ? targetedAddresses([...all, ...allGated], targets) : undefined;
  const changes = kept ? all.filter((c) => kept.has(c.address)) : all;
  const gated = kept ? allGated.filter((c) => kept.has(c.address)) : allGated;

  return {
    formatVersion: PLAN_FORMAT_VERSION,
    fingerprint: fingerprint(actual),
    instanceArn: actual.instanceArn,
    identityStoreId: actual.identityStoreId,
    region: desired.identityCenter.region,
    prune: options.prune,
    changes: orderChanges(options.prune ? [...changes, ...gated] : changes),
    pruneCandidates: options.prune ? [] : orderChanges(gated),
    problems: [...new Set(problems)],
    warnings: [],
    unmanaged,
    notes: [
      ...(changes.some((c) => c.kind === "user" && c.action === "create") ? [NEW_USER_NOTE] : []),
      ...backend.notes,
    ],
    ...(targets && { targets: targets.map(formatTarget) }),
    ...(desired.ci && desired.ci.roles.length > 0 && { ciAccess: ci.access }),
    ids: {
      users: Object.fromEntries([...ctx.users.byName].map(([name, u]) => [name, u.userId])),
      groups: Object.fromEntries([...ctx.groups.byName].map(([name, g]) => [name, g.groupId])),
      permissionSets: Object.fromEntries([...ctx.permissionSets.byName].map(([name, p]) => [name, p.arn])),
    },
  };
}

function uniqueByAddress(changes: readonly Change[], taken: Set<string>): Change[] {
  const out: Change[] = [];
  for (const c of changes) {
    if (taken.has(c.address)) continue;
    taken.add(c.address);
    out.push(c);
  }
  return out;
}

/** The file may pin the instance / identity store; a different one read from AWS blocks apply. */
function instanceProblems(desired: Desired, actual: Actual): string[] {
  const out: string[] = [];
  const { instanceArn, identityStoreId } = desired.identityCenter;
  if (instanceArn && instanceArn !== actual.instanceArn)
    out.push(`keyless.yaml names instance ${instanceArn} but the plan read instance ${actual.instanceArn}`);
  if (identityStoreId && identityStoreId !== actual.identityStoreId)
    out.push(
      `keyless.yaml names identity store ${identityStoreId} but the plan read identity store ${actual.identityStoreId}`,
    );
  return out;
}
