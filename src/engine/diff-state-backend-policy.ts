/**
 * keyless's statements in the state bucket policy and the KMS key policy, and how they are merged
 * into a policy that already exists. keyless owns exactly the statements whose Sid starts with
 * `keyless-`: it adds or rewrites those and keeps every other statement as it is, so adopting a
 * bucket never drops somebody else's grant or denial. Pure: no I/O.
 */
import { canonicalJson } from "./canonical-json.ts";
import type { AccountId } from "./model.ts";

export const KEYLESS_SID_PREFIX = "keyless-";

export type Statement = Record<string, unknown>;

interface PolicyDocument {
  Version?: unknown;
  Id?: unknown;
  Statement: Statement[];
  [key: string]: unknown;
}

/** aws, aws-cn or aws-us-gov, from the region name. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

function serviceHost(service: string, region: string): string {
  return `${service}.${region}.amazonaws.com${region.startsWith("cn-") ? ".cn" : ""}`;
}

/**
 * Who uses the state from other accounts of the organization: the Identity Center roles of these
 * permission sets (those whose inline policy grants access to the state's objects) in these accounts
 * (where they are assigned). Without it the bucket policy and key policy grant no other account, and
 * a member account's role can neither read nor write state nor use the key.
 */
export interface StateAccess {
  accounts: AccountId[];
  permissionSets: string[];
  /** CI roles (docs/ci.md) whose policy uses the state, created under /keyless/ci/ in these accounts. */
  ciRoles?: string[];
}

export const STATE_ACCESS_SID = `${KEYLESS_SID_PREFIX}StateAccessFromAccounts`;
export const STATE_KEY_ACCESS_SID = `${KEYLESS_SID_PREFIX}StateKeyFromAccounts`;

/** The Identity Center role of a permission set in any account (with or without the region segment). */
export const ssoRolePattern = (partition: string, permissionSet: string): string =>
  `arn:${partition}:iam::*:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_${permissionSet}_*`;

/** A CI role keyless creates, in any account (the accounts are fixed by aws:PrincipalAccount). */
export const ciRolePattern = (partition: string, name: string): string =>
  `arn:${partition}:iam::*:role/keyless/ci/${name}`;

/** The roles that use the state: the permission sets' Identity Center roles and the CI roles. */
export function statePrincipals(partition: string, access: StateAccess): string[] {
  return [
    ...access.permissionSets.map((n) => ssoRolePattern(partition, n)),
    ...(access.ciRoles ?? []).map((n) => ciRolePattern(partition, n)),
  ];
}

/**
 * The narrowest grant AWS offers for it: the fixed accounts (aws:PrincipalAccount, which also keeps
 * the policy non-public for S3 Block Public Access) and the permission sets' roles
 * (aws:PrincipalArn). Each role's own identity policy still limits it to its key prefix.
 */
function accessCondition(partition: string, access: StateAccess): Record<string, Record<string, unknown>> {
  return {
    StringEquals: { "aws:PrincipalAccount": [...access.accounts] },
    ArnLike: { "aws:PrincipalArn": statePrincipals(partition, access) },
  };
}

/**
 * The bucket policy statements keyless requires. They follow what Terraform's S3 backend sends:
 * with `encrypt = true` every PutObject (state and `.tflock`) carries
 * `x-amz-server-side-encryption: AES256`, or `aws:kms` plus `x-amz-server-side-encryption-aws-kms-key-id`
 * when `kms_key_id` is set. So backend.tf must say `encrypt = true` and, for KMS, `kms_key_id` = the
 * key ARN (not an alias): the condition key compares the key ARN.
 */
