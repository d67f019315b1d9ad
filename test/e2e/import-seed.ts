/**
 * An existing Identity Center instance as an organisation has it before it adopts keyless, set up
 * through the AWS API (as a boto3 script would) against moto behind the Identity Center stand-in
 * (which keeps what moto lacks: tags, permissions boundaries, provisioning, ExternalIds):
 *
 * - an organization of 11 accounts: OU workloads (nested dev, staging, prod OUs), OU sandbox (one
 *   account), and shared / security / audit under the root;
 * - 10 managed users and 4 users synced from an external IdP; 4 managed groups and 1 external group;
 * - 44 permission sets of mixed kinds: the 8 presets as keyless renders them, 4 presets with extra
 *   statements, 12 hand-written inline policies, AWS-managed and customer-managed policies,
 *   permissions boundaries, relay states, session durations, tags (some with managed-by, most without);
 * - 111 account assignments, most of them exactly the accounts of an OU (or of nested OUs).
 */
import {
  CreateGroupCommand,
  CreateGroupMembershipCommand,
  CreateUserCommand,
  IdentitystoreClient,
} from "@aws-sdk/client-identitystore";
import {
  AttachCustomerManagedPolicyReferenceToPermissionSetCommand,
  AttachManagedPolicyToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  ListInstancesCommand,
  PutInlinePolicyToPermissionSetCommand,
  PutPermissionsBoundaryToPermissionSetCommand,
  SSOAdminClient,
} from "@aws-sdk/client-sso-admin";
import { renderedPresets } from "../../src/import/presets.ts";
import type { OrgSpec } from "../helpers/org-fixture.ts";
import type { IdentityCenterProxy } from "../standins/identity-center-proxy.ts";

export const IMPORT_ORG: OrgSpec = {
  accounts: [
    "dev-a",
    "dev-b",
    "staging-a",
    "staging-b",
    "prod-a",
    "prod-b",
    "prod-c",
    "sandbox-1",
    "shared",
    "security",
    "audit",
  ],
  ous: {
    workloads: {},
    dev: { parent: "workloads", accounts: ["dev-a", "dev-b"] },
    staging: { parent: "workloads", accounts: ["staging-a", "staging-b"] },
    prod: { parent: "workloads", accounts: ["prod-a", "prod-b", "prod-c"] },
    sandbox: { accounts: ["sandbox-1"] },
  },
};

export interface SeededInstance {
  instanceArn: string;
  identityStoreId: string;
  userIds: Record<string, string>;
  groupIds: Record<string, string>;
  permissionSetArns: Record<string, string>;
  assignments: number;
}

const MANAGED = [
  "arn:aws:iam::aws:policy/ReadOnlyAccess",
  "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
  "arn:aws:iam::aws:policy/PowerUserAccess",
  "arn:aws:iam::aws:policy/SecurityAudit",
];

interface SetSeed {
  name: string;
  description?: string;
  sessionDuration?: string;
  relayState?: string;
  inline?: unknown;
  managed?: string[];
  customer?: { Name: string; Path?: string }[];
  boundary?:
    | { ManagedPolicyArn: string }
    | { CustomerManagedPolicyReference: { Name: string; Path?: string } };
  tags?: Record<string, string>;
}

