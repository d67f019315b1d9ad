/**
 * The domain model shared by config (Desired), aws (Actual), engine (plan) and apply.
 * Pure data: no I/O, no SDK types. Identifiers are kept as plain strings with
 * documented formats; normalisation happens once at the edges (config loader, aws adapters).
 */

/** 12-digit AWS account id. */
export type AccountId = string;
/** `arn:aws:sso:::permissionSet/ssoins-.../ps-...` */
export type PermissionSetArn = string;
export type PrincipalType = "USER" | "GROUP";

/** A principal reference by natural key: `user:<userName>` or `group:<displayName>`. */
export interface PrincipalRef {
  type: PrincipalType;
  /** userName for users, displayName for groups: the natural keys in the identity store. */
  name: string;
}

export interface UserSpec {
  userName: string;
  displayName: string;
  givenName: string;
  familyName: string;
  email: string;
}

export interface DesiredUser extends UserSpec {
  /** true: the user is declared for removal (the only way keyless deletes a user). */
  remove: boolean;
  /** true: owned elsewhere (e.g. SCIM from an external IdP); only looked up, never written. */
  external: boolean;
}

export interface DesiredGroup {
  name: string;
  description: string;
  /** userNames. Authoritative for managed groups (extra members are drift). */
  members: string[];
  external: boolean;
}

export interface CustomerManagedPolicyRef {
  name: string;
  /** Defaults to "/". */
  path: string;
}

export type PermissionsBoundary =
  | { kind: "managed"; arn: string }
  | { kind: "customer"; name: string; path: string };

/** The comparable content of a permission set, identical in Desired and Actual. */
export interface PermissionSetSpec {
  name: string;
  description: string;
  /** ISO-8601 duration, normalised (e.g. "PT1H", "PT8H", "PT12H"). */
  sessionDuration: string;
  /** Empty string when unset. */
  relayState: string;
  /** Canonical JSON text (keys as written, no whitespace) or "" when there is no inline policy. */
  inlinePolicy: string;
  /** Sorted, unique. */
  managedPolicies: string[];
  /** Sorted by path+name, unique. */
  customerManagedPolicies: CustomerManagedPolicyRef[];
  permissionsBoundary: PermissionsBoundary | null;
  /** Tags keyless sets; compared only on the keys given here. */
  tags: Record<string, string>;
}

/** An assignment by natural key: principal + permission set name + account. */
export interface AssignmentKey {
  principal: PrincipalRef;
  permissionSet: string;
  accountId: AccountId;
}

export interface DesiredAssignment extends AssignmentKey {
  /** Where the assignment came from, for display: "account:dev" or "ou:workloads (ou-ab12-...)". */
  via: string;
}

/** Patterns use `*` as a wildcard over the whole name. */
export interface PruneScope {
  permissionSets: string[];
  groups: string[];
  /** Assignments of managed permission sets are authoritative: ones not in the file are deleted on prune. */
  assignmentsOfManagedPermissionSets: boolean;
  /** The config's prune setting: prune without the --prune flag. */
  enabled: boolean;
  /**
   * CI role name patterns keyless may delete (only roles under the CI role path, docs/ci.md). Present
   * only when keyless.yaml sets `prune.ciRoles`; absent means none.
   */
  ciRoles?: string[];
}

/**
 * The validated, normalised keyless.yaml. OU targets stay symbolic: plan() expands them with
 * `Actual.ouAccounts`, so accounts added to an OU later are picked up by the next plan.
 */
export interface Desired {
  identityCenter: { region: string; instanceArn?: string; identityStoreId?: string };
  /** name → id */
  accounts: Record<string, AccountId>;
  /** name → ou id */
  organizationalUnits: Record<string, string>;
  users: DesiredUser[];
  groups: DesiredGroup[];
  permissionSets: PermissionSetSpec[];
  /** Assignment rules as written (targets not yet expanded). */
  assignmentRules: AssignmentRule[];
  prune: PruneScope;
  /** The Terraform state backend keyless bootstraps (bucket, lock table, KMS key); absent: none. */
  stateBackend?: DesiredStateBackend;
  /** CI providers and OIDC roles in member accounts (docs/ci.md); absent: keyless.yaml has no `ci`. */
  ci?: DesiredCi;
}

