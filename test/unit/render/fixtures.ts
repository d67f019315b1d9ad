/** Plans for the renderer tests, built from small pieces so each test states only what it varies. */
import type { PermissionSetSpec } from "../../../src/engine/model.ts";
import type { Change, Plan } from "../../../src/engine/plan-types.ts";

/** `problems` is accepted whether or not Plan declares it yet. */
export function emptyPlan(overrides: Partial<Plan> & { problems?: string[] } = {}): Plan {
  return {
    formatVersion: 1,
    fingerprint: "sha256:0f1e2d",
    instanceArn: "arn:aws:sso:::instance/ssoins-1111111111111111",
    identityStoreId: "d-1234567890",
    region: "eu-central-1",
    prune: false,
    changes: [],
    pruneCandidates: [],
    unmanaged: { users: 0, groups: 0, permissionSets: 0, assignments: 0 },
    notes: [],
    problems: [],
    warnings: [],
    ids: { users: {}, groups: {}, permissionSets: {} },
    ...overrides,
  } as Plan;
}

export const READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
export const PS_ARN = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222";

export function psSpec(overrides: Partial<PermissionSetSpec> = {}): PermissionSetSpec {
  return {
    name: "terraform-core",
    description: "",
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

const POLICY_BEFORE =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"}]}';
const POLICY_AFTER =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"*"}]}';

/** Every kind and action once, in apply order (creates/updates, then deletes). */
export function mixedChanges(): Change[] {
  const dave = {
    userName: "dave",
    displayName: "Dave Platform",
    givenName: "Dave",
    familyName: "Platform",
    email: "dave@example.com",
  };
  const erin = {
    userName: "erin",
    displayName: "Erin",
    givenName: "Erin",
    familyName: "Ops",
    email: "erin@old.example",
  };
  return [
    {
      kind: "user",
      action: "create",
      address: 'user["dave"]',
      broadensAccess: false,
      userName: "dave",
      after: dave,
    },
    {
      kind: "user",
      action: "update",
      address: 'user["erin"]',
      broadensAccess: false,
      userName: "erin",
      userId: "u-erin",
      before: erin,
      after: { ...erin, email: "erin@example.com" },
    },
    {
      kind: "group",
      action: "create",
      address: 'group["platform-engineers"]',
      broadensAccess: false,
      name: "platform-engineers",
      after: { description: "Runs Terraform" },
    },
    {
      kind: "group",
      action: "update",
      address: 'group["auditors"]',
      broadensAccess: false,
      name: "auditors",
      groupId: "g-aud",
      before: { description: "" },
      after: { description: "Read-only" },
    },
    {
      kind: "membership",
      action: "create",
      address: 'membership["platform-engineers", "dave"]',
      broadensAccess: true,
      group: "platform-engineers",
      userName: "dave",
    },
    {
      kind: "permission_set",
      action: "create",
      address: 'permission_set["terraform-readonly"]',
      broadensAccess: false,
      name: "terraform-readonly",
      after: psSpec({
        name: "terraform-readonly",
        description: "Read everything",
        managedPolicies: [READ_ONLY],
        inlinePolicy: '{"Version":"2012-10-17","Statement":[]}',
      }),
      changedFields: [],
      reprovisionAccounts: [],
    },
    {
      kind: "permission_set",
      action: "update",
      address: 'permission_set["terraform-core"]',
      broadensAccess: true,
      reason: "policy widened in keyless.yaml",
      name: "terraform-core",
      arn: PS_ARN,
      before: psSpec({ inlinePolicy: POLICY_BEFORE, tags: { team: "infra" } }),
      after: psSpec({
        sessionDuration: "PT8H",
        inlinePolicy: POLICY_AFTER,
        managedPolicies: [READ_ONLY],
        tags: { team: "platform" },
      }),
      changedFields: ["sessionDuration", "inlinePolicy", "managedPolicies", "tags"],
      reprovisionAccounts: ["111111111111", "222222222222", "333333333333"],
    },
    {
      kind: "provisioning",
      action: "update",
      address: 'provisioning["terraform-admin"]',
      broadensAccess: false,
      reason: "roles not on the latest version",
      permissionSet: "terraform-admin",
      arn: PS_ARN,
      accounts: ["444444444444"],
    },
    {
      kind: "assignment",
      action: "create",
      address: 'assignment["group:platform-engineers", "terraform-core", "111111111111"]',
      broadensAccess: true,
      principal: { type: "GROUP", name: "platform-engineers" },
      permissionSet: "terraform-core",
      accountId: "111111111111",
      via: "ou:workloads",
    },
    {
      kind: "assignment",
      action: "delete",
      address: 'assignment["user:erin", "terraform-core", "222222222222"]',
      broadensAccess: false,
      principal: { type: "USER", name: "erin" },
      permissionSet: "terraform-core",
      accountId: "222222222222",
      principalId: "u-erin",
      permissionSetArn: PS_ARN,
    },
    {
      kind: "permission_set",
      action: "delete",
      address: 'permission_set["terraform-old"]',
      broadensAccess: false,
      name: "terraform-old",
      arn: PS_ARN,
      before: psSpec({ name: "terraform-old" }),
      changedFields: [],
      reprovisionAccounts: [],
    },
    {
      kind: "membership",
      action: "delete",
      address: 'membership["auditors", "erin"]',
      broadensAccess: false,
      group: "auditors",
      userName: "erin",
      userId: "u-erin",
      groupId: "g-aud",
    },
    {
      kind: "group",
      action: "delete",
      address: 'group["old-team"]',
      broadensAccess: false,
      name: "old-team",
      groupId: "g-old",
      before: { description: "gone" },
    },
    {
      kind: "user",
      action: "delete",
      address: 'user["frank"]',
      broadensAccess: false,
      userName: "frank",
      userId: "u-frank",
      before: {
        userName: "frank",
        displayName: "Frank",
        givenName: "Frank",
        familyName: "F",
        email: "frank@example.com",
      },
    },
  ];
}
