/**
 * The shape of keyless.yaml as a zod schema: the single source for validation of each value on its
 * own (types, formats, AWS limits) and for the JSON Schema editors use. Checks that relate values to
 * each other or to other files (references, policy files) live in semantic.ts. Every custom message
 * says what is wrong and what to write instead; the loader prefixes it with file:line:col and the key
 * path, and generates the type / unknown-key messages itself.
 */
import { z } from "zod";
import { catalogSchema } from "./catalog-schema.ts";
import { badCharacterMessage } from "./characters.ts";
import { ciSchema } from "./ci-schema.ts";
import { sessionDurationProblem } from "./duration.ts";
import * as P from "./patterns.ts";
import { prunePatternProblem } from "./prune-patterns.ts";
import { len, matching, onlyChars, text } from "./schema-helpers.ts";
import { StateBackendSchema } from "./state-backend.ts";

const Region = matching(
  P.REGION,
  (v) => `"${v}" is not an AWS region name; write one like eu-central-1`,
).meta({
  description: "The Identity Center home region, e.g. eu-central-1.",
});

const IdentityCenter = z
  .strictObject({
    region: Region,
    instanceArn: matching(
      P.INSTANCE_ARN,
      (v) =>
        `"${v}" is not an Identity Center instance ARN; it looks like arn:aws:sso:::instance/ssoins-0123456789abcdef`,
    )
      .optional()
      .meta({ description: "Instance ARN. Optional: discovered with ListInstances when left out." }),
    identityStoreId: matching(
      P.IDENTITY_STORE_ID,
      (v) => `"${v}" is not an identity store id; it looks like d-1234567890`,
    )
      .optional()
      .meta({ description: "Identity store id (d-xxxxxxxxxx). Optional: discovered with the instance." }),
  })
  .meta({ description: "Where the IAM Identity Center instance lives." });

const TargetName = matching(
  P.TARGET_NAME,
  (v) => `"${v}" is not a usable name; use up to 64 letters, digits and _ . @ + - (no spaces or ":")`,
);

const AccountId = matching(
  P.ACCOUNT_ID,
  (v) => `"${v}" is not an AWS account id; write the 12 digits as a quoted string`,
).meta({ description: "12-digit AWS account id, quoted so YAML keeps leading zeros." });

const OuId = matching(
  P.OU_ID,
  (v) => `"${v}" is not an OU id (ou-xxxx-xxxxxxxx) or root id (r-xxxx); copy it from AWS Organizations`,
).meta({ description: "Organizational unit id (ou-ab12-cdef3456) or root id (r-ab12)." });

const UserName = z
  .string()
  .min(1, { error: "user names must not be empty" })
  .max(P.USER_NAME_MAX, {
    error: (iss) => `user name is ${len(iss.input)} characters long; the limit is ${P.USER_NAME_MAX}`,
  })
  .superRefine((v, ctx) => {
    const message = badCharacterMessage("user name", v, P.USER_NAME_CHARS);
    if (message) ctx.addIssue({ code: "custom", message });
  })
  .refine((v) => !P.RESERVED_USER_NAMES.some((r) => r.toLowerCase() === v.toLowerCase()), {
    error: (iss) => `"${String(iss.input)}" is reserved by IAM Identity Center; choose another user name`,
  });

const IdentityText = (what: string) =>
  onlyChars(text(what, 1, P.IDENTITY_TEXT_MAX), what, P.IDENTITY_TEXT_CHARS);

const MANAGED_USER_FIELDS = ["displayName", "givenName", "familyName", "email"] as const;

const User = z
  .strictObject({
    displayName: IdentityText("displayName")
      .optional()
      .meta({ description: "Shown in the portal. Required for managed users." }),
    givenName: IdentityText("givenName")
      .optional()
      .meta({ description: "First name. Required for managed users." }),
    familyName: IdentityText("familyName")
      .optional()
      .meta({ description: "Last name. Required for managed users." }),
    email: IdentityText("email")
      .regex(P.EMAIL, { error: (iss) => `"${String(iss.input)}" does not look like an email address` })
      .optional()
      .meta({ description: "Primary email address. Required for managed users." }),
    remove: z.boolean().optional().meta({
      description: "true: delete this user from the identity store. The only way keyless deletes a user.",
    }),
    external: z.boolean().optional().meta({
      description: "true: the user exists already (e.g. synced from an IdP); looked up, never written.",
    }),
  })
  .superRefine((u, ctx) => {
    if (u.remove && u.external) {
      ctx.addIssue({
        code: "custom",
        path: ["remove"],
        message: "a user cannot be both remove: true and external: true; keep one",
      });
    }
    const flag = u.remove ? "remove" : u.external ? "external" : undefined;
    for (const field of MANAGED_USER_FIELDS) {
      if (flag && u[field] !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [field],
          message: `${flag}: true users take no other keys; delete ${field}`,
        });
      } else if (!flag && u[field] === undefined) {
        ctx.addIssue({
          code: "custom",
          path: [field],
          message: `missing required key "${field}"; managed users need ${MANAGED_USER_FIELDS.join(", ")} (or mark the user external: true)`,
        });
      }
    }
  })
  .meta({
    description:
      "A user, keyed by userName. Managed users need displayName, givenName, familyName and email; " +
      "{ remove: true } deletes the user, { external: true } only refers to an existing one.",
  });