export type CiProviderKind = "github" | "gitlab";

/** An OIDC identity provider CI roles trust: one IAM OIDC provider per target account. */
export interface DesiredCiProvider {
  kind: CiProviderKind;
  /** The issuer URL (https, no trailing slash), e.g. https://token.actions.githubusercontent.com. */
  url: string;
  /** The `aud` the CI job's token carries and every trust policy requires. */
  audience: string;
}

/** A role CI assumes with AssumeRoleWithWebIdentity, created in every target account. */
export interface DesiredCiRole {
  name: string;
  /** "" when unset. */
  description: string;
  provider: CiProviderKind;
  /** GitHub `OWNER/REPO`, GitLab `GROUP[/SUBGROUP...]/PROJECT`: exactly one repository, no wildcards. */
  repository: string;
  /** Who may assume it: the refs and environments as written (`*` a wildcard within the repository). */
  branches: string[];
  /** Git tags (keyless.yaml `gitTags`; `tags` are the AWS tags below). */
  gitTags: string[];
  environments: string[];
  /** GitHub `pull_request` subjects; never true for a role that can apply. */
  pullRequests: boolean;
  /** GitHub workflow files (`job_workflow_ref`): `.github/workflows/x.yml` or `OWNER/REPO/.github/workflows/x.yml@REF`. */
  workflows: string[];
  /** Target accounts and OUs as written (OUs expand at plan time, like assignment targets). */
  targets: TargetRef[];
  /** The IAM path of every CI role: `/keyless/ci/`. */
  path: string;
  /** ISO-8601, normalised like permission sets (the role's MaxSessionDuration). */
  sessionDuration: string;
  /** Compact JSON of the role's inline policy (rendered preset + extra statements, or inlinePolicy); "" when none. */
  inlinePolicy: string;
  /** Sorted, unique AWS-managed policy ARNs. */
  managedPolicies: string[];
  permissionsBoundary: PermissionsBoundary | null;
  /** The file's tags plus managed-by: keyless and keyless:ci-role: NAME, keys sorted. */
  tags: Record<string, string>;
  /** Whether the role's policies grant any write besides the Terraform state lock (src/ci/can-apply.ts). */
  canApply: boolean;
}

export interface DesiredCi {
  /** Sorted by kind. */
  providers: DesiredCiProvider[];
  /** Sorted by name. */
  roles: DesiredCiRole[];
  /** How keyless reaches the target accounts (keyless.yaml `ci.accessRole` / `ci.accessRoles`). */
  access: CiAccessConfig;
}

/** A role keyless assumes in a member account to manage its CI roles. */
export interface CiAccessRole {
  /** Role name, optionally with its path (`OrganizationAccountAccessRole`, `admin/KeylessCI`). */
  roleName: string;
  /** sts:ExternalId to pass, when the role's trust policy requires one. */
  externalId?: string;
}

export interface CiAccessConfig {
  /** Default OrganizationAccountAccessRole. */
  default: CiAccessRole;
  /** Account id → the role for that account, overriding the default. */
  accounts: Record<AccountId, CiAccessRole>;
}

/** The comparable content of a CI role in one account, identical in Desired (per account) and Actual. */
export interface CiRoleSpec {
  name: string;
  /** Always `/keyless/ci/` for roles keyless writes. */
  path: string;
  /** "" when none. */
  description: string;
  /** MaxSessionDuration in seconds. */
  maxSessionDuration: number;
  /** Compact JSON of the trust policy (the assume-role policy document). */
  trustPolicy: string;
  /** Inline policy name → compact JSON. keyless writes at most one, named `keyless`. */
  inlinePolicies: Record<string, string>;
  /** Attached managed policy ARNs, sorted. */
  managedPolicies: string[];
  /** Permissions boundary policy ARN, null when none. */
  permissionsBoundary: string | null;
  /** Desired: the tags keyless sets. Actual: every tag of the role. Compared on the desired keys only. */
  tags: Record<string, string>;
}

