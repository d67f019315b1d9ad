/**
 * IdentityCenterWriter (src/apply/ports.ts) on the real SDK. Each method is one logical write in
 * domain terms; asynchronous operations return the AWS request id and status, and the executor
 * polls them with its own clock. Errors are mapped to KeylessError naming the operation.
 */
import type { AssignmentTarget, AsyncOperation, IdentityCenterWriter } from "../apply/ports.ts";
import type { PermissionSetSpec, PermissionsBoundary, UserSpec } from "../engine/model.ts";
import type { PermissionSetField } from "../engine/plan-types.ts";
import type { AwsClients } from "./clients.ts";
import { isAwsError, withAwsErrors } from "./errors.ts";
import type { InstanceRef } from "./instance.ts";
import { customerKey } from "./normalise.ts";

interface RawStatus {
  RequestId?: string | undefined;
  Status?: string | undefined;
  FailureReason?: string | undefined;
}

function toAsync(s: RawStatus | undefined, op: string): AsyncOperation {
  if (!s?.RequestId || !s.Status) {
    throw new Error(`${op} returned no request status`);
  }
  const status = s.Status === "SUCCEEDED" || s.Status === "FAILED" ? s.Status : "IN_PROGRESS";
  return { requestId: s.RequestId, status, ...(s.FailureReason ? { failureReason: s.FailureReason } : {}) };
}

function boundaryInput(b: PermissionsBoundary) {
  return b.kind === "managed"
    ? { ManagedPolicyArn: b.arn }
    : { CustomerManagedPolicyReference: { Name: b.name, Path: b.path } };
}

function userAttributes(spec: UserSpec) {
  return {
    DisplayName: spec.displayName,
    Name: { GivenName: spec.givenName, FamilyName: spec.familyName },
    Emails: [{ Value: spec.email, Type: "work", Primary: true }],
  };
}