const GroupName = onlyChars(text("group name", 1, P.IDENTITY_TEXT_MAX), "group name", P.GROUP_NAME_CHARS);

const Group = z
  .strictObject({
    description: IdentityText("description")
      .optional()
      .meta({ description: 'Group description. Default "".' }),
    members: z.array(z.string()).optional().meta({
      description: "userNames of users defined under users (not removed ones). Authoritative.",
    }),
    external: z.boolean().optional().meta({
      description: "true: the group exists already; it may be used in assignments but is never written.",
    }),
  })
  .superRefine((g, ctx) => {
    if (!g.external) return;
    for (const key of ["members", "description"] as const) {
      if (g[key] !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `external groups are never written, so ${key} has no effect; delete it or drop external: true`,
        });
      }
    }
  })
  .meta({ description: "A group, keyed by its display name." });

const PermissionSetName = matching(
  P.PERMISSION_SET_NAME,
  (v) => `"${v}" is not a valid permission set name; use 1-32 letters, digits and + = , . @ _ -`,
);

const ManagedPolicyArn = matching(
  P.MANAGED_POLICY_ARN,
  (v) => `"${v}" is not an AWS-managed policy ARN; it looks like arn:aws:iam::aws:policy/ReadOnlyAccess`,
).meta({ description: "An AWS-managed policy ARN (arn:aws:iam::aws:policy/...)." });

const CustomerPolicyName = matching(
  P.CUSTOMER_POLICY_NAME,
  (v) => `"${v}" is not a valid IAM policy name; use 1-128 letters, digits and + = , . @ _ -`,
);

const PolicyPath = z
  .string()
  .max(P.POLICY_PATH_MAX, { error: `policy paths are at most ${P.POLICY_PATH_MAX} characters` })
  .regex(P.POLICY_PATH, {
    error: (iss) =>
      `"${String(iss.input)}" is not a policy path; it must start and end with "/" (e.g. /team/)`,
  })
  .meta({ description: 'IAM path of the policy. Default "/".' });

/** The path of a customer-managed policy reference: sso-admin allows less than IAM (CUSTOMER_POLICY_PATH). */
const CustomerPolicyPath = PolicyPath.regex(P.CUSTOMER_POLICY_PATH, {
  error: (iss) =>
    P.POLICY_PATH.test(String(iss.input))
      ? `"${String(iss.input)}" is not a path IAM Identity Center accepts: use segments of letters, digits and . , + @ = _ - between single slashes (e.g. /team/)`
      : `"${String(iss.input)}" is not a policy path; it must start and end with "/" (e.g. /team/)`,
});

const CustomerPolicyRef = z
  .strictObject({ name: CustomerPolicyName, path: CustomerPolicyPath.optional() })
  .meta({ description: "A customer-managed policy that must exist in every target account." });

const CustomerPolicyItem = z.union([CustomerPolicyName, CustomerPolicyRef], {
  error: "expected a policy name or a mapping { name, path }",
});

const PermissionsBoundary = z
  .strictObject({
    managedPolicyArn: ManagedPolicyArn.optional(),
    customerManagedPolicy: CustomerPolicyRef.optional(),
  })
  .superRefine((b, ctx) => {
    const given = [b.managedPolicyArn, b.customerManagedPolicy].filter((v) => v !== undefined).length;
    if (given !== 1) {
      ctx.addIssue({
        code: "custom",
        message: "give exactly one of managedPolicyArn or customerManagedPolicy",
      });
    }
  })
  .meta({ description: "Either { managedPolicyArn } or { customerManagedPolicy: { name, path } }." });

const TagKey = onlyChars(text("tag key", 1, P.TAG_KEY_MAX), "tag key", P.TAG_CHARS)
  .refine((k) => !k.toLowerCase().startsWith("aws:"), { error: 'tag keys starting with "aws:" are reserved' })
  .refine((k) => k !== P.MANAGED_BY_TAG.key, {
    error: `"${P.MANAGED_BY_TAG.key}" is set by keyless (${P.MANAGED_BY_TAG.key}: ${P.MANAGED_BY_TAG.value}) to mark what it owns; remove this tag`,
  });

