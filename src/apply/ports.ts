/**
 * What the executor needs from AWS, in domain terms. Implemented by src/aws/identity-center-writer.ts
 * against the real SDK; the executor never imports the SDK. Asynchronous AWS operations return a
 * request id and are polled by the executor (with its injected clock), so polling is testable.
 */
import type { AccountId, CiRoleSpec, PermissionSetSpec, PrincipalType, UserSpec } from "../engine/model.ts";
import type {
  BucketSettingValue,
  CiRoleField,
  KmsKeySpec,
  LockTableChange,
  LockTableSpec,
  PermissionSetField,
} from "../engine/plan-types.ts";

export type AsyncStatus = "IN_PROGRESS" | "SUCCEEDED" | "FAILED";

export interface AsyncOperation {
  requestId: string;
  status: AsyncStatus;
  failureReason?: string;
}

export interface AssignmentTarget {
  principalType: PrincipalType;
  principalId: string;
  permissionSetArn: string;
  accountId: AccountId;
}

export interface IdentityCenterWriter {
  createUser(spec: UserSpec): Promise<string>;
  updateUser(userId: string, spec: UserSpec): Promise<void>;
  deleteUser(userId: string): Promise<void>;

  createGroup(name: string, description: string): Promise<string>;
  updateGroup(groupId: string, description: string): Promise<void>;
  deleteGroup(groupId: string): Promise<void>;

  addMember(groupId: string, userId: string): Promise<void>;
  removeMember(groupId: string, userId: string): Promise<void>;

  /** CreatePermissionSet, then inline policy, managed / customer-managed policies, boundary, tags. Returns the ARN. */
  createPermissionSet(spec: PermissionSetSpec): Promise<string>;
  /** Applies only `fields` of `after` (with `before` to compute attach/detach and tag removals). */
  updatePermissionSet(
    arn: string,
    before: PermissionSetSpec,
    after: PermissionSetSpec,
    fields: PermissionSetField[],
  ): Promise<void>;
  deletePermissionSet(arn: string): Promise<void>;

  startProvisioning(arn: string, target: "ALL_PROVISIONED_ACCOUNTS" | AccountId): Promise<AsyncOperation>;
  provisioningStatus(requestId: string): Promise<AsyncOperation>;

  startCreateAssignment(target: AssignmentTarget): Promise<AsyncOperation>;
  assignmentCreationStatus(requestId: string): Promise<AsyncOperation>;
  startDeleteAssignment(target: AssignmentTarget): Promise<AsyncOperation>;
  assignmentDeletionStatus(requestId: string): Promise<AsyncOperation>;
}

/**
 * Writes of the Terraform state backend, in one account and region (src/aws/state-backend-writer.ts).
 * There is deliberately no delete: keyless never deletes the state bucket, its key or the lock table.
 */
export interface StateBackendWriter {
  /** CreateKey with the policy and tags, EnableKeyRotation, CreateAlias. Returns the key ARN. */
  createKmsKey(spec: KmsKeySpec): Promise<string>;
  updateKmsKey(keyId: string, after: KmsKeySpec, fields: Array<"rotation" | "policy">): Promise<void>;
  /** CreateBucket in the region with object ownership BucketOwnerEnforced. */
  createBucket(bucket: string, region: string): Promise<void>;
  /** Replaces one setting of the bucket as a whole. */
  putBucketSetting(bucket: string, value: BucketSettingValue): Promise<void>;
  createLockTable(spec: LockTableSpec): Promise<void>;
  updateLockTable(after: LockTableSpec, fields: LockTableChange["changedFields"]): Promise<void>;
}

/**
 * IAM writes of CI roles in member accounts (src/aws/ci-writer.ts), each through the role keyless
 * assumed in that account. OIDC providers are never deleted.
 */
export interface CiWriter {
  createOidcProvider(accountId: AccountId, url: string, clientIds: string[]): Promise<void>;
  addOidcClientIds(accountId: AccountId, arn: string, clientIds: string[]): Promise<void>;
  /** CreateRole (path, trust policy, session, description, boundary, tags), then its policies. */
  createRole(accountId: AccountId, spec: CiRoleSpec): Promise<void>;
  /** Applies only `fields` of `after`; `before` says which inline / attached policies to remove. */
  updateRole(
    accountId: AccountId,
    before: CiRoleSpec,
    after: CiRoleSpec,
    fields: CiRoleField[],
  ): Promise<void>;
  /** Removes the role's inline and attached policies, then the role. */
  deleteRole(accountId: AccountId, before: CiRoleSpec): Promise<void>;
}

/** The writer apply gets: Identity Center, plus the state backend and CI roles when keyless.yaml has them. */
export interface KeylessWriter extends IdentityCenterWriter {
  stateBackend?: StateBackendWriter;
  ci?: CiWriter;
}