export function createIdentityCenterWriter(clients: AwsClients, inst: InstanceRef): IdentityCenterWriter {
  const { ssoAdmin, identityStore } = clients;
  const IdentityStoreId = inst.identityStoreId;
  const InstanceArn = inst.instanceArn;
  const psBase = (arn: string) => ({ InstanceArn, PermissionSetArn: arn });

  async function attachManaged(arn: string, policyArns: string[]) {
    for (const ManagedPolicyArn of policyArns) {
      await ssoAdmin.attachManagedPolicyToPermissionSet({ ...psBase(arn), ManagedPolicyArn });
    }
  }
  async function attachCustomer(arn: string, refs: { name: string; path: string }[]) {
    for (const r of refs) {
      await ssoAdmin.attachCustomerManagedPolicyReferenceToPermissionSet({
        ...psBase(arn),
        CustomerManagedPolicyReference: { Name: r.name, Path: r.path },
      });
    }
  }

  return {
    createUser: (spec) =>
      withAwsErrors(async () => {
        const res = await identityStore.createUser({
          IdentityStoreId,
          UserName: spec.userName,
          ...userAttributes(spec),
        });
        return res.UserId!;
      }),

    updateUser: (userId, spec) =>
      withAwsErrors(async () => {
        // Multi-valued attributes (emails) must be replaced whole.
        await identityStore.updateUser({
          IdentityStoreId,
          UserId: userId,
          Operations: [
            { AttributePath: "displayName", AttributeValue: spec.displayName },
            { AttributePath: "name.givenName", AttributeValue: spec.givenName },
            { AttributePath: "name.familyName", AttributeValue: spec.familyName },
            { AttributePath: "emails", AttributeValue: [{ value: spec.email, type: "work", primary: true }] },
          ],
        });
      }),

    deleteUser: (userId) =>
      withAwsErrors(async () => {
        await identityStore.deleteUser({ IdentityStoreId, UserId: userId });
      }),

    createGroup: (name, description) =>
      withAwsErrors(async () => {
        const res = await identityStore.createGroup({
          IdentityStoreId,
          DisplayName: name,
          ...(description ? { Description: description } : {}),
        });
        return res.GroupId!;
      }),

    updateGroup: (groupId, description) =>
      withAwsErrors(async () => {
        // An operation without a value removes the attribute (an empty description is not allowed).
        await identityStore.updateGroup({
          IdentityStoreId,
          GroupId: groupId,
          Operations: [
            description
              ? { AttributePath: "description", AttributeValue: description }
              : { AttributePath: "description" },
          ],
        });
      }),

    deleteGroup: (groupId) =>
      withAwsErrors(async () => {
        await identityStore.deleteGroup({ IdentityStoreId, GroupId: groupId });
      }),

    addMember: (groupId, userId) =>
      withAwsErrors(async () => {
        await identityStore.createGroupMembership({
          IdentityStoreId,
          GroupId: groupId,
          MemberId: { UserId: userId },
        });
      }),

    removeMember: (groupId, userId) =>
      withAwsErrors(async () => {
        let membershipId: string | undefined;
        try {
          const res = await identityStore.getGroupMembershipId({
            IdentityStoreId,
            GroupId: groupId,
            MemberId: { UserId: userId },
          });
          membershipId = res.MembershipId;
        } catch (err) {
          // Already gone: the desired end state holds.
          if (isAwsError(err, "ResourceNotFoundException")) return;
          throw err;
        }
        if (membershipId)
          await identityStore.deleteGroupMembership({ IdentityStoreId, MembershipId: membershipId });
      }),

    createPermissionSet: (spec) =>
      withAwsErrors(async () => {
        const tags = Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value }));
        const res = await ssoAdmin.createPermissionSet({
          InstanceArn,
          Name: spec.name,
          SessionDuration: spec.sessionDuration,
          ...(spec.description ? { Description: spec.description } : {}),
          ...(spec.relayState ? { RelayState: spec.relayState } : {}),
          ...(tags.length > 0 ? { Tags: tags } : {}),
        });
        const arn = res.PermissionSet?.PermissionSetArn;
        if (!arn) throw new Error("CreatePermissionSet returned no PermissionSetArn");
        if (spec.inlinePolicy) {
          await ssoAdmin.putInlinePolicyToPermissionSet({ ...psBase(arn), InlinePolicy: spec.inlinePolicy });
        }
        await attachManaged(arn, spec.managedPolicies);
        await attachCustomer(arn, spec.customerManagedPolicies);
        if (spec.permissionsBoundary) {
          await ssoAdmin.putPermissionsBoundaryToPermissionSet({
            ...psBase(arn),
            PermissionsBoundary: boundaryInput(spec.permissionsBoundary),
          });
        }
        return arn;
      }),

    updatePermissionSet: (arn, before, after, fields) =>
      withAwsErrors(() => updatePermissionSet(arn, before, after, new Set(fields))),

    deletePermissionSet: (arn) =>
      withAwsErrors(async () => {
        await ssoAdmin.deletePermissionSet(psBase(arn));
      }),

    startProvisioning: (arn, target) =>
      withAwsErrors(async () => {
        const res = await ssoAdmin.provisionPermissionSet({
          ...psBase(arn),
          ...(target === "ALL_PROVISIONED_ACCOUNTS"
            ? { TargetType: "ALL_PROVISIONED_ACCOUNTS" }
            : { TargetType: "AWS_ACCOUNT", TargetId: target }),
        });
        return toAsync(res.PermissionSetProvisioningStatus, "ProvisionPermissionSet");
      }),

    provisioningStatus: (requestId) =>
      withAwsErrors(async () => {
        const res = await ssoAdmin.describePermissionSetProvisioningStatus({
          InstanceArn,
          ProvisionPermissionSetRequestId: requestId,
        });
        return toAsync(res.PermissionSetProvisioningStatus, "DescribePermissionSetProvisioningStatus");
      }),

    startCreateAssignment: (t) =>
      withAwsErrors(async () => {
        const res = await ssoAdmin.createAccountAssignment(assignmentInput(t));
        return toAsync(res.AccountAssignmentCreationStatus, "CreateAccountAssignment");
      }),

    assignmentCreationStatus: (requestId) =>
      withAwsErrors(async () => {
        const res = await ssoAdmin.describeAccountAssignmentCreationStatus({
          InstanceArn,
          AccountAssignmentCreationRequestId: requestId,
        });
        return toAsync(res.AccountAssignmentCreationStatus, "DescribeAccountAssignmentCreationStatus");
      }),

    startDeleteAssignment: (t) =>
      withAwsErrors(async () => {
        const res = await ssoAdmin.deleteAccountAssignment(assignmentInput(t));
        return toAsync(res.AccountAssignmentDeletionStatus, "DeleteAccountAssignment");
      }),

    assignmentDeletionStatus: (requestId) =>
      withAwsErrors(async () => {
        const res = await ssoAdmin.describeAccountAssignmentDeletionStatus({
          InstanceArn,
          AccountAssignmentDeletionRequestId: requestId,
        });
        return toAsync(res.AccountAssignmentDeletionStatus, "DescribeAccountAssignmentDeletionStatus");
      }),
  };

  function assignmentInput(t: AssignmentTarget) {
    return {
      InstanceArn,
      PermissionSetArn: t.permissionSetArn,
      PrincipalType: t.principalType,
      PrincipalId: t.principalId,
      TargetType: "AWS_ACCOUNT" as const,
      TargetId: t.accountId,
    };
  }

  async function updatePermissionSet(
    arn: string,
    before: PermissionSetSpec,
    after: PermissionSetSpec,
    fields: Set<PermissionSetField>,
  ): Promise<void> {
    if (fields.has("description") || fields.has("sessionDuration") || fields.has("relayState")) {
      // All three are sent: some implementations (moto) reset omitted attributes. Description and
      // RelayState have a minimum length of 1, so "" can only be expressed by omission.
      await ssoAdmin.updatePermissionSet({
        ...psBase(arn),
        SessionDuration: after.sessionDuration,
        ...(after.description ? { Description: after.description } : {}),
        ...(after.relayState ? { RelayState: after.relayState } : {}),
      });
    }
    if (fields.has("inlinePolicy")) {
      if (after.inlinePolicy) {
        await ssoAdmin.putInlinePolicyToPermissionSet({ ...psBase(arn), InlinePolicy: after.inlinePolicy });
      } else {
        await ssoAdmin.deleteInlinePolicyFromPermissionSet(psBase(arn));
      }
    }
    if (fields.has("managedPolicies")) {
      const was = new Set(before.managedPolicies);
      const will = new Set(after.managedPolicies);
      // Detach first: the 20-policy quota counts attached policies.
      for (const ManagedPolicyArn of before.managedPolicies.filter((p) => !will.has(p))) {
        await ssoAdmin.detachManagedPolicyFromPermissionSet({ ...psBase(arn), ManagedPolicyArn });
      }
      await attachManaged(
        arn,
        after.managedPolicies.filter((p) => !was.has(p)),
      );
    }
    if (fields.has("customerManagedPolicies")) {
      const was = new Set(before.customerManagedPolicies.map(customerKey));
      const will = new Set(after.customerManagedPolicies.map(customerKey));
      for (const r of before.customerManagedPolicies.filter((p) => !will.has(customerKey(p)))) {
        await ssoAdmin.detachCustomerManagedPolicyReferenceFromPermissionSet({
          ...psBase(arn),
          CustomerManagedPolicyReference: { Name: r.name, Path: r.path },
        });
      }
      await attachCustomer(
        arn,
        after.customerManagedPolicies.filter((p) => !was.has(customerKey(p))),
      );
    }
    if (fields.has("permissionsBoundary")) {
      if (after.permissionsBoundary) {
        await ssoAdmin.putPermissionsBoundaryToPermissionSet({
          ...psBase(arn),
          PermissionsBoundary: boundaryInput(after.permissionsBoundary),
        });
      } else {
        await ssoAdmin.deletePermissionsBoundaryFromPermissionSet(psBase(arn));
      }
    }
    if (fields.has("tags")) {
      const changed = Object.entries(after.tags).filter(([k, v]) => before.tags[k] !== v);
      const removed = Object.keys(before.tags).filter((k) => !(k in after.tags));
      if (changed.length > 0) {
        await ssoAdmin.tagResource({
          InstanceArn,
          ResourceArn: arn,
          Tags: changed.map(([Key, Value]) => ({ Key, Value })),
        });
      }
      if (removed.length > 0) {
        await ssoAdmin.untagResource({ InstanceArn, ResourceArn: arn, TagKeys: removed });
      }
    }
  }
}