const TagValue = onlyChars(
  z.string().max(P.TAG_VALUE_MAX, {
    error: (iss) => `tag value is ${len(iss.input)} characters long; the limit is ${P.TAG_VALUE_MAX}`,
  }),
  "tag value",
  P.TAG_CHARS,
);

/** A state key prefix below stateBackend.keyPrefix: one per team or environment (`team-a/`). */
const StateScope = z
  .string()
  .min(2, { error: "stateScope must not be empty; remove the key instead" })
  .max(200, { error: "stateScope is at most 200 characters" })
  .regex(/^[A-Za-z0-9!_.*'()=-]+(?:\/[A-Za-z0-9!_.*'()=-]+)*\/$/, {
    error: (iss) =>
      `"${String(iss.input)}" is not a state scope: use key segments of letters, digits and ! _ . * ' ( ) = - each followed by "/" (e.g. team-a/ or prod/payments/), so team-a/ never also matches team-ab/`,
  })
  .refine((v) => !v.split("/").includes(".."), { error: 'stateScope must not contain ".." segments' })
  .meta({
    description:
      "Narrows this set's state reads and writes to keys under stateBackend.keyPrefix + stateScope (e.g. team-a/): one key prefix per team or environment. Needs preset.",
  });

const PermissionSet = z
  .strictObject({
    description: onlyChars(
      text("description", 1, P.PERMISSION_SET_DESCRIPTION_MAX),
      "description",
      P.PERMISSION_SET_DESCRIPTION_CHARS,
    )
      .optional()
      .meta({ description: 'Shown in the portal. 1-700 characters. Default: none ("").' }),
    sessionDuration: z
      .string()
      .superRefine((v, ctx) => {
        const problem = sessionDurationProblem(v);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .optional()
      .meta({ description: "ISO-8601 duration from PT1H to PT12H (PT8H, PT1H30M). Default PT1H." }),
    relayState: onlyChars(text("relayState", 1, P.RELAY_STATE_MAX), "relayState", P.RELAY_STATE_CHARS)
      .optional()
      .meta({ description: "URL the console opens after sign-in. 1-240 characters." }),
    inlinePolicy: z
      .union([z.string().min(1), z.record(z.string(), z.unknown())], {
        error: "expected a path to a JSON policy file or the policy document as a mapping",
      })
      .optional()
      .meta({
        description:
          "The inline policy: a JSON file path relative to keyless.yaml, or the policy document as a mapping " +
          "(Version + Statement). At most 10,240 non-whitespace characters.",
      }),
    preset: z
      .string()
      .min(1, { error: "preset must not be empty; remove the key instead" })
      .optional()
      .meta({
        description:
          "A catalog preset whose rendered policy becomes the inline policy: core, storage, compute, iam, " +
          "networking, database, serverless, monitoring (or terraform-core, ...). `keyless catalog list` shows them.",
      }),
    extraStatements: z
      .array(z.record(z.string(), z.unknown()), { error: "expected a list of policy statements (mappings)" })
      .min(1, { error: "list at least one statement, or remove extraStatements" })
      .optional()
      .meta({ description: "IAM policy statements appended to the rendered preset policy (needs preset)." }),
    managedPolicies: z
      .array(ManagedPolicyArn)
      .optional()
      .meta({ description: "AWS-managed policy ARNs. With customerManagedPolicies at most 20." }),
    customerManagedPolicies: z.array(CustomerPolicyItem).optional().meta({
      description:
        'Customer-managed policies: a name (path "/") or { name, path }. Must exist in the target accounts.',
    }),
    permissionsBoundary: PermissionsBoundary.optional(),
    stateScope: StateScope.optional(),
    tags: z.record(TagKey, TagValue).optional().meta({
      description: "Tags on the permission set (at most 74: keyless adds managed-by: keyless).",
    }),
  })
  .superRefine((ps, ctx) => {
    if (ps.preset !== undefined && ps.inlinePolicy !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["inlinePolicy"],
        message:
          "give either preset or inlinePolicy, not both; put additional statements under extraStatements",
      });
    }
    if (ps.stateScope !== undefined && ps.preset === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["stateScope"],
        message:
          "stateScope narrows a preset's state access; without preset it has no effect (write the state statements in inlinePolicy)",
      });
    }
    if (ps.extraStatements !== undefined && ps.preset === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["extraStatements"],
        message: "extraStatements extend a preset; without preset, write the statements in inlinePolicy",
      });
    }
    const attached = (ps.managedPolicies?.length ?? 0) + (ps.customerManagedPolicies?.length ?? 0);
    if (attached > P.MAX_ATTACHED_POLICIES) {
      ctx.addIssue({
        code: "custom",
        path: [ps.managedPolicies ? "managedPolicies" : "customerManagedPolicies"],
        message: `${attached} managed and customer-managed policies attached; the limit is ${P.MAX_ATTACHED_POLICIES} together`,
      });
    }
    const tagCount = Object.keys(ps.tags ?? {}).length + 1;
    if (tagCount > P.MAX_TAGS) {
      ctx.addIssue({
        code: "custom",
        path: ["tags"],
        message: `${tagCount - 1} tags plus keyless's managed-by tag is ${tagCount}; the limit is ${P.MAX_TAGS}`,
      });
    }
  })
  .meta({ description: "A permission set, keyed by its name (1-32 characters of [\\w+=,.@-])." });

