/**
 * IdentityCenterWriter (src/apply/ports.ts) on the real SDK. Each method is one logical write in
 * domain terms; asynchronous operations return the AWS request id and status, and the executor
 * polls them with its own clock. Errors are mapped to KeylessError naming the operation.
 *
 * Every write converges when AWS's reply is lost (idempotent.ts): a create that finds exactly the
 * desired object afterwards (identity-center-find.ts) succeeded; a delete that finds it gone succeeded.
 */
import type { AssignmentTarget, AsyncOperation, IdentityCenterWriter } from "../apply/ports.ts";
import type { PermissionSetSpec, PermissionsBoundary, UserSpec } from "../engine/model.ts";
import type { PermissionSetField } from "../engine/plan-types.ts";
import type { AwsClients } from "./clients.ts";
import { isAwsError, withAwsErrors } from "./errors.ts";
import { createOnce, deleteOnce } from "./idempotent.ts";
import { createFinders } from "./identity-center-find.ts";
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

const conflict = (err: unknown) => isAwsError(err, "ConflictException");

/** Synthetic status of an operation found already done (its own request id was never heard). */
const ALREADY_DONE: AsyncOperation = { requestId: "(already done)", status: "SUCCEEDED" };

export function createIdentityCenterWriter(clients: AwsClients, inst: InstanceRef): IdentityCenterWriter {
  const { ssoAdmin, identityStore } = clients;
  const IdentityStoreId = inst.identityStoreId;
  const InstanceArn = inst.instanceArn;
  const psBase = (arn: string) => ({ InstanceArn, PermissionSetArn: arn });
  const find = createFinders(clients, inst);
  const sleep = (ms: number) => clients.clock.sleep(ms);
  /** Target of each assignment operation started, by request id: a FAILED one is checked against it. */
  const targets = new Map<string, { target: AssignmentTarget; create: boolean }>();

  async function attachManaged(arn: string, policyArns: string[]) {
    for (const ManagedPolicyArn of policyArns) {
      await createOnce({
        create: async () => {
          await ssoAdmin.attachManagedPolicyToPermissionSet({ ...psBase(arn), ManagedPolicyArn });
          return true as const;
        },
        find: () => find.managedPolicy(arn, ManagedPolicyArn),
        exists: conflict,
        sleep,
      });
    }
  }
  async function attachCustomer(arn: string, refs: { name: string; path: string }[]) {
    for (const r of refs) {
      await createOnce({
        create: async () => {
          await ssoAdmin.attachCustomerManagedPolicyReferenceToPermissionSet({
            ...psBase(arn),
            CustomerManagedPolicyReference: { Name: r.name, Path: r.path },
          });
          return true as const;
        },
        find: () => find.customerPolicy(arn, r),
        exists: conflict,
        sleep,
      });
    }
  }

  /**
   * An assignment operation AWS reports FAILED is done after all when the desired end state holds
   * (a repeat of an operation that had succeeded before its reply was lost).
   */
  async function settled(op: AsyncOperation): Promise<AsyncOperation> {
    const started = targets.get(op.requestId);
    if (op.status === "IN_PROGRESS" || !started) return op;
    targets.delete(op.requestId);
    if (op.status === "SUCCEEDED") return op;
    const present = await find.assignment(started.target);
    return (present === true) === started.create ? { ...op, status: "SUCCEEDED" } : op;
  }

  return {
    createUser: (spec) =>
      withAwsErrors(() =>
        createOnce({
          create: async () => {
            const res = await identityStore.createUser({
              IdentityStoreId,
              UserName: spec.userName,
              ...userAttributes(spec),
            });
            return res.UserId!;
          },
          find: () => find.user(spec),
          exists: conflict,
          sleep,
        }),
      ),

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
      withAwsErrors(() => deleteOnce(() => identityStore.deleteUser({ IdentityStoreId, UserId: userId }))),

    createGroup: (name, description) =>
      withAwsErrors(() =>
        createOnce({
          create: async () => {
            const res = await identityStore.createGroup({
              IdentityStoreId,
              DisplayName: name,
              ...(description ? { Description: description } : {}),
            });
            return res.GroupId!;
          },
          find: () => find.group(name, description),
          exists: conflict,
          sleep,
        }),
      ),

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
      withAwsErrors(() => deleteOnce(() => identityStore.deleteGroup({ IdentityStoreId, GroupId: groupId }))),

    addMember: (groupId, userId) =>
      withAwsErrors(async () => {
        await createOnce({
          create: async () => {
            await identityStore.createGroupMembership({
              IdentityStoreId,
              GroupId: groupId,
              MemberId: { UserId: userId },
            });
            return true as const;
          },
          find: () => find.membership(groupId, userId),
          exists: conflict,
          sleep,
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
        if (membershipId) {
          const MembershipId = membershipId;
          await deleteOnce(() => identityStore.deleteGroupMembership({ IdentityStoreId, MembershipId }));
        }
      }),

    createPermissionSet: (spec) =>
      withAwsErrors(async () => {
        const tags = Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value }));
        const arn = await createOnce({
          create: async () => {
            const res = await ssoAdmin.createPermissionSet({
              InstanceArn,
              Name: spec.name,
              SessionDuration: spec.sessionDuration,
              ...(spec.description ? { Description: spec.description } : {}),
              ...(spec.relayState ? { RelayState: spec.relayState } : {}),
              ...(tags.length > 0 ? { Tags: tags } : {}),
            });
            const created = res.PermissionSet?.PermissionSetArn;
            if (!created) throw new Error("CreatePermissionSet returned no PermissionSetArn");
            return created;
          },
          find: () => find.permissionSet(spec),
          exists: conflict,
          sleep,
        });
        // Each step below is a put (repeatable) or an attach that converges like the create.
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
      withAwsErrors(() => deleteOnce(() => ssoAdmin.deletePermissionSet(psBase(arn)))),

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
        // A ConflictException with nothing found is an operation in progress: the executor retries it.
        const op = await createOnce({
          create: async () => {
            const res = await ssoAdmin.createAccountAssignment(assignmentInput(t));
            return toAsync(res.AccountAssignmentCreationStatus, "CreateAccountAssignment");
          },
          find: async () => ((await find.assignment(t)) ? ALREADY_DONE : undefined),
          exists: conflict,
          sleep,
        });
        if (op !== ALREADY_DONE) targets.set(op.requestId, { target: t, create: true });
        return settled(op);
      }),

    assignmentCreationStatus: (requestId) =>
      withAwsErrors(async () => {
        const res = await ssoAdmin.describeAccountAssignmentCreationStatus({
          InstanceArn,
          AccountAssignmentCreationRequestId: requestId,
        });
        return settled(
          toAsync(res.AccountAssignmentCreationStatus, "DescribeAccountAssignmentCreationStatus"),
        );
      }),

    startDeleteAssignment: (t) =>
      withAwsErrors(async () => {
        try {
          const res = await ssoAdmin.deleteAccountAssignment(assignmentInput(t));
          const op = toAsync(res.AccountAssignmentDeletionStatus, "DeleteAccountAssignment");
          targets.set(op.requestId, { target: t, create: false });
          return settled(op);
        } catch (err) {
          // Gone already: deleted by an attempt whose reply was lost (the SDK retried it).
          if (isAwsError(err, "ResourceNotFoundException")) return ALREADY_DONE;
          throw err;
        }
      }),

    assignmentDeletionStatus: (requestId) =>
      withAwsErrors(async () => {
        const res = await ssoAdmin.describeAccountAssignmentDeletionStatus({
          InstanceArn,
          AccountAssignmentDeletionRequestId: requestId,
        });
        return settled(
          toAsync(res.AccountAssignmentDeletionStatus, "DescribeAccountAssignmentDeletionStatus"),
        );
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
        await deleteOnce(() => ssoAdmin.deleteInlinePolicyFromPermissionSet(psBase(arn)));
      }
    }
    if (fields.has("managedPolicies")) {
      const was = new Set(before.managedPolicies);
      const will = new Set(after.managedPolicies);
      // Detach first: the 20-policy quota counts attached policies.
      for (const ManagedPolicyArn of before.managedPolicies.filter((p) => !will.has(p))) {
        await deleteOnce(() =>
          ssoAdmin.detachManagedPolicyFromPermissionSet({ ...psBase(arn), ManagedPolicyArn }),
        );
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
        await deleteOnce(() =>
          ssoAdmin.detachCustomerManagedPolicyReferenceFromPermissionSet({
            ...psBase(arn),
            CustomerManagedPolicyReference: { Name: r.name, Path: r.path },
          }),
        );
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
        await deleteOnce(() => ssoAdmin.deletePermissionsBoundaryFromPermissionSet(psBase(arn)));
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
