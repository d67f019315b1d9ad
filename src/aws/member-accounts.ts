/**
 * Reaching member accounts for CI roles: from the credentials keyless runs with, sts:AssumeRole into
 * the configured role of each account (default OrganizationAccountAccessRole, with sts:ExternalId
 * when configured), once per account for the run; an IAM client on the role's credentials. The
 * account of the credentials themselves is used directly (no role to assume into oneself).
 *
 * A refused AssumeRole is not thrown: it is returned as "not reached" with AWS's error code, so the
 * plan can show a located problem for that account and still plan the others.
 */
import type { IAM } from "@aws-sdk/client-iam";
import { accessRoleArn, accessRoleFor } from "../engine/ci-roles.ts";
import type { AccountId, CiAccessUsed, DesiredCi } from "../engine/model.ts";
import type { AwsClients } from "./clients.ts";
import { redact } from "./errors.ts";

export type Reached =
  | { reached: true; via: CiAccessUsed; partition: string; iam: IAM }
  | { reached: false; via: CiAccessUsed; error: { code: string; message: string } };

export interface MemberAccess {
  reach(accountId: AccountId): Promise<Reached>;
}

/** The session name CloudTrail shows in each member account for keyless's calls. */
const SESSION_NAME = "keyless-ci";

interface Caller {
  account: string;
  partition: string;
}

const partitionOfArn = (arn: string | undefined): string => /^arn:([^:]+):/.exec(arn ?? "")?.[1] ?? "aws";

/**
 * An AWS service error that refuses this account (4xx: access denied, no such role...), as opposed to
 * a bug, a network failure or a 5xx, which are thrown.
 */
export function serviceError(err: unknown): { code: string; message: string } | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const e = err as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: unknown } };
  if (typeof e.$metadata?.httpStatusCode !== "number" || e.$metadata.httpStatusCode >= 500) return undefined;
  return {
    code: String(e.name ?? "Error"),
    message: redact(String(e.message ?? ""))
      .replace(/\s+/g, " ")
      .trim(),
  };
}

export function createMemberAccess(clients: AwsClients, ci: DesiredCi): MemberAccess {
  const cache = new Map<AccountId, Promise<Reached>>();
  let caller: Promise<Caller> | undefined;
  const who = (): Promise<Caller> => {
    caller ??= clients.sts
      .getCallerIdentity({})
      .then((r) => ({ account: r.Account ?? "", partition: partitionOfArn(r.Arn) }));
    return caller;
  };

  const open = async (accountId: AccountId): Promise<Reached> => {
    const me = await who();
    if (accountId === me.account) {
      const via = { roleArn: null, externalId: false };
      return { reached: true, via, partition: me.partition, iam: await clients.iam() };
    }
    const role = accessRoleFor(ci, accountId);
    const roleArn = accessRoleArn(role, accountId, me.partition);
    const via = { roleArn, externalId: role.externalId !== undefined };
    try {
      const out = await clients.sts.assumeRole({
        RoleArn: roleArn,
        RoleSessionName: SESSION_NAME,
        ...(role.externalId !== undefined && { ExternalId: role.externalId }),
      });
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) {
        return { reached: false, via, error: { code: "NoCredentials", message: "AssumeRole returned none" } };
      }
      const iam = await clients.iam({
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
      });
      return { reached: true, via, partition: partitionOfArn(out.AssumedRoleUser?.Arn), iam };
    } catch (err) {
      const error = serviceError(err);
      if (!error) throw err;
      return { reached: false, via, error };
    }
  };

  return {
    reach(accountId) {
      let p = cache.get(accountId);
      if (!p) {
        p = open(accountId);
        cache.set(accountId, p);
      }
      return p;
    },
  };
}
