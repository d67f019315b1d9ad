/**
 * Reads what Identity Center has now, for one plan, with as few calls as a complete read allows (AWS
 * throttles on calls). Reading never writes.
 *
 * 1. Permission sets by name (all of them: names decide collisions and the prune scope) and the
 *    accounts of OU targets; from these and keyless.yaml the expected counts (read-planner-estimates).
 * 2. The identity store (groups, then users) listed page by page while that pays, else looked up by
 *    name (identity-store.ts); meanwhile the content of managed permission sets and their accounts
 *    whose role is not the latest version.
 * 3. Members of managed groups.
 * 4. The read planner (read-planner.ts) picks per-principal or per-set for assignments; accounts a set
 *    is provisioned to are read for per-set, and for sets whose content changed (re-provisioning).
 * 5. Ids met in 3-4 of kinds not listed whole are described, so names can be shown.
 *
 * The assignments kept are those a plan needs whatever the strategy: of managed principals (any
 * permission set) and of managed permission sets (any principal, managed or not).
 */
import pLimit from "p-limit";
import type { AccountId, Actual, ActualAssignment, ActualPermissionSet, Desired } from "../engine/model.ts";
import { changedFields } from "../engine/permission-set-compare.ts";
import type { AwsClients } from "./clients.ts";
import { withAwsErrors } from "./errors.ts";
import { describeUnknownIds, readIdentityStore, readMemberUserIds } from "./identity-store.ts";
import { discoverInstance } from "./instance.ts";
import { matchesAny } from "./normalise.ts";
import { readOuAccounts } from "./organizations.ts";
import { type PrincipalId, readByPrincipal, readBySetAndAccount } from "./read-assignments.ts";
import { readPermissionSetNames, readProvisionedAccounts, readSpec } from "./read-permission-sets.ts";
import {
  type AssignmentStrategy,
  chooseStrategy,
  createListingBudget,
  perSetCost,
  type SetEstimate,
} from "./read-planner.ts";
import { countDesired } from "./read-planner-estimates.ts";

export interface ReadActualOptions {
  onProgress?(message: string): void;
  /** Concurrent requests while reading (the global rate limiter still applies). Default 10. */
  concurrency?: number;
  /** List users and groups whole, so that unmanaged ones are counted (`plan --count-unmanaged`). */
  countUnmanaged?: boolean;
}

/** How the read went: for `plan --debug` and `plan --json` (field `read`). Not part of the Actual. */
export interface ReadReport {
  strategy: AssignmentStrategy;
  /** Why, with both costs. */
  reason: string;
  /** Calls of the whole read as predicted when the strategy was chosen (calls made by then + the rest). */
  predictedCalls: number;
  /** Calls actually made by the read (logical calls; SDK retries not counted). */
  calls: number;
  /** `service.Operation` → calls. */
  callsByOperation: Record<string, number>;
  /** Predicted assignment-phase calls of each strategy; perPrincipal absent when it could not be complete. */
  costs: { perPrincipal?: number; perSet: number };
  /** Whether users / groups were listed whole (then unmanaged ones are counted in the plan). */
  listed: { users: boolean; groups: boolean };
}

const READ_SERVICES = ["sso-admin.", "identitystore.", "organizations."];

function readCalls(clients: AwsClients): Record<string, number> {
  return Object.fromEntries(
    Object.entries(clients.callCounts()).filter(([op]) => READ_SERVICES.some((s) => op.startsWith(s))),
  );
}

function callsSince(clients: AwsClients, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [op, n] of Object.entries(readCalls(clients))) {
    const d = n - (before[op] ?? 0);
    if (d > 0) out[op] = d;
  }
  return out;
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

export async function readActual(
  clients: AwsClients,
  desired: Desired,
  opts: ReadActualOptions = {},
): Promise<Actual> {
  return (await readActualWithReport(clients, desired, opts)).actual;
}

