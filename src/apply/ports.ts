/**
 * What the executor needs from AWS, in domain terms. Implemented by src/aws/identity-center-writer.ts
 * against the real SDK; the executor never imports the SDK. Asynchronous AWS operations return a
 * request id and are polled by the executor (with its injected clock), so polling is testable.
 */
import type { AccountId, PermissionSetSpec, PrincipalType, UserSpec } from "../engine/model.ts";
import type { PermissionSetField } from "../engine/plan-types.ts";

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
