/**
 * The Plan: plain, serialisable data. The executor switches on `kind` and `action`, never on
 * `reason` (display only). A saved plan carries its format version and the fingerprint of the
 * Actual it was computed from, so a stale or foreign plan is refused.
 */
import type {
  AccountId,
  BucketEncryption,
  CiAccessUsed,
  CiRoleSpec,
  CustomerManagedPolicyRef,
  PermissionSetSpec,
  PermissionsBoundary,
  PrincipalRef,
  PublicAccessBlock,
  UserSpec,
  VersioningStatus,
} from "./model.ts";

export const PLAN_FORMAT_VERSION = 1;

export type Action = "create" | "update" | "delete";

export type ResourceKind =
  | "kms_key"
  | "state_bucket"
  | "state_bucket_setting"
  | "lock_table"
  | "user"
  | "group"
  | "membership"
  | "permission_set"
  | "provisioning"
  | "assignment"
  | "ci_oidc_provider"
  | "ci_role";

interface ChangeBase {
  /** Stable natural address, e.g. `assignment["group:platform", "terraform-core", "111111111111"]`. */
  address: string;
  action: Action;
  /** True when the change grants access that did not exist (new assignment, wider policy, new member). */
  broadensAccess: boolean;
  /** Display only: why this change is planned. Never drives apply. */
  reason?: string;
}

export interface UserChange extends ChangeBase {
  kind: "user";
  userName: string;
  /** Present for create/update. */
  after?: UserSpec;
  /** Present for update/delete. */
  before?: UserSpec;
  /** identity-store user id, present for update/delete. */
  userId?: string;
}

export interface GroupChange extends ChangeBase {
  kind: "group";
  name: string;
  after?: { description: string };
  before?: { description: string };
  groupId?: string;
}

export interface MembershipChange extends ChangeBase {
  kind: "membership";
  action: "create" | "delete";
  group: string;
  userName: string;
  /** For deletes of members keyless does not manage, the identity-store user id (userName may be unknown). */
  userId?: string;
  groupId?: string;
}

/** A field-level difference inside a permission set, for display and for the executor. */
export type PermissionSetField =
  | "description"
  | "sessionDuration"
  | "relayState"
  | "inlinePolicy"
  | "managedPolicies"
  | "customerManagedPolicies"
  | "permissionsBoundary"
  | "tags";

export interface PermissionSetChange extends ChangeBase {
  kind: "permission_set";
  name: string;
  after?: PermissionSetSpec;
  before?: PermissionSetSpec;
  arn?: string;
  /** For updates: the fields that differ. */
  changedFields: PermissionSetField[];
  /** Accounts that will be re-provisioned after the update (ProvisionPermissionSet ALL_PROVISIONED_ACCOUNTS). */
  reprovisionAccounts: AccountId[];
}

/** Roles in accounts that are not the latest version of a permission set: re-provision them. */
export interface ProvisioningChange extends ChangeBase {
  kind: "provisioning";
  action: "update";
  permissionSet: string;
  arn: string;
  accounts: AccountId[];
}

export interface AssignmentChange extends ChangeBase {
  kind: "assignment";
  action: "create" | "delete";
  principal: PrincipalRef;
  permissionSet: string;
  accountId: AccountId;
  /** Display: the rule target that produced it ("account:dev", "ou:workloads"). */
  via?: string;
  /** Known ids (absent when the principal / permission set is created in the same apply). */
  principalId?: string;
  permissionSetArn?: string;
}

/**
 * Stands for the ARN of the KMS key created in the same apply, inside planned values (bucket
 * encryption, bucket policy); the executor puts the new key's ARN in its place.
 */
export const KMS_KEY_ARN_PENDING = "(known after apply)";

/** The state bucket itself: only ever created (keyless never deletes it). Settings follow as their own changes. */
export interface StateBucketChange extends ChangeBase {
  kind: "state_bucket";
  action: "create";
  bucket: string;
  region: string;
}

export type BucketSetting =
  | "versioning"
  | "encryption"
  | "public_access_block"
  | "ownership"
  | "policy"
  | "lifecycle"
  | "logging"
  | "tags";

/** One bucket setting as a whole (each S3 Put call replaces the whole setting). */
export type BucketSettingValue =
  | { setting: "versioning"; status: VersioningStatus }
  | { setting: "encryption"; encryption: BucketEncryption }
  | { setting: "public_access_block"; block: PublicAccessBlock }
  | { setting: "ownership"; objectOwnership: string }
  /** Compact JSON of the whole (merged) policy. */
  | { setting: "policy"; document: string }
  /** Compact JSON of the whole (merged) list of lifecycle rules, in S3's shape. */
  | { setting: "lifecycle"; rules: string }
  | { setting: "logging"; logging: { targetBucket: string; targetPrefix: string } | null }
  /** Every tag of the bucket after the change (S3 replaces the tag set as a whole). */
  | { setting: "tags"; tags: Record<string, string> };

export interface StateBucketSettingChange extends ChangeBase {
  kind: "state_bucket_setting";
  /** create: the setting is absent (or the bucket is created in this apply); update: it differs. */
  action: "create" | "update";
  bucket: string;
  setting: BucketSetting;
  before?: BucketSettingValue;
  after: BucketSettingValue;
  /** The change turns a protection down (allowed only with allowWeakening; marked in `reason`). */
  weakens: boolean;
  /** Alias of the KMS key created in this apply whose ARN `after` holds as KMS_KEY_ARN_PENDING. */
  pendingKmsKey?: string;
}

export interface KmsKeySpec {
  alias: string;
  rotation: boolean;
  /** Compact JSON of the whole key policy (keyless's statements merged into the existing ones). */
  policy: string;
  /** Set when the key is created (KMS tags are not compared). */
  tags: Record<string, string>;
}

