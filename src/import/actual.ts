/**
 * The Actual a plan would read for an imported file, built from the import's own snapshot: import
 * checks what it wrote by planning it against this (verify.ts), without another round of AWS calls.
 * Provisioning is not read by import, so nothing is stale and each set counts as provisioned to the
 * accounts it is assigned on.
 */
import type { AccountId, Actual } from "../engine/model.ts";
import { ouClosure } from "./assignments.ts";
import type { ImportSnapshot } from "./snapshot.ts";

export function snapshotToActual(snapshot: ImportSnapshot): Actual {
  const nameOf = new Map(snapshot.permissionSets.map((p) => [p.arn, p.name]));
  const provisioned: Record<string, Set<AccountId>> = {};
  for (const a of snapshot.assignments) {
    const name = nameOf.get(a.permissionSetArn);
    if (name === undefined) continue;
    if (!Object.hasOwn(provisioned, name)) provisioned[name] = new Set();
    provisioned[name]?.add(a.accountId);
  }
  const org = snapshot.organization;
  return {
    instanceArn: snapshot.instanceArn,
    identityStoreId: snapshot.identityStoreId,
    users: snapshot.users.map(({ external: _, ...u }) => u),
    groups: snapshot.groups.map(({ external: _, ...g }) => g),
    permissionSets: snapshot.permissionSets.map((p) => ({
      arn: p.arn,
      name: p.name,
      ...(p.spec ? { spec: p.spec } : {}),
    })),
    assignments: snapshot.assignments,
    staleProvisioning: {},
    provisionedAccounts: Object.fromEntries(Object.entries(provisioned).map(([k, v]) => [k, [...v].sort()])),
    ouAccounts: org ? ouClosure(org) : {},
    ...(org ? { organizationAccounts: Object.fromEntries(org.accounts.map((a) => [a.id, a.status])) } : {}),
  };
}