const Principal = matching(
  P.PRINCIPAL,
  (v) => `"${v}" is not a principal; write user:NAME or group:NAME`,
).meta({ description: "user:<userName> or group:<group name>." });

const nonEmptyList = <T extends z.ZodType>(item: T, what: string) =>
  z.array(item).min(1, { error: `list at least one ${what}` });

const Assignment = z
  .strictObject({
    principals: nonEmptyList(Principal, "principal (user:NAME or group:NAME)"),
    permissionSets: nonEmptyList(z.string(), "permission set name").meta({
      description: "Names of permission sets defined under permissionSets.",
    }),
    targets: nonEmptyList(z.string(), "target").meta({
      description: "Account names (bare or account:NAME) and OU names (ou:NAME) defined in this file.",
    }),
  })
  .meta({ description: "Every principal gets every permission set on every target." });

/** A prune pattern that can match some valid name of its kind (prune-patterns.ts). */
const Pattern = (kind: "permissionSets" | "groups" | "ciRoles") =>
  z
    .string()
    .min(1, { error: "patterns must not be empty" })
    .superRefine((v, ctx) => {
      const problem = v === "" ? undefined : prunePatternProblem(v, kind);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });

const Prune = z
  .strictObject({
    enabled: z
      .boolean()
      .optional()
      .meta({ description: "true: prune without the --prune flag. Default false." }),
    permissionSets: z.array(Pattern("permissionSets")).optional().meta({
      description: "Permission set name patterns (* is a wildcard) keyless may delete. Default [].",
    }),
    groups: z.array(Pattern("groups")).optional().meta({
      description: "Group name patterns keyless may delete. Default [].",
    }),
    assignments: z.boolean().optional().meta({
      description: "Assignments of managed permission sets are authoritative. Default true.",
    }),
    ciRoles: z.array(Pattern("ciRoles")).optional().meta({
      description: "CI role name patterns keyless may delete (only roles under /keyless/ci/). Default [].",
    }),
  })
  .meta({ description: "What keyless may delete when it is no longer in this file." });

/** The whole file. Sections other than version and identityCenter are optional. */
export const configSchema = z
  .strictObject({
    version: z
      .literal(1, {
        error: (iss) =>
          iss.input === undefined
            ? 'missing required key "version"; add `version: 1` at the top of the file'
            : `version ${JSON.stringify(iss.input)} is not supported; this keyless reads version: 1`,
      })
      .meta({ description: "Format version. Must be 1." }),
    identityCenter: IdentityCenter,
    accounts: z.record(TargetName, AccountId).optional().meta({ description: "Account name → account id." }),
    organizationalUnits: z
      .record(TargetName, OuId)
      .optional()
      .meta({ description: "OU name → OU id; assignments to ou:NAME reach every account in it." }),
    users: z.record(UserName, User).optional().meta({ description: "Users keyed by userName." }),
    groups: z.record(GroupName, Group).optional().meta({ description: "Groups keyed by display name." }),
    permissionSets: z
      .record(PermissionSetName, PermissionSet)
      .optional()
      .meta({ description: "Permission sets keyed by name." }),
    assignments: z.array(Assignment).optional().meta({ description: "Account assignments." }),
    prune: Prune.optional(),
    catalog: catalogSchema({ PolicyPath, CustomerPolicyName }).optional(),
    stateBackend: StateBackendSchema.optional(),
    ci: ciSchema({ ManagedPolicyArn, PermissionsBoundary, StateScope, TagKey, TagValue }).optional(),
  })
  .meta({
    title: "keyless.yaml",
    description: "IAM Identity Center users, groups, permission sets and assignments, managed by keyless.",
  });

/** The file as zod accepts it (before references are checked and defaults applied). */
export type ConfigFile = z.output<typeof configSchema>;
export type PermissionSetFile = z.output<typeof PermissionSet>;
export type UserFile = z.output<typeof User>;
export type CiFile = NonNullable<ConfigFile["ci"]>;
export type CiRoleFile = NonNullable<CiFile["roles"]>[string];

/** Section keys in file order, for per-section checks. */
export const SECTIONS = Object.keys(configSchema.shape) as (keyof ConfigFile)[];
