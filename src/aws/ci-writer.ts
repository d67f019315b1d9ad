/**
 * The CiWriter port on the real SDK: IAM OIDC providers and CI roles in member accounts, each written
 * through the IAM client of the role keyless assumed there (member-accounts.ts, cached for the run).
 *
 * Converges when a reply is lost (idempotent.ts): CreateRole and CreateOpenIDConnectProvider are not
 * repeated blindly by the SDK; on an unknown outcome or "already exists" the writer looks: a role of
 * that name under /keyless/ci/ tagged as keyless's (or a provider for that URL) is the earlier attempt.
 * Puts, attaches, tags and updates are safe to repeat; a delete answered "no such entity" is done.
 */
import type { IAM } from "@aws-sdk/client-iam";
import type { CiWriter } from "../apply/ports.ts";
import { CI_OWNER_TAG, CI_ROLE_PATH } from "../ci/providers.ts";
import type { AccountId, CiRoleSpec } from "../engine/model.ts";
import type { CiRoleField } from "../engine/plan-types.ts";
import { KeylessError } from "../errors/keyless-error.ts";
import type { AwsClock } from "./clients.ts";
import { isAwsError } from "./errors.ts";
import { createOnce, deleteOnce } from "./idempotent.ts";
import type { MemberAccess } from "./member-accounts.ts";

const noSuchEntity = (err: unknown) =>
  isAwsError(err, "NoSuchEntityException") || isAwsError(err, "NoSuchEntity");
const alreadyExists = (err: unknown) =>
  isAwsError(err, "EntityAlreadyExistsException") || isAwsError(err, "EntityAlreadyExists");

const tagList = (tags: Record<string, string>) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

