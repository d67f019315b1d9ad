/** Builders for plans and changes in executor tests. Addresses follow the planner's format. */
import type { ApplicablePlan } from "../../../src/apply/assert-applicable.ts";
import type { PermissionSetSpec, PrincipalRef, UserSpec } from "../../../src/engine/model.ts";
import {
  type AssignmentChange,
  type Change,
  type GroupChange,
  type MembershipChange,
  type PermissionSetChange,
  type PermissionSetField,
  PLAN_FORMAT_VERSION,
  type Plan,
  type ProvisioningChange,
  type UserChange,
} from "../../../src/engine/plan-types.ts";

export function makePlan(changes: Change[], ids: Partial<Plan["ids"]> = {}): ApplicablePlan {
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    fingerprint: "sha256:test",
    instanceArn: "arn:aws:sso:::instance/ssoins-test",
    identityStoreId: "d-test",
    region: "eu-central-1",
    prune: true,
    changes,
    pruneCandidates: [],
    unmanaged: { users: 0, groups: 0, permissionSets: 0, assignments: 0 },
    notes: [],
    problems: [],
    warnings: [],
    ids: { users: {}, groups: {}, permissionSets: {}, ...ids },
  };
}

export function userSpec(userName: string): UserSpec {
  return {
    userName,
    displayName: `${userName} Test`,
    givenName: userName,
    familyName: "Test",
    email: `${userName}@example.com`,
  };
}

export function psSpec(name: string, overrides: Partial<PermissionSetSpec> = {}): PermissionSetSpec {
  return {
    name,
    description: `${name} access`,
    sessionDuration: "PT8H",
    relayState: "",
    inlinePolicy: "",
    managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
    customerManagedPolicies: [],
    permissionsBoundary: null,
    tags: {},
    ...overrides,
  };
}

export function userCreate(userName: string): UserChange {
  return {
    kind: "user",
    action: "create",
    address: `user["${userName}"]`,
    broadensAccess: false,
    userName,
    after: userSpec(userName),
  };
}

export function userUpdate(userName: string, userId: string): UserChange {
  return {
    kind: "user",
    action: "update",
    address: `user["${userName}"]`,
    broadensAccess: false,
    userName,
    userId,
    before: userSpec(userName),
    after: { ...userSpec(userName), displayName: `${userName} Renamed` },
  };
}

export function userDelete(userName: string, userId: string): UserChange {
  return {
    kind: "user",
    action: "delete",
    address: `user["${userName}"]`,
    broadensAccess: false,
    userName,
    userId,
    before: userSpec(userName),
  };
}

export function groupCreate(name: string): GroupChange {
  return {
    kind: "group",
    action: "create",
    address: `group["${name}"]`,
    broadensAccess: false,
    name,
    after: { description: `${name} team` },
  };
}

export function groupDelete(name: string, groupId: string): GroupChange {
  return {
    kind: "group",
    action: "delete",
    address: `group["${name}"]`,
    broadensAccess: false,
    name,
    groupId,
    before: { description: `${name} team` },
  };
}

export function membership(
  action: "create" | "delete",
  group: string,
  userName: string,
  ids: { groupId?: string; userId?: string } = {},
): MembershipChange {
  return {
    kind: "membership",
    action,
    address: `membership["${group}", "${userName}"]`,
    broadensAccess: action === "create",
    group,
    userName,
    ...ids,
  };
}

export function psCreate(name: string): PermissionSetChange {
  return {
    kind: "permission_set",
    action: "create",
    address: `permission_set["${name}"]`,
    broadensAccess: true,
    name,
    after: psSpec(name),
    changedFields: [],
    reprovisionAccounts: [],
  };
}

export function psUpdate(
  name: string,
  arn: string,
  changedFields: PermissionSetField[],
  reprovisionAccounts: string[],
): PermissionSetChange {
  return {
    kind: "permission_set",
    action: "update",
    address: `permission_set["${name}"]`,
    broadensAccess: false,
    name,
    arn,
    before: psSpec(name),
    after: psSpec(name, { description: `${name} access, updated`, sessionDuration: "PT4H" }),
    changedFields,
    reprovisionAccounts,
  };
}

export function psDelete(name: string, arn: string): PermissionSetChange {
  return {
    kind: "permission_set",
    action: "delete",
    address: `permission_set["${name}"]`,
    broadensAccess: false,
    name,
    arn,
    before: psSpec(name),
    changedFields: [],
    reprovisionAccounts: [],
  };
}

export function provisioning(permissionSet: string, arn: string, accounts: string[]): ProvisioningChange {
  return {
    kind: "provisioning",
    action: "update",
    address: `provisioning["${permissionSet}"]`,
    broadensAccess: false,
    permissionSet,
    arn,
    accounts,
  };
}

/** `principal` as written in addresses: "user:dave" or "group:platform". */
export function assignment(
  action: "create" | "delete",
  principal: string,
  permissionSet: string,
  accountId: string,
  ids: { principalId?: string; permissionSetArn?: string } = {},
): AssignmentChange {
  const [type, name] = principal.split(":") as [string, string];
  const ref: PrincipalRef = { type: type === "user" ? "USER" : "GROUP", name };
  return {
    kind: "assignment",
    action,
    address: `assignment["${principal}", "${permissionSet}", "${accountId}"]`,
    broadensAccess: action === "create",
    principal: ref,
    permissionSet,
    accountId,
    ...ids,
  };
}

export const ACCOUNT_A = "111111111111";
export const ACCOUNT_B = "222222222222";
export const arnOf = (name: string): string => `arn:aws:sso:::permissionSet/ssoins-test/ps-${name}`;