export interface KmsKeyChange extends ChangeBase {
  kind: "kms_key";
  action: "create" | "update";
  alias: string;
  /** Present for update. */
  keyId?: string;
  before?: KmsKeySpec;
  after: KmsKeySpec;
  changedFields: Array<"rotation" | "policy">;
}

export interface LockTableSpec {
  name: string;
  billingMode: string;
  pointInTimeRecovery: boolean;
  sseKms: boolean;
  /** Tags keyless sets; compared only on these keys. */
  tags: Record<string, string>;
}

/** The DynamoDB lock table: created or updated, never deleted (not even when locking moves to s3). */
export interface LockTableChange extends ChangeBase {
  kind: "lock_table";
  action: "create" | "update";
  table: string;
  before?: LockTableSpec;
  after: LockTableSpec;
  changedFields: Array<"billingMode" | "pointInTimeRecovery" | "sseKms" | "tags">;
}

export type StateBackendChange =
  | StateBucketChange
  | StateBucketSettingChange
  | KmsKeyChange
  | LockTableChange;

/**
 * The IAM OIDC identity provider of a CI provider in one target account. Created, or given the
 * missing audience (client id); never deleted (roles keyless does not own may trust it).
 */
export interface CiProviderChange extends ChangeBase {
  kind: "ci_oidc_provider";
  action: "create" | "update";
  accountId: AccountId;
  /** Issuer URL (https://HOST). */
  url: string;
  /** `arn:aws:iam::ACCOUNT:oidc-provider/HOST`: IAM derives it from the URL. */
  arn: string;
  /** create: every client id; update: the ones to add. */
  clientIds: string[];
  /** update: the client ids it has. */
  before?: string[];
}

export type CiRoleField =
  | "trustPolicy"
  | "inlinePolicies"
  | "managedPolicies"
  | "permissionsBoundary"
  | "tags"
  | "maxSessionDuration"
  | "description";

/** A CI role in one target account (`ci_role["ACCOUNT", "NAME"]`). */
export interface CiRoleChange extends ChangeBase {
  kind: "ci_role";
  accountId: AccountId;
  name: string;
  after?: CiRoleSpec;
  before?: CiRoleSpec;
  /** For updates: the fields that differ. */
  changedFields: CiRoleField[];
}

/** How the plan reached one account for its CI roles (shown in the plan, human and --json). */
export interface CiAccountAccess extends CiAccessUsed {
  accountId: AccountId;
  reached: boolean;
}

export type Change =
  | StateBackendChange
  | CiProviderChange
  | CiRoleChange
  | UserChange
  | GroupChange
  | MembershipChange
  | PermissionSetChange
  | ProvisioningChange
  | AssignmentChange;

export interface UnmanagedCounts {
  users: number;
  groups: number;
  permissionSets: number;
  assignments: number;
  /**
   * CI roles read under /keyless/ci/ in the accounts CI roles target that keyless leaves alone: owned
   * ones keyless.yaml does not place in that account and prune.ciRoles does not name, and ones not
   * tagged as keyless's (except a declared name, which is a problem instead). Present when keyless.yaml
   * declares CI roles.
   */
  ciRoles?: number;
  /**
   * Kinds whose unmanaged ones were not counted (their count is then 0): the identity store was not
   * listed whole for this plan (see Actual.identityStoreComplete). Absent when everything was counted.
   */
  notCounted?: ("users" | "groups")[];
}

/**
 * Display only: a permission set whose inline policy is a catalog preset rendered with these
 * parameters (then the file's extraStatements), so the plan can show the preset instead of its JSON.
 * The renderer re-renders the preset and shows this only when it matches the policy being applied.
 */
export interface PresetUse {
  /** Full preset name, e.g. `terraform-core`. */
  preset: string;
  /** The parameters the preset uses that keyless.yaml sets (catalog / stateBackend sections). */
  params: Record<string, string | string[]>;
}

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  /** sha256 over a canonical form of the Actual the plan was computed from. */
  fingerprint: string;
  instanceArn: string;
  identityStoreId: string;
  region: string;
  /** Whether deletions inside the prune scope are part of `changes`. */
  prune: boolean;
  /** Ordered for apply: creates/updates by dependency, then deletes in reverse dependency order. */
  changes: Change[];
  /** Deletions that would happen with --prune (present only when prune is off). */
  pruneCandidates: Change[];
  /**
   * Problems that block apply (e.g. an external user that does not exist, an OU that was not found).
   * apply refuses a plan whose list is non-empty; the changes are still shown for review.
   */
  problems: string[];
  /**
   * Findings that do not block apply (e.g. policy lint warnings from keyless.yaml). plan() leaves it
   * empty; commands add the config loader's warnings so they show in the plan and its JSON.
   */
  warnings: string[];
  unmanaged: UnmanagedCounts;
  /** Display-only notes (e.g. how new users get a password). */
  notes: string[];
  /**
   * `-target` addresses (formatted as targets.ts does) when the plan was limited to them and what they
   * depend on; absent for a whole plan. `changes` and `pruneCandidates` hold only targeted changes.
   */
  targets?: string[];
  /**
   * The accounts read for CI roles and the role used to reach each (sorted by account id); absent when
   * keyless.yaml declares no CI roles.
   */
  ciAccess?: CiAccountAccess[];
  /** Display only, by permission set name (see PresetUse); not compared when a saved plan is applied. */
  presets?: Record<string, PresetUse>;
  /** name → id maps known at plan time (the executor adds ids of what it creates). */
  ids: {
    users: Record<string, string>;
    groups: Record<string, string>;
    permissionSets: Record<string, string>;
  };
}

export type { CustomerManagedPolicyRef, PermissionsBoundary };
