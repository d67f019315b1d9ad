/**
 * actualFromDesired: the AWS state that exactly realises a Desired, written independently of the
 * engine (its own rule expansion, no engine imports besides types), so "plan(d, realise(d)) is
 * empty" really checks the planner against a second implementation.
 */
import type {
  AccountId,
  Actual,
  ActualAssignment,
  ActualGroup,
  ActualPermissionSet,
  ActualUser,
  Desired,
} from "../../../src/engine/model.ts";

export const REALISED_INSTANCE = "arn:aws:sso:::instance/ssoins-7777777777777777";
export const REALISED_STORE = "d-7777777777";

export function realisedUserId(i: number): string {
  return `9000000${i}-user`;
}

export function realisedGroupId(i: number): string {
  return `9000000${i}-group`;
}

export function realisedArn(i: number): string {
  return `${REALISED_INSTANCE.replace("instance/", "permissionSet/")}/ps-${i.toString(16).padStart(16, "0")}`;
}

export function actualFromDesired(desired: Desired, ouAccounts: Record<string, AccountId[]>): Actual {
  const users: ActualUser[] = desired.users
    .filter((u) => !u.remove || u.external)
    .map((u, i) => ({
      userId: realisedUserId(i),
      userName: u.userName,
      displayName: u.displayName,
      givenName: u.givenName,
      familyName: u.familyName,
      email: u.email,
    }));
  const userId = (name: string) => users.find((u) => u.userName === name)?.userId ?? "missing";

  const groups: ActualGroup[] = desired.groups.map((g, i) => ({
    groupId: realisedGroupId(i),
    name: g.name,
    description: g.external ? "maintained elsewhere" : g.description,
    ...(g.external ? {} : { memberUserIds: g.members.map(userId) }),
  }));
  const groupId = (name: string) => groups.find((g) => g.name === name)?.groupId ?? "missing";

  const permissionSets: ActualPermissionSet[] = desired.permissionSets.map((spec, i) => ({
    arn: realisedArn(i),
    name: spec.name,
    spec: structuredClone(spec),
  }));
  const psArn = (name: string) => permissionSets.find((p) => p.name === name)?.arn ?? "missing";

  const assignments: ActualAssignment[] = [];
  const seen = new Set<string>();
  for (const rule of desired.assignmentRules) {
    const accounts = rule.targets.flatMap((t) =>
      t.kind === "account" ? [t.accountId] : (ouAccounts[t.ouId] ?? []),
    );
    for (const p of rule.principals)
      for (const ps of rule.permissionSets)
        for (const accountId of accounts) {
          const a: ActualAssignment = {
            principalType: p.type,
            principalId: p.type === "USER" ? userId(p.name) : groupId(p.name),
            permissionSetArn: psArn(ps),
            accountId,
          };
          const key = JSON.stringify(a);
          if (seen.has(key)) continue;
          seen.add(key);
          assignments.push(a);
        }
  }

  const provisionedAccounts: Record<string, AccountId[]> = Object.fromEntries(
    permissionSets.map((ps) => [
      ps.name,
      [...new Set(assignments.filter((a) => a.permissionSetArn === ps.arn).map((a) => a.accountId))],
    ]),
  );

  return {
    instanceArn: REALISED_INSTANCE,
    identityStoreId: REALISED_STORE,
    users,
    groups,
    permissionSets,
    assignments,
    staleProvisioning: {},
    provisionedAccounts,
    ouAccounts,
  };
}