function permissionSetSeeds(): SetSeed[] {
  const presets = renderedPresets();
  const seeds: SetSeed[] = [];
  // The eight presets exactly as keyless renders them (adopted from an earlier keyless, or copied).
  for (const p of presets)
    seeds.push({
      name: p.name,
      description: `Terraform: ${p.name.slice("terraform-".length)}`,
      sessionDuration: "PT8H",
      inline: p.document,
      tags:
        p.name === "terraform-core" ? { "managed-by": "keyless", team: "platform" } : { team: "platform" },
    });
  // Presets with statements of the team's own after them.
  for (const [i, p] of presets.slice(0, 4).entries())
    seeds.push({
      name: `${p.name}-plus`,
      sessionDuration: "PT4H",
      inline: {
        ...p.document,
        Statement: [
          ...p.document.Statement,
          { Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::artifacts-${i}/*` },
        ],
      },
    });
  // Hand-written inline policies, in the shapes people write them.
  for (let i = 0; i < 12; i++)
    seeds.push({
      name: `app-${String(i).padStart(2, "0")}`,
      description: `Application team ${i}`,
      sessionDuration: i % 3 === 0 ? "PT12H" : "PT2H",
      ...(i % 4 === 0 ? { relayState: "https://console.aws.amazon.com/s3/home" } : {}),
      inline:
        i % 2 === 0
          ? {
              Version: "2012-10-17",
              Statement: {
                Sid: `App${i}`,
                Effect: "Allow",
                Action: ["s3:GetObject", "s3:ListBucket"],
                Resource: [`arn:aws:s3:::app-${i}`, `arn:aws:s3:::app-${i}/*`],
                Condition: {
                  Bool: { "aws:SecureTransport": "true" },
                  NumericLessThan: { "aws:MultiFactorAuthAge": 3600 },
                },
              },
            }
          : {
              Version: "2012-10-17",
              Statement: [
                {
                  Effect: "Allow",
                  Action: "dynamodb:GetItem",
                  Resource: `arn:aws:dynamodb:eu-central-1:*:table/app-${i}`,
                },
                { Effect: "Deny", Action: "dynamodb:DeleteTable", Resource: "*" },
              ],
            },
      ...(i % 5 === 0 ? { tags: { costCenter: `cc-${i}`, "managed-by": "terraform" } } : {}),
    });
  // AWS-managed policies only.
  for (let i = 0; i < 8; i++)
    seeds.push({
      name: `managed-${i}`,
      description: "Read access from AWS-managed policies",
      managed: MANAGED.slice(0, 1 + (i % MANAGED.length)),
    });
  // Customer-managed policies (the policy must exist in each account; Identity Center only names it).
  for (let i = 0; i < 6; i++)
    seeds.push({
      name: `customer-${i}`,
      customer: [{ Name: `TeamPolicy${i}`, ...(i % 2 === 1 ? { Path: "/teams/" } : {}) }, { Name: "Common" }],
      ...(i % 3 === 0 ? { managed: [MANAGED[0]!] } : {}),
      ...(i % 2 === 0
        ? { boundary: { ManagedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" } }
        : { boundary: { CustomerManagedPolicyReference: { Name: "Boundary", Path: "/fence/" } } }),
    });
  // Admin-like sets with a boundary and a relay state.
  for (let i = 0; i < 6; i++)
    seeds.push({
      name: `ops-${i}`,
      description: `Operations ${i}`,
      sessionDuration: "PT1H",
      relayState: "https://console.aws.amazon.com/cloudwatch/home",
      managed: ["arn:aws:iam::aws:policy/PowerUserAccess"],
      boundary: { CustomerManagedPolicyReference: { Name: "OpsBoundary" } },
      tags: { team: "ops", tier: String(i) },
    });
  return seeds;
}

const USERS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"];
const EXTERNAL_USERS = ["okta.mallory", "okta.niaj", "okta.olivia", "okta.peggy"];

export async function seedInstance(
  endpoint: string,
  region: string,
  proxy: IdentityCenterProxy,
  accounts: Record<string, string>,
): Promise<SeededInstance> {
  const creds = { accessKeyId: "testing", secretAccessKey: "testing" };
  const sso = new SSOAdminClient({ region, endpoint, credentials: creds });
  const ids = new IdentitystoreClient({ region, endpoint, credentials: creds });
  try {
    const inst = (await sso.send(new ListInstancesCommand({}))).Instances?.[0];
    const InstanceArn = inst?.InstanceArn;
    const IdentityStoreId = inst?.IdentityStoreId;
    if (!InstanceArn || !IdentityStoreId) throw new Error("moto has no Identity Center instance");

    const userIds: Record<string, string> = {};
    for (const name of [...USERS, ...EXTERNAL_USERS]) {
      const res = await ids.send(
        new CreateUserCommand({
          IdentityStoreId,
          UserName: name,
          DisplayName: `${name} Example`,
          Name: { GivenName: name, FamilyName: "Example" },
          Emails: [{ Value: `${name}@example.com`, Type: "work", Primary: true }],
        }),
      );
      userIds[name] = res.UserId!;
    }
    for (const name of EXTERNAL_USERS) proxy.markExternal(userIds[name]!);

    const groupIds: Record<string, string> = {};
    const groups: Record<string, { description?: string; members: string[] }> = {
      "platform-engineers": { description: "Platform team", members: ["alice", "bob", "okta.mallory"] },
      developers: { description: "Product developers", members: ["carol", "dave", "erin", "okta.niaj"] },
      "prod-readers": { members: ["frank", "grace"] },
      "security team": { description: "Security: audits & incidents", members: ["heidi", "ivan"] },
      "okta-admins": { members: [] },
    };
    for (const [name, g] of Object.entries(groups)) {
      const res = await ids.send(
        new CreateGroupCommand({
          IdentityStoreId,
          DisplayName: name,
          ...(g.description ? { Description: g.description } : {}),
        }),
      );
      groupIds[name] = res.GroupId!;
      for (const m of g.members)
        await ids.send(
          new CreateGroupMembershipCommand({
            IdentityStoreId,
            GroupId: res.GroupId!,
            MemberId: { UserId: userIds[m]! },
          }),
        );
    }
    proxy.markExternal(groupIds["okta-admins"]!);

    const permissionSetArns: Record<string, string> = {};
    for (const s of permissionSetSeeds()) {
      const res = await sso.send(
        new CreatePermissionSetCommand({
          InstanceArn,
          Name: s.name,
          SessionDuration: s.sessionDuration ?? "PT1H",
          ...(s.description ? { Description: s.description } : {}),
          ...(s.relayState ? { RelayState: s.relayState } : {}),
          ...(s.tags ? { Tags: Object.entries(s.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
        }),
      );
      const PermissionSetArn = res.PermissionSet!.PermissionSetArn!;
      permissionSetArns[s.name] = PermissionSetArn;
      const base = { InstanceArn, PermissionSetArn };
      if (s.inline !== undefined)
        await sso.send(
          new PutInlinePolicyToPermissionSetCommand({ ...base, InlinePolicy: JSON.stringify(s.inline) }),
        );
      for (const ManagedPolicyArn of s.managed ?? [])
        await sso.send(new AttachManagedPolicyToPermissionSetCommand({ ...base, ManagedPolicyArn }));
      for (const ref of s.customer ?? [])
        await sso.send(
          new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({
            ...base,
            CustomerManagedPolicyReference: ref,
          }),
        );
      if (s.boundary)
        await sso.send(
          new PutPermissionsBoundaryToPermissionSetCommand({ ...base, PermissionsBoundary: s.boundary }),
        );
    }

    const ou = (names: string[]) => names.map((n) => accounts[n]!);
    const workloads = ou(["dev-a", "dev-b", "staging-a", "staging-b", "prod-a", "prod-b", "prod-c"]);
    const grants: { principal: ["USER" | "GROUP", string]; sets: string[]; accounts: string[] }[] = [
      // OU-shaped: exactly the accounts of workloads (nested OUs), of dev, of prod.
      {
        principal: ["GROUP", groupIds["platform-engineers"]!],
        sets: renderedPresets().map((p) => p.name),
        accounts: workloads,
      },
      {
        principal: ["GROUP", groupIds.developers!],
        sets: ["app-00", "app-01", "app-02", "terraform-core-plus"],
        accounts: ou(["dev-a", "dev-b"]),
      },
      {
        principal: ["GROUP", groupIds.developers!],
        sets: ["app-07", "app-08"],
        accounts: ou(["staging-a", "staging-b"]),
      },
      {
        principal: ["GROUP", groupIds["platform-engineers"]!],
        sets: ["managed-5", "managed-6", "managed-7"],
        accounts: ou(["shared", "security", "audit"]),
      },
      {
        principal: ["GROUP", groupIds["prod-readers"]!],
        sets: ["managed-0", "managed-1", "managed-2"],
        accounts: ou(["prod-a", "prod-b", "prod-c"]),
      },
      // Not OU-shaped: part of an OU plus accounts under the root.
      {
        principal: ["GROUP", groupIds["security team"]!],
        sets: ["managed-3", "ops-0", "customer-0"],
        accounts: ou(["security", "audit", "prod-a"]),
      },
      {
        principal: ["GROUP", groupIds["okta-admins"]!],
        sets: ["ops-1", "ops-2"],
        accounts: ou(["shared", "security"]),
      },
      // Direct user assignments, external users included; a one-account OU stays an account target.
      {
        principal: ["USER", userIds.alice!],
        sets: ["app-03", "app-04", "customer-1"],
        accounts: ou(["sandbox-1", "shared"]),
      },
      { principal: ["USER", userIds.judy!], sets: ["app-05"], accounts: ou(["staging-a", "staging-b"]) },
      {
        principal: ["USER", userIds["okta.olivia"]!],
        sets: ["app-06", "managed-4"],
        accounts: ou(["shared"]),
      },
      { principal: ["USER", userIds["okta.peggy"]!], sets: ["ops-3"], accounts: ou(["dev-a", "prod-c"]) },
    ];
    let assignments = 0;
    for (const g of grants)
      for (const set of g.sets)
        for (const TargetId of g.accounts) {
          await sso.send(
            new CreateAccountAssignmentCommand({
              InstanceArn,
              PermissionSetArn: permissionSetArns[set]!,
              PrincipalType: g.principal[0],
              PrincipalId: g.principal[1],
              TargetType: "AWS_ACCOUNT",
              TargetId,
            }),
          );
          assignments++;
        }
    return {
      instanceArn: InstanceArn,
      identityStoreId: IdentityStoreId,
      userIds,
      groupIds,
      permissionSetArns,
      assignments,
    };
  } finally {
    sso.destroy();
    ids.destroy();
  }
}