/** The role keyless used to reach an account: null roleArn is the credentials keyless runs with. */
export interface CiAccessUsed {
  roleArn: string | null;
  externalId: boolean;
}

export interface ActualOidcProvider {
  arn: string;
  /** As IAM lists it, without https:// (`token.actions.githubusercontent.com`). */
  host: string;
  /** The audiences (client ids) the provider accepts. */
  clientIds: string[];
}

/** A role under /keyless/ci/ as IAM has it. */
export interface ActualCiRole extends CiRoleSpec {
  arn: string;
}

/** What one target account has for CI, or why it could not be read. */
export type ActualCiAccount =
  | {
      reached: true;
      via: CiAccessUsed;
      /** aws, aws-cn, aws-us-gov: from the ARN of the identity keyless reached the account with. */
      partition: string;
      providers: ActualOidcProvider[];
      /** Every role under /keyless/ci/, sorted by name. */
      roles: ActualCiRole[];
      /** Roles keyless.yaml names that exist at another path (name → ARN): not keyless's. */
      elsewhere: Record<string, string>;
    }
  | {
      reached: false;
      via: CiAccessUsed;
      /**
       * The AWS error code (AccessDenied, ...) and its message, for a located problem; `operation`
       * (`iam.ListRoles`) when AssumeRole worked but reading the account with that role did not.
       */
      error: { code: string; message: string; operation?: string };
    };

export type StateLocking = "s3" | "dynamodb";
export type StateEncryptionType = "kms" | "kms-key" | "aes256";

/** keyless.yaml `stateBackend`, validated and with defaults applied (see docs/state-backend.md). */
export interface DesiredStateBackend {
  accountId: AccountId;
  /** The `accounts` name when the file referred to the account by name. */
  accountName?: string;
  region: string;
  bucket: string;
  /** Where state keys live ("" or a prefix such as "env/"); used by presets and `terraform files`. */
  keyPrefix: string;
  locking: StateLocking;
  /** Present exactly when locking is "dynamodb". */
  dynamodbTable?: string;
  /** kms: a key keyless creates under `alias`; kms-key: the given `kmsKeyArn`; aes256: SSE-S3. */
  encryption: { type: StateEncryptionType; kmsKeyArn?: string; alias?: string };
  noncurrentVersionDays: number;
  accessLogging?: { bucket: string; prefix: string };
  /** The file's tags plus managed-by: keyless. */
  tags: Record<string, string>;
  allowWeakening: boolean;
}

export type TargetRef =
  | { kind: "account"; name: string; accountId: AccountId }
  | { kind: "ou"; name: string; ouId: string };

export interface AssignmentRule {
  principals: PrincipalRef[];
  permissionSets: string[];
  targets: TargetRef[];
}

/** What AWS has now. Read in bulk by src/aws; never written by the engine. */
export interface Actual {
  instanceArn: string;
  identityStoreId: string;
  /**
   * Users of the identity store: every one when `identityStoreComplete.users` is true (or absent),
   * else those keyless.yaml names plus those met by id (members of managed groups, principals of
   * assignments read). Large stores are not listed whole on every plan (src/aws/identity-store.ts).
   */
  users: ActualUser[];
  /** Groups of the identity store, on the same terms as `users`. */
  groups: ActualGroup[];
  /** Which kinds were listed whole; absent: both (unmanaged ones can then be counted). */
  identityStoreComplete?: { users: boolean; groups: boolean };
  /** Every permission set in the instance (name + arn); details only for those that were read in full. */
  permissionSets: ActualPermissionSet[];
  /** Assignments read: those of managed principals and those of managed permission sets. */
  assignments: ActualAssignment[];
  /** Permission sets (by name) with accounts whose role is not the latest version (needs ProvisionPermissionSet). */
  staleProvisioning: Record<string, AccountId[]>;
  /**
   * Accounts each permission set is provisioned to (by name); drives re-provisioning after an update,
   * so it is read only for managed sets whose content differs from keyless.yaml.
   */
  provisionedAccounts: Record<string, AccountId[]>;
  /** OU id → every account in it, nested OUs included (read from Organizations at plan time). */
  ouAccounts: Record<string, AccountId[]>;
  /** Read only when keyless.yaml has a stateBackend. */
  stateBackend?: ActualStateBackend;
  /**
   * Account id → status (ACTIVE, SUSPENDED, ...) of every account of the organization, to check the
   * file's account ids. Absent when Organizations could not be read: then nothing is checked.
   */
  organizationAccounts?: Record<AccountId, string>;
  /** CI providers and roles per target account; read only when keyless.yaml declares CI roles. */
  ci?: { accounts: Record<AccountId, ActualCiAccount> };
}