export function createCiWriter(access: MemberAccess, clock: AwsClock): CiWriter {
  const iamFor = async (accountId: AccountId): Promise<IAM> => {
    const r = await access.reach(accountId);
    if (r.reached) return r.iam;
    throw new KeylessError(
      "AWS_ACCESS_DENIED",
      `cannot reach account ${accountId}: sts:AssumeRole on ${r.via.roleArn} failed with ${r.error.code}`,
      { hint: "Fix the access role (ci.accessRoles), then run keyless plan again." },
    );
  };
  const sleep = (ms: number) => clock.sleep(ms);

  return {
    async createOidcProvider(accountId, url, clientIds) {
      const iam = await iamFor(accountId);
      const host = url.replace(/^https:\/\//, "");
      await createOnce({
        create: async () => {
          await iam.createOpenIDConnectProvider({
            Url: url,
            ClientIDList: clientIds,
            Tags: tagList({ [CI_OWNER_TAG.key]: CI_OWNER_TAG.value }),
          });
          return true;
        },
        find: async () => {
          const list = await iam.listOpenIDConnectProviders({});
          const found = list.OpenIDConnectProviderList?.some((p) =>
            p.Arn?.endsWith(`:oidc-provider/${host}`),
          );
          return found ? true : undefined;
        },
        exists: alreadyExists,
        sleep,
      });
      // A provider that already existed (made by hand between plan and apply) may lack the audience.
      await addClientIds(iam, `:oidc-provider/${host}`, clientIds);
    },

    async addOidcClientIds(accountId, arn, clientIds) {
      const iam = await iamFor(accountId);
      for (const ClientID of clientIds) {
        await iam.addClientIDToOpenIDConnectProvider({ OpenIDConnectProviderArn: arn, ClientID });
      }
    },

    async createRole(accountId, spec) {
      const iam = await iamFor(accountId);
      await createOnce({
        create: async () => {
          await iam.createRole({
            RoleName: spec.name,
            Path: spec.path,
            AssumeRolePolicyDocument: spec.trustPolicy,
            MaxSessionDuration: spec.maxSessionDuration,
            ...(spec.description !== "" && { Description: spec.description }),
            ...(spec.permissionsBoundary !== null && { PermissionsBoundary: spec.permissionsBoundary }),
            Tags: tagList(spec.tags),
          });
          return true;
        },
        find: async () => {
          try {
            const role = (await iam.getRole({ RoleName: spec.name })).Role;
            const ours =
              role?.Path === CI_ROLE_PATH &&
              role.Tags?.some((t) => t.Key === CI_OWNER_TAG.key && t.Value === CI_OWNER_TAG.value);
            if (!ours) {
              throw new KeylessError(
                "APPLY_FAILED",
                `role ${spec.name} exists in account ${accountId} and is not keyless's; nothing was written to it`,
                {
                  hint: "Rename the role in keyless.yaml, or remove the other role, then run keyless plan again.",
                },
              );
            }
            return true;
          } catch (err) {
            if (noSuchEntity(err)) return undefined;
            throw err;
          }
        },
        exists: alreadyExists,
        sleep,
      });
      for (const [PolicyName, PolicyDocument] of Object.entries(spec.inlinePolicies)) {
        await iam.putRolePolicy({ RoleName: spec.name, PolicyName, PolicyDocument });
      }
      for (const PolicyArn of spec.managedPolicies) {
        await iam.attachRolePolicy({ RoleName: spec.name, PolicyArn });
      }
    },

    async updateRole(accountId, before, after, fields) {
      const iam = await iamFor(accountId);
      await applyFields(iam, before, after, fields);
    },

    async deleteRole(accountId, before) {
      const iam = await iamFor(accountId);
      const RoleName = before.name;
      // What the role has now, not what the plan saw: IAM refuses to delete a role with policies.
      const [inline, attached] = await Promise.all([
        iam
          .listRolePolicies({ RoleName })
          .catch((err) => (noSuchEntity(err) ? { PolicyNames: [] } : Promise.reject(err))),
        iam
          .listAttachedRolePolicies({ RoleName })
          .catch((err) => (noSuchEntity(err) ? { AttachedPolicies: [] } : Promise.reject(err))),
      ]);
      for (const PolicyName of inline.PolicyNames ?? []) {
        await deleteOnce(() => iam.deleteRolePolicy({ RoleName, PolicyName }), noSuchEntity);
      }
      for (const p of attached.AttachedPolicies ?? []) {
        await deleteOnce(() => iam.detachRolePolicy({ RoleName, PolicyArn: p.PolicyArn }), noSuchEntity);
      }
      await deleteOnce(() => iam.deleteRole({ RoleName }), noSuchEntity);
    },
  };
}

async function addClientIds(iam: IAM, arnSuffix: string, clientIds: string[]): Promise<void> {
  const list = await iam.listOpenIDConnectProviders({});
  const arn = list.OpenIDConnectProviderList?.find((p) => p.Arn?.endsWith(arnSuffix))?.Arn;
  if (!arn) return;
  const p = await iam.getOpenIDConnectProvider({ OpenIDConnectProviderArn: arn });
  for (const ClientID of clientIds.filter((c) => !(p.ClientIDList ?? []).includes(c))) {
    await iam.addClientIDToOpenIDConnectProvider({ OpenIDConnectProviderArn: arn, ClientID });
  }
}

/** Each changed field with the IAM call that sets it; extras keyless does not declare are removed. */
async function applyFields(
  iam: IAM,
  before: CiRoleSpec,
  after: CiRoleSpec,
  fields: CiRoleField[],
): Promise<void> {
  const RoleName = after.name;
  for (const field of fields) {
    switch (field) {
      case "trustPolicy":
        await iam.updateAssumeRolePolicy({ RoleName, PolicyDocument: after.trustPolicy });
        break;
      case "inlinePolicies":
        for (const [PolicyName, PolicyDocument] of Object.entries(after.inlinePolicies)) {
          if (before.inlinePolicies[PolicyName] !== PolicyDocument) {
            await iam.putRolePolicy({ RoleName, PolicyName, PolicyDocument });
          }
        }
        for (const PolicyName of Object.keys(before.inlinePolicies)) {
          if (!(PolicyName in after.inlinePolicies)) {
            await deleteOnce(() => iam.deleteRolePolicy({ RoleName, PolicyName }), noSuchEntity);
          }
        }
        break;
      case "managedPolicies":
        for (const PolicyArn of after.managedPolicies.filter((a) => !before.managedPolicies.includes(a))) {
          await iam.attachRolePolicy({ RoleName, PolicyArn });
        }
        for (const PolicyArn of before.managedPolicies.filter((a) => !after.managedPolicies.includes(a))) {
          await deleteOnce(() => iam.detachRolePolicy({ RoleName, PolicyArn }), noSuchEntity);
        }
        break;
      case "permissionsBoundary":
        if (after.permissionsBoundary === null) {
          await deleteOnce(() => iam.deleteRolePermissionsBoundary({ RoleName }), noSuchEntity);
        } else {
          await iam.putRolePermissionsBoundary({ RoleName, PermissionsBoundary: after.permissionsBoundary });
        }
        break;
      case "tags":
        await iam.tagRole({ RoleName, Tags: tagList(after.tags) });
        break;
      case "maxSessionDuration":
      case "description":
        // One UpdateRole sets both; it runs once for either field.
        if (field === "description" && fields.includes("maxSessionDuration")) break;
        await iam.updateRole({
          RoleName,
          MaxSessionDuration: after.maxSessionDuration,
          Description: after.description,
        });
        break;
    }
  }
}