export async function readActualWithReport(
  clients: AwsClients,
  desired: Desired,
  opts: ReadActualOptions = {},
): Promise<{ actual: Actual; report: ReadReport }> {
  const progress = opts.onProgress ?? (() => {});
  return withAwsErrors(async () => {
    const before = readCalls(clients);
    const inst = await discoverInstance(clients, desired.identityCenter);
    const limit = pLimit(opts.concurrency ?? 10);
    const psReader = { clients, inst, limit, described: new Map() };
    const idReader = { clients, identityStoreId: inst.identityStoreId, limit };

    progress("Reading users, groups, permission sets and organizational units");
    const ouIds = Object.values(desired.organizationalUnits);
    const [permissionSets, ouAccounts] = await Promise.all([
      readPermissionSetNames(psReader),
      ouIds.length > 0 ? readOuAccounts(clients, ouIds) : Promise.resolve({}),
    ]);
    const counts = countDesired(desired, ouAccounts);
    const desiredPs = new Map(desired.permissionSets.map((p) => [p.name, p]));
    const managedPs = permissionSets.filter(
      (p) => desiredPs.has(p.name) || matchesAny(p.name, desired.prune.permissionSets),
    );
    const prunePatterns = desired.prune.groups;
    const named = {
      users: unique(desired.users.map((u) => u.userName)),
      groups: unique([
        ...desired.groups.map((g) => g.name),
        ...prunePatterns.filter((p) => !p.includes("*")),
      ]),
    };
    const estimate = (sets: ActualPermissionSet[], changed: ReadonlySet<string>): SetEstimate[] =>
      sets.map((ps) => ({
        name: ps.name,
        principalsPerAccount: counts.principalsPerAccount(ps.name),
        changed: changed.has(ps.name),
      }));
    const namedExpected = [
      ...named.users.map((n) => counts.principal("users", n)),
      ...named.groups.map((n) => counts.principal("groups", n)),
    ];
    const budget = createListingBudget({
      expected: counts.principal,
      named,
      perSetCost: perSetCost(estimate(managedPs, new Set()), namedExpected),
      required: {
        users: Boolean(opts.countUnmanaged),
        // A pattern with `*` can match any group: only the whole list shows which.
        groups: Boolean(opts.countUnmanaged) || prunePatterns.some((p) => p.includes("*")),
      },
    });

    progress(`Reading the identity store and ${managedPs.length} managed permission sets in full`);
    const staleProvisioning: Record<string, AccountId[]> = {};
    const [snap] = await Promise.all([
      readIdentityStore(idReader, named, budget),
      Promise.all(
        managedPs.map(async (ps) => {
          const [spec, stale] = await Promise.all([
            readSpec(psReader, ps.arn, ps.name),
            readProvisionedAccounts(psReader, ps.arn, "LATEST_PERMISSION_SET_NOT_PROVISIONED"),
          ]);
          ps.spec = spec;
          if (stale.length > 0) staleProvisioning[ps.name] = stale;
        }),
      ),
    ]);
    const users = [...snap.users.values()];
    const groups = [...snap.groups.values()];

    const managedGroupNames = new Set(desired.groups.filter((g) => !g.external).map((g) => g.name));
    await Promise.all(
      groups
        .filter((g) => managedGroupNames.has(g.name))
        .map(async (g) => {
          g.memberUserIds = await readMemberUserIds(idReader, g.groupId);
        }),
    );

    const changed = new Set(
      managedPs
        .filter((ps) => {
          const d = desiredPs.get(ps.name);
          return d !== undefined && ps.spec !== undefined && changedFields(d, ps.spec).length > 0;
        })
        .map((ps) => ps.name),
    );
    const fileUsers = new Set(named.users);
    const fileGroups = new Set(desired.groups.map((g) => g.name));
    const managedPrincipals: (PrincipalId & { expected: number })[] = [
      ...users
        .filter((u) => fileUsers.has(u.userName))
        .map((u) => ({
          type: "USER" as const,
          id: u.userId,
          expected: counts.principal("users", u.userName),
        })),
      ...groups
        .filter((g) => fileGroups.has(g.name) || matchesAny(g.name, prunePatterns))
        .map((g) => ({
          type: "GROUP" as const,
          id: g.groupId,
          expected: counts.principal("groups", g.name),
        })),
    ];
    const everyone: PrincipalId[] | undefined =
      snap.complete.users && snap.complete.groups
        ? [
            ...users.map((u) => ({ type: "USER" as const, id: u.userId })),
            ...groups.map((g) => ({ type: "GROUP" as const, id: g.groupId })),
          ]
        : undefined;
    const sets = estimate(managedPs, changed);
    const choice = chooseStrategy({
      ...(everyone
        ? {
            allPrincipals: [
              ...users.map((u) => counts.principal("users", u.userName)),
              ...groups.map((g) => counts.principal("groups", g.name)),
            ],
          }
        : {}),
      managedPrincipals: managedPrincipals.map((p) => p.expected),
      sets,
    });
    const predictedCalls = total(callsSince(clients, before)) + choice.predictedCalls;

    progress(
      `Read ${users.length} users, ${groups.length} groups, ${permissionSets.length} permission sets; ` +
        `reading account assignments ${choice.strategy}`,
    );
    const provisionedFor =
      choice.strategy === "per-set" ? managedPs : managedPs.filter((ps) => changed.has(ps.name));
    const provisioned = new Map(
      await Promise.all(
        provisionedFor.map(async (ps) => [ps.name, await readProvisionedAccounts(psReader, ps.arn)] as const),
      ),
    );
    const assignmentReader = { clients, instanceArn: inst.instanceArn, limit };
    const raw =
      choice.strategy === "per-principal" && everyone
        ? await readByPrincipal(assignmentReader, everyone)
        : (
            await Promise.all([
              readByPrincipal(assignmentReader, managedPrincipals),
              readBySetAndAccount(
                assignmentReader,
                managedPs.flatMap((ps) =>
                  (provisioned.get(ps.name) ?? []).map((accountId) => ({
                    permissionSetArn: ps.arn,
                    accountId,
                  })),
                ),
              ),
            ])
          ).flat();
    const managedIds = new Set(managedPrincipals.map((p) => `${p.type}|${p.id}`));
    const managedArns = new Set(managedPs.map((ps) => ps.arn));
    const assignments = uniqueAssignments(
      raw.filter(
        (a) => managedArns.has(a.permissionSetArn) || managedIds.has(`${a.principalType}|${a.principalId}`),
      ),
    );
    progress(`Read ${assignments.length} account assignments`);

    await describeUnknownIds(idReader, snap, {
      users: [
        ...groups.flatMap((g) => g.memberUserIds ?? []),
        ...assignments.filter((a) => a.principalType === "USER").map((a) => a.principalId),
      ],
      groups: assignments.filter((a) => a.principalType === "GROUP").map((a) => a.principalId),
    });

    const made = callsSince(clients, before);
    const actual: Actual = {
      instanceArn: inst.instanceArn,
      identityStoreId: inst.identityStoreId,
      users: [...snap.users.values()].sort((a, b) => cmp(a.userName, b.userName) || cmp(a.userId, b.userId)),
      groups: [...snap.groups.values()].sort((a, b) => cmp(a.name, b.name) || cmp(a.groupId, b.groupId)),
      identityStoreComplete: { ...snap.complete },
      permissionSets,
      assignments,
      staleProvisioning: sortRecord(staleProvisioning),
      // Only the changed sets' accounts, whatever the strategy read: the Actual must not depend on it.
      provisionedAccounts: sortRecord(
        Object.fromEntries(
          [...provisioned].filter(([name]) => changed.has(name)).map(([n, a]) => [n, [...a]]),
        ),
      ),
      ouAccounts,
    };
    const report: ReadReport = {
      strategy: choice.strategy,
      reason: choice.reason,
      predictedCalls,
      calls: total(made),
      callsByOperation: made,
      costs: choice.costs,
      listed: { ...snap.complete },
    };
    return { actual, report };
  });
}

function uniqueAssignments(items: ActualAssignment[]): ActualAssignment[] {
  const seen = new Map<string, ActualAssignment>();
  for (const a of items)
    seen.set(`${a.principalType}|${a.principalId}|${a.permissionSetArn}|${a.accountId}`, a);
  return [...seen.entries()].sort(([a], [b]) => cmp(a, b)).map(([, v]) => v);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortRecord<T>(r: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => cmp(a, b)));
}