/** What the state backend's account has now (src/aws/read-state-backend.ts). */
export interface ActualStateBackend {
  /** The account of the credentials in use (STS GetCallerIdentity). */
  callerAccountId: AccountId;
  bucket: ActualBucketStatus;
  /** type kms: the key behind the alias (null: no such alias); kms-key: the given key (null: not found). */
  kmsKey?: ActualKmsKey | null;
  /** Read when locking is dynamodb; null: the table does not exist. */
  lockTable?: ActualLockTable | null;
}

export type ActualBucketStatus =
  | { status: "present"; settings: ActualBucketSettings }
  | { status: "absent" }
  /** HeadBucket answered 403: the name is taken by another account (or access is denied). */
  | { status: "forbidden" }
  | { status: "other-region"; region: string }
  /** Not read: the credentials are for another account than the backend's. */
  | { status: "not-read" };

export type VersioningStatus = "Enabled" | "Suspended" | "Off";

export interface BucketEncryption {
  /** "none" when the bucket has no default encryption configuration. */
  algorithm: "aws:kms" | "aws:kms:dsse" | "AES256" | "none";
  /** As stored in the bucket's configuration (key ARN, key id or alias). */
  kmsKeyId?: string;
  bucketKeyEnabled: boolean;
}

export interface PublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

export interface ActualBucketSettings {
  versioning: VersioningStatus;
  encryption: BucketEncryption;
  /** All false when the bucket has no public access block configuration. */
  publicAccessBlock: PublicAccessBlock;
  /** "none" when the bucket has no ownership controls. */
  objectOwnership: string;
  /** The bucket policy as compact JSON, "" when there is none. */
  policy: string;
  /** The lifecycle rules in S3's shape as compact JSON (dates as ISO strings), "[]" when none. */
  lifecycleRules: string;
  /** null: server access logging is off. */
  logging: { targetBucket: string; targetPrefix: string } | null;
  tags: Record<string, string>;
}

export interface ActualKmsKey {
  keyId: string;
  keyArn: string;
  /** Enabled, Disabled, PendingDeletion, ... */
  keyState: string;
  rotation: boolean;
  /** The key policy "default" as compact JSON. */
  policy: string;
}

export interface ActualLockTable {
  name: string;
  /** True when the key schema is exactly LockID (String) as the partition key. */
  lockIdKey: boolean;
  billingMode: string;
  pointInTimeRecovery: boolean;
  /** True when encrypted with a KMS key (AWS managed or customer managed), as keyless asks. */
  sseKms: boolean;
  tags: Record<string, string>;
}

export interface ActualUser extends UserSpec {
  userId: string;
}

export interface ActualGroup {
  groupId: string;
  name: string;
  description: string;
  /** userIds of members; undefined when memberships were not read (unmanaged group). */
  memberUserIds?: string[];
}

export interface ActualPermissionSet {
  arn: PermissionSetArn;
  name: string;
  /** Present when the permission set was read in full (managed or in prune scope). */
  spec?: PermissionSetSpec;
}

export interface ActualAssignment {
  principalType: PrincipalType;
  principalId: string;
  permissionSetArn: PermissionSetArn;
  accountId: AccountId;
}
