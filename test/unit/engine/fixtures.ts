/** Small builders for planner tests: every field spelled out once here, overridden per case. */
import type {
  Actual,
  ActualAssignment,
  ActualGroup,
  ActualUser,
  AssignmentRule,
  Desired,
  DesiredGroup,
  DesiredUser,
  PermissionSetSpec,
  PrincipalRef,
  TargetRef,
} from "../../../src/engine/model.ts";
import type { Change, Plan } from "../../../src/engine/plan-types.ts";

export const STORE = "d-1234567890";
export const INSTANCE = "arn:aws:sso:::instance/ssoins-1111111111111111";
export const DEV = "111111111111";
export const STAGING = "222222222222";
export const PROD = "333333333333";

export function arn(psId: string): string {
  return `arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-${psId}`;
}

export function desired(overrides: Partial<Desired> = {}): Desired {
  return {
    identityCenter: { region: "eu-central-1" },
    accounts: { dev: DEV, staging: STAGING, prod: PROD },
    organizationalUnits: {},
    users: [],
    groups: [],
    permissionSets: [],
    assignmentRules: [],
    prune: { permissionSets: [], groups: [], assignmentsOfManagedPermissionSets: true, enabled: false },
    ...overrides,
  };
}

export function actual(overrides: Partial<Actual> = {}): Actual {
  return {
    instanceArn: INSTANCE,
    identityStoreId: STORE,
    users: [],
    groups: [],
    permissionSets: [],
    assignments: [],
    staleProvisioning: {},
    provisionedAccounts: {},
    ouAccounts: {},
    ...overrides,
  };
}

export function user(userName: string, overrides: Partial<DesiredUser> = {}): DesiredUser {
  return {
    userName,
    displayName: `${userName} Example`,
    givenName: userName,
    familyName: "Example",
    email: `${userName}@example.com`,
    remove: false,
    external: false,
    ...overrides,
  };
}

export function externalUser(userName: string): DesiredUser {
  return {
    userName,
    displayName: "",
    givenName: "",
    familyName: "",
    email: "",
    remove: false,
    external: true,
  };
}

export function removedUser(userName: string): DesiredUser {
  return {
    userName,
    displayName: "",
    givenName: "",
    familyName: "",
    email: "",
    remove: true,
    external: false,
  };
}

/** The identity-store record matching `user(userName)`. */
export function awsUser(userName: string, userId: string, overrides: Partial<ActualUser> = {}): ActualUser {
  const { remove: _r, external: _e, ...spec } = user(userName);
  return { ...spec, userId, ...overrides };
}

export function group(
  name: string,
  members: string[] = [],
  overrides: Partial<DesiredGroup> = {},
): DesiredGroup {
  return { name, description: `${name} team`, members, external: false, ...overrides };
}

export function awsGroup(
  name: string,
  groupId: string,
  memberUserIds: string[] | undefined = [],
  overrides: Partial<ActualGroup> = {},
): ActualGroup {
  return {
    groupId,
    name,
    description: `${name} team`,
    ...(memberUserIds ? { memberUserIds } : {}),
    ...overrides,
  };
}

export function spec(name: string, overrides: Partial<PermissionSetSpec> = {}): PermissionSetSpec {
  return {
    name,
    description: `${name} access`,
    sessionDuration: "PT1H",
    relayState: "",
    inlinePolicy: "",
    managedPolicies: [],
    customerManagedPolicies: [],
    permissionsBoundary: null,
    tags: {},
    ...overrides,
  };
}

export function principal(ref: string): PrincipalRef {
  const [type, ...rest] = ref.split(":");
  return { type: type === "user" ? "USER" : "GROUP", name: rest.join(":") };
}

export function account(name: string, accountId: string): TargetRef {
  return { kind: "account", name, accountId };
}

export function ou(name: string, ouId: string): TargetRef {
  return { kind: "ou", name, ouId };
}

export function rule(principals: string[], permissionSets: string[], targets: TargetRef[]): AssignmentRule {
  return { principals: principals.map(principal), permissionSets, targets };
}

export function awsAssignment(
  principalType: "USER" | "GROUP",
  principalId: string,
  permissionSetArn: string,
  accountId: string,
): ActualAssignment {
  return { principalType, principalId, permissionSetArn, accountId };
}

/** `action address` per change, the shape most assertions compare. */
export function summary(changes: readonly Change[]): string[] {
  return changes.map((c) => `${c.action} ${c.address}`);
}

export function find(plan: Plan, address: string): Change | undefined {
  return [...plan.changes, ...plan.pruneCandidates].find((c) => c.address === address);
}
