/**
 * Look-ups the Identity Center writer makes after a create whose reply was lost or that AWS answered
 * "already exists" (idempotent.ts): does exactly the desired object exist now? Each returns its id
 * (or true) when it does, undefined when nothing by that natural key exists, and throws a KeylessError
 * when something with the same name exists but differs: that one was not made by this apply.
 * These calls happen only on those rare paths, never on a normal apply.
 */
import type { AssignmentTarget } from "../apply/ports.ts";
import type { PermissionSetSpec, UserSpec } from "../engine/model.ts";
import { KeylessError } from "../errors/keyless-error.ts";
import type { AwsClients } from "./clients.ts";
import { unlessNotFound } from "./idempotent.ts";
import type { InstanceRef } from "./instance.ts";

function differs(what: string, fields: string[]): KeylessError {
  return new KeylessError(
    "APPLY_FAILED",
    `${what} already exists with a different ${fields.join(", ")}: it was not created by this apply`,
    { hint: "Something else created it meanwhile. Run `keyless plan` again to see it as it is now." },
  );
}

export function createFinders(clients: AwsClients, inst: InstanceRef) {
  const { ssoAdmin, identityStore } = clients;
  const IdentityStoreId = inst.identityStoreId;
  const InstanceArn = inst.instanceArn;
  /** Names of permission sets described on a look-up, by ARN (they do not change within a run). */
  const setNames = new Map<string, string>();

  return {
    async user(spec: UserSpec): Promise<string | undefined> {
      const id = await unlessNotFound(async () => {
        const res = await identityStore.getUserId({
          IdentityStoreId,
          AlternateIdentifier: {
            UniqueAttribute: { AttributePath: "userName", AttributeValue: spec.userName },
          },
        });
        return res.UserId;
      });
      if (!id) return undefined;
      const u = await identityStore.describeUser({ IdentityStoreId, UserId: id });
      const email = (u.Emails ?? []).find((e) => e.Primary) ?? u.Emails?.[0];
      const diff = [
        u.DisplayName !== spec.displayName && "displayName",
        u.Name?.GivenName !== spec.givenName && "givenName",
        u.Name?.FamilyName !== spec.familyName && "familyName",
        email?.Value !== spec.email && "email",
      ].filter((f): f is string => typeof f === "string");
      if (diff.length > 0) throw differs(`user "${spec.userName}"`, diff);
      return id;
    },

    async group(name: string, description: string): Promise<string | undefined> {
      const id = await unlessNotFound(async () => {
        const res = await identityStore.getGroupId({
          IdentityStoreId,
          AlternateIdentifier: { UniqueAttribute: { AttributePath: "displayName", AttributeValue: name } },
        });
        return res.GroupId;
      });
      if (!id) return undefined;
      const g = await identityStore.describeGroup({ IdentityStoreId, GroupId: id });
      if ((g.Description ?? "") !== description) throw differs(`group "${name}"`, ["description"]);
      return id;
    },

    async membership(groupId: string, userId: string): Promise<true | undefined> {
      const id = await unlessNotFound(async () => {
        const res = await identityStore.getGroupMembershipId({
          IdentityStoreId,
          GroupId: groupId,
          MemberId: { UserId: userId },
        });
        return res.MembershipId;
      });
      return id ? true : undefined;
    },

    /**
     * ListPermissionSets has no name filter: every ARN is described (newest last in AWS's and moto's
     * order, so from the end) until the name matches.
     */
    async permissionSet(spec: PermissionSetSpec): Promise<string | undefined> {
      const arns: string[] = [];
      let NextToken: string | undefined;
      do {
        const page = await ssoAdmin.listPermissionSets({ InstanceArn, MaxResults: 100, NextToken });
        arns.push(...(page.PermissionSets ?? []));
        NextToken = page.NextToken;
      } while (NextToken);
      for (const arn of arns.reverse()) {
        const known = setNames.get(arn);
        if (known !== undefined && known !== spec.name) continue;
        const found = (await ssoAdmin.describePermissionSet({ InstanceArn, PermissionSetArn: arn }))
          .PermissionSet;
        setNames.set(arn, found?.Name ?? "");
        if (!found || found.Name !== spec.name) continue;
        const diff = [
          (found.Description ?? "") !== spec.description && "description",
          (found.SessionDuration ?? "PT1H") !== spec.sessionDuration && "sessionDuration",
          (found.RelayState ?? "") !== spec.relayState && "relayState",
        ].filter((f): f is string => typeof f === "string");
        if (diff.length > 0) throw differs(`permission set "${spec.name}"`, diff);
        return arn;
      }
      return undefined;
    },

    async managedPolicy(arn: string, policyArn: string): Promise<true | undefined> {
      let NextToken: string | undefined;
      do {
        const page = await ssoAdmin.listManagedPoliciesInPermissionSet({
          InstanceArn,
          PermissionSetArn: arn,
          MaxResults: 100,
          NextToken,
        });
        if ((page.AttachedManagedPolicies ?? []).some((p) => p.Arn === policyArn)) return true;
        NextToken = page.NextToken;
      } while (NextToken);
      return undefined;
    },

    async customerPolicy(arn: string, ref: { name: string; path: string }): Promise<true | undefined> {
      let NextToken: string | undefined;
      do {
        const page = await ssoAdmin.listCustomerManagedPolicyReferencesInPermissionSet({
          InstanceArn,
          PermissionSetArn: arn,
          MaxResults: 100,
          NextToken,
        });
        const refs = page.CustomerManagedPolicyReferences ?? [];
        if (refs.some((r) => r.Name === ref.name && (r.Path ?? "/") === ref.path)) return true;
        NextToken = page.NextToken;
      } while (NextToken);
      return undefined;
    },

    async assignment(t: AssignmentTarget): Promise<true | undefined> {
      let NextToken: string | undefined;
      do {
        const page = await ssoAdmin.listAccountAssignments({
          InstanceArn,
          AccountId: t.accountId,
          PermissionSetArn: t.permissionSetArn,
          MaxResults: 100,
          NextToken,
        });
        const all = page.AccountAssignments ?? [];
        if (all.some((a) => a.PrincipalType === t.principalType && a.PrincipalId === t.principalId))
          return true;
        NextToken = page.NextToken;
      } while (NextToken);
      return undefined;
    },
  };
}

export type Finders = ReturnType<typeof createFinders>;
