/**
 * The structure a saved plan must have before apply trusts it. A plan file is our own output, but it
 * crosses a file system (and maybe a CI artifact store): a truncated, hand-edited or foreign file must
 * be refused with a message, not crash the executor halfway. Objects are loose so fields added later
 * (within format version 1) survive a round trip.
 */
import { z } from "zod";
import { parseTarget } from "../engine/targets.ts";

const str = z.string();
const action = z.enum(["create", "update", "delete"]);
const base = { address: str.min(1), broadensAccess: z.boolean(), reason: str.optional() };

const userSpec = z.looseObject({
  userName: str,
  displayName: str,
  givenName: str,
  familyName: str,
  email: str,
});
const groupSpec = z.looseObject({ description: str });
const customerRef = z.looseObject({ name: str, path: str });
const boundary = z.union([
  z.looseObject({ kind: z.literal("managed"), arn: str }),
  z.looseObject({ kind: z.literal("customer"), name: str, path: str }),
]);
const permissionSetSpec = z.looseObject({
  name: str,
  description: str,
  sessionDuration: str,
  relayState: str,
  inlinePolicy: str,
  managedPolicies: z.array(str),
  customerManagedPolicies: z.array(customerRef),
  permissionsBoundary: boundary.nullable(),
  tags: z.record(str, str),
});
const field = z.enum([
  "description",
  "sessionDuration",
  "relayState",
  "inlinePolicy",
  "managedPolicies",
  "customerManagedPolicies",
  "permissionsBoundary",
  "tags",
]);

const settingValue = z.looseObject({
  setting: z.enum([
    "versioning",
    "encryption",
    "public_access_block",
    "ownership",
    "policy",
    "lifecycle",
    "logging",
    "tags",
  ]),
});
const kmsKeySpec = z.looseObject({
  alias: str,
  rotation: z.boolean(),
  policy: str,
  tags: z.record(str, str),
});
const lockTableSpec = z.looseObject({
  name: str,
  billingMode: str,
  pointInTimeRecovery: z.boolean(),
  sseKms: z.boolean(),
  tags: z.record(str, str),
});
const forward = z.enum(["create", "update"]);
const ciRoleSpec = z.looseObject({
  name: str,
  path: str,
  description: str,
  maxSessionDuration: z.number().int(),
  trustPolicy: str,
  inlinePolicies: z.record(str, str),
  managedPolicies: z.array(str),
  permissionsBoundary: str.nullable(),
  tags: z.record(str, str),
});