export function bucketPolicyStatements(
  bucket: string,
  region: string,
  encryption: { algorithm: "aws:kms" | "AES256"; keyArn?: string },
  access?: StateAccess & { keyPrefix: string },
): Statement[] {
  const p = partitionOf(region);
  const bucketArn = `arn:${p}:s3:::${bucket}`;
  const objects = `${bucketArn}/*`;
  const out: Statement[] = [
    {
      Sid: "keyless-DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [bucketArn, objects],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
    {
      Sid: "keyless-DenyUnencryptedUploads",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: objects,
      // StringNotEquals also matches when the header is missing: uploads without it are denied.
      Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption": encryption.algorithm } },
    },
  ];
  if (encryption.algorithm === "aws:kms" && encryption.keyArn !== undefined) {
    out.push({
      Sid: "keyless-DenyWrongKmsKey",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: objects,
      Condition: {
        StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": encryption.keyArn },
      },
    });
  }
  if (access && access.accounts.length > 0 && statePrincipals(p, access).length > 0) {
    out.push({
      Sid: STATE_ACCESS_SID,
      Effect: "Allow",
      Principal: { AWS: "*" },
      // What Terraform's S3 backend calls: list (workspaces, 404 for a new key), read, write, and
      // delete (its .tflock lock objects).
      Action: ["s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      Resource: [bucketArn, `${bucketArn}/${access.keyPrefix}*`],
      Condition: accessCondition(p, access),
    });
  }
  return out;
}

/** What the account may do with the key apart from using it: manage it (through IAM policies). */
const KEY_ADMIN_ACTIONS = [
  "kms:CancelKeyDeletion",
  "kms:CreateAlias",
  "kms:DeleteAlias",
  "kms:DescribeKey",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:EnableKey",
  "kms:EnableKeyRotation",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListAliases",
  "kms:ListResourceTags",
  "kms:PutKeyPolicy",
  "kms:ScheduleKeyDeletion",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateAlias",
  "kms:UpdateKeyDescription",
];

const KEY_USE_ACTIONS = [
  "kms:Decrypt",
  "kms:DescribeKey",
  "kms:Encrypt",
  "kms:GenerateDataKey*",
  "kms:ReEncrypt*",
];

/**
 * The key policy of the key keyless creates. The account (through IAM policies) may administer the
 * key, and may use it only through S3 in the backend's region; when permission sets are assigned to
 * the backend account, only their Identity Center roles may. With `access`, the state-using roles of
 * other accounts may use it too, only through S3 (kms:ViaService) and only from those accounts
 * (kms:CallerAccount).
 */
export function keyPolicyStatements(
  accountId: AccountId,
  region: string,
  stateRolePermissionSets: readonly string[],
  access?: StateAccess,
): Statement[] {
  const p = partitionOf(region);
  const root = { AWS: `arn:${p}:iam::${accountId}:root` };
  const condition: Record<string, Record<string, unknown>> = {
    StringEquals: { "kms:ViaService": serviceHost("s3", region), "kms:CallerAccount": accountId },
  };
  if (stateRolePermissionSets.length > 0) {
    condition.ArnLike = {
      "aws:PrincipalArn": stateRolePermissionSets.map(
        (name) => `arn:${p}:iam::${accountId}:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_${name}_*`,
      ),
    };
  }
  return [
    {
      Sid: "keyless-KeyAdministration",
      Effect: "Allow",
      Principal: root,
      Action: KEY_ADMIN_ACTIONS,
      Resource: "*",
    },
    {
      Sid: "keyless-StateEncryptionViaS3",
      Effect: "Allow",
      Principal: root,
      Action: KEY_USE_ACTIONS,
      Resource: "*",
      Condition: condition,
    },
    ...(access && access.accounts.length > 0 && statePrincipals(p, access).length > 0
      ? [
          {
            Sid: STATE_KEY_ACCESS_SID,
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: KEY_USE_ACTIONS,
            Resource: "*",
            Condition: {
              StringEquals: {
                "kms:ViaService": serviceHost("s3", region),
                "kms:CallerAccount": [...access.accounts],
              },
              ArnLike: { "aws:PrincipalArn": statePrincipals(p, access) },
            },
          },
        ]
      : []),
  ];
}

/** Parses a policy; "" (none) or text that is not a policy object gives an empty one. */
export function parsePolicy(text: string): PolicyDocument {
  if (text.trim() === "") return { Version: "2012-10-17", Statement: [] };
  try {
    const doc = JSON.parse(text) as unknown;
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return { Statement: [] };
    const d = doc as Record<string, unknown>;
    const st = d.Statement;
    const statements = Array.isArray(st) ? st : st && typeof st === "object" ? [st] : [];
    return { ...d, Statement: statements as Statement[] };
  } catch {
    return { Statement: [] };
  }
}

const isKeyless = (s: Statement): boolean =>
  typeof s.Sid === "string" && s.Sid.startsWith(KEYLESS_SID_PREFIX);

const LIST_FIELDS = new Set(["Action", "NotAction", "Resource", "NotResource"]);

/** A statement in a comparable form: one-item lists and scalars alike, set-like lists sorted. */
function normaliseStatement(s: Statement): string {
  const norm: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (LIST_FIELDS.has(k)) norm[k] = Array.isArray(v) ? v : [v];
    else if (k === "Condition" && v && typeof v === "object") {
      norm[k] = Object.fromEntries(
        Object.entries(v as Record<string, Record<string, unknown>>).map(([op, keys]) => [
          op,
          Object.fromEntries(
            Object.entries(keys ?? {}).map(([key, val]) => [key, Array.isArray(val) ? val : [val]]),
          ),
        ]),
      );
    } else if (k === "Principal" && v && typeof v === "object") {
      norm[k] = Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([t, val]) => [t, Array.isArray(val) ? val : [val]]),
      );
    } else norm[k] = v;
  }
  return canonicalJson(norm, { sortArrays: true });
}

/** True when the policy holds exactly keyless's statements (same meaning, any order or spelling). */
export function hasKeylessStatements(existing: string, wanted: readonly Statement[]): boolean {
  const ours = parsePolicy(existing).Statement.filter(isKeyless).map(normaliseStatement).sort();
  const want = wanted.map(normaliseStatement).sort();
  return ours.length === want.length && ours.every((s, i) => s === want[i]);
}

/** The existing policy with keyless's statements replaced by `wanted`; every other statement kept. */
export function mergePolicy(existing: string, wanted: readonly Statement[]): string {
  const doc = parsePolicy(existing);
  const others = doc.Statement.filter((s) => !isKeyless(s));
  return JSON.stringify({ ...doc, Version: doc.Version ?? "2012-10-17", Statement: [...others, ...wanted] });
}

/** Sids of keyless statements in `existing` that are missing or different from `wanted` (for display). */
export function driftedSids(existing: string, wanted: readonly Statement[]): string[] {
  const have = new Map(
    parsePolicy(existing)
      .Statement.filter(isKeyless)
      .map((s) => [String(s.Sid), normaliseStatement(s)]),
  );
  const out = wanted
    .filter((s) => have.get(String(s.Sid)) !== normaliseStatement(s))
    .map((s) => String(s.Sid));
  const wantedSids = new Set(wanted.map((s) => String(s.Sid)));
  for (const sid of have.keys()) if (!wantedSids.has(sid)) out.push(sid);
  return out;
}

/** Statements of `existing` keyless does not own (to show that a merge keeps them). */
export function foreignStatementCount(existing: string): number {
  return parsePolicy(existing).Statement.filter((s) => !isKeyless(s)).length;
}