const change = z
  .discriminatedUnion("kind", [
    z.looseObject({
      kind: z.literal("user"),
      action,
      ...base,
      userName: str,
      after: userSpec.optional(),
      before: userSpec.optional(),
      userId: str.optional(),
    }),
    z.looseObject({
      kind: z.literal("group"),
      action,
      ...base,
      name: str,
      after: groupSpec.optional(),
      before: groupSpec.optional(),
      groupId: str.optional(),
    }),
    z.looseObject({
      kind: z.literal("membership"),
      action: z.enum(["create", "delete"]),
      ...base,
      group: str,
      userName: str,
      userId: str.optional(),
      groupId: str.optional(),
    }),
    z.looseObject({
      kind: z.literal("permission_set"),
      action,
      ...base,
      name: str,
      after: permissionSetSpec.optional(),
      before: permissionSetSpec.optional(),
      arn: str.optional(),
      changedFields: z.array(field),
      reprovisionAccounts: z.array(str),
    }),
    z.looseObject({
      kind: z.literal("provisioning"),
      action: z.literal("update"),
      ...base,
      permissionSet: str,
      arn: str,
      accounts: z.array(str),
    }),
    z.looseObject({
      kind: z.literal("assignment"),
      action: z.enum(["create", "delete"]),
      ...base,
      principal: z.looseObject({ type: z.enum(["USER", "GROUP"]), name: str }),
      permissionSet: str,
      accountId: str,
      via: str.optional(),
      principalId: str.optional(),
      permissionSetArn: str.optional(),
    }),
    // State backend changes: create and update only (keyless never deletes the bucket, key or table).
    z.looseObject({
      kind: z.literal("state_bucket"),
      action: z.literal("create"),
      ...base,
      bucket: str,
      region: str,
    }),
    z.looseObject({
      kind: z.literal("state_bucket_setting"),
      action: forward,
      ...base,
      bucket: str,
      setting: settingValue.shape.setting,
      before: settingValue.optional(),
      after: settingValue,
      weakens: z.boolean(),
      pendingKmsKey: str.optional(),
    }),
    z.looseObject({
      kind: z.literal("kms_key"),
      action: forward,
      ...base,
      alias: str,
      keyId: str.optional(),
      before: kmsKeySpec.optional(),
      after: kmsKeySpec,
      changedFields: z.array(z.enum(["rotation", "policy"])),
    }),
    z.looseObject({
      kind: z.literal("lock_table"),
      action: forward,
      ...base,
      table: str,
      before: lockTableSpec.optional(),
      after: lockTableSpec,
      changedFields: z.array(z.enum(["billingMode", "pointInTimeRecovery", "sseKms", "tags"])),
    }),
    // CI: providers are created or updated only (never deleted).
    z.looseObject({
      kind: z.literal("ci_oidc_provider"),
      action: forward,
      ...base,
      accountId: str,
      url: str,
      arn: str,
      clientIds: z.array(str),
      before: z.array(str).optional(),
    }),
    z.looseObject({
      kind: z.literal("ci_role"),
      action,
      ...base,
      accountId: str,
      name: str,
      after: ciRoleSpec.optional(),
      before: ciRoleSpec.optional(),
      changedFields: z.array(
        z.enum([
          "trustPolicy",
          "inlinePolicies",
          "managedPolicies",
          "permissionsBoundary",
          "tags",
          "maxSessionDuration",
          "description",
        ]),
      ),
    }),
  ])
  .superRefine((c, ctx) => {
    // The executor needs the new values to create or update, and the old ones to compute an update.
    if (c.kind === "ci_role" && c.action === "delete" && !c.before)
      ctx.addIssue({ code: "custom", path: ["before"], message: "required for delete" });
    if (c.kind !== "user" && c.kind !== "group" && c.kind !== "permission_set" && c.kind !== "ci_role")
      return;
    if (c.action !== "delete" && !c.after)
      ctx.addIssue({ code: "custom", path: ["after"], message: `required for ${c.action}` });
    if (c.action === "update" && !c.before)
      ctx.addIssue({ code: "custom", path: ["before"], message: "required for update" });
  });

const count = z.number().int().nonnegative();
const idMap = z.record(str, str);

export const planSchema = z.looseObject({
  formatVersion: z.literal(1),
  fingerprint: str.min(1),
  instanceArn: str,
  identityStoreId: str,
  region: str,
  prune: z.boolean(),
  changes: z.array(change),
  pruneCandidates: z.array(change),
  unmanaged: z.looseObject({
    users: count,
    groups: count,
    permissionSets: count,
    assignments: count,
    ciRoles: count.optional(),
    notCounted: z.array(z.enum(["users", "groups"])).optional(),
  }),
  notes: z.array(str),
  problems: z.array(str).default([]),
  warnings: z.array(str).default([]),
  /** `-target` addresses; each must be one keyless can parse (apply recomputes with them). */
  targets: z
    .array(
      str.superRefine((t, ctx) => {
        const parsed = parseTarget(t);
        if (!parsed.ok)
          ctx.addIssue({ code: "custom", message: `target ${JSON.stringify(t)}: ${parsed.problem}` });
      }),
    )
    .min(1)
    .optional(),
  /** Display only (checked against the policy when shown, see preset-view.ts). */
  presets: z
    .record(str, z.object({ preset: str, params: z.record(str, z.union([str, z.array(str)])) }))
    .optional(),
  ids: z.looseObject({ users: idMap, groups: idMap, permissionSets: idMap }),
  ciAccess: z
    .array(
      z.looseObject({
        accountId: str,
        roleArn: str.nullable(),
        externalId: z.boolean(),
        reached: z.boolean(),
      }),
    )
    .optional(),
});
