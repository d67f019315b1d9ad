/**
 * Resolves identity-store user ids to user names for `keyless audit`. Since IAM Identity Center's
 * CloudTrail events carry only `onBehalfOf.userId` + `identityStoreArn` (aws-facts.md §9), names come
 * from identitystore DescribeUser, once per id per run (cached). An id AWS no longer knows (deleted
 * user) resolves to nothing and is shown as the id; access denied stops further lookups and is
 * reported once, since every other id would fail the same way.
 */
import type { AwsClients } from "./clients.ts";
import { isAwsError, toKeylessError } from "./errors.ts";

export interface UserRef {
  userId: string;
  identityStoreId: string;
}

export interface UserNameResolver {
  /** userId → userName for the ids that could be resolved. */
  resolve(refs: UserRef[]): Promise<Map<string, string>>;
  /** Problems met (at most one line per kind), e.g. access denied to identitystore:DescribeUser. */
  warnings(): string[];
}

export function createUserNameResolver(clients: Pick<AwsClients, "identityStore">): UserNameResolver {
  const cache = new Map<string, Promise<string | undefined>>();
  const problems = new Set<string>();
  let denied = false;

  async function describe(ref: UserRef): Promise<string | undefined> {
    if (denied) return undefined;
    try {
      const out = await clients.identityStore.describeUser({
        IdentityStoreId: ref.identityStoreId,
        UserId: ref.userId,
      });
      return out.UserName || undefined;
    } catch (err) {
      if (isAwsError(err, "ResourceNotFoundException")) return undefined;
      const e = toKeylessError(err, "identitystore.DescribeUser");
      if (e.code === "AWS_ACCESS_DENIED" || e.code === "NO_CREDENTIALS") denied = true;
      problems.add(`user names not resolved (${e.message}); user ids are shown instead`);
      return undefined;
    }
  }

  return {
    async resolve(refs) {
      const out = new Map<string, string>();
      // Sequential: the ids of one audit are few, and the global limiter paces them anyway.
      for (const ref of refs) {
        const key = `${ref.identityStoreId}/${ref.userId}`;
        let p = cache.get(key);
        if (!p) {
          p = describe(ref);
          cache.set(key, p);
        }
        const name = await p;
        if (name) out.set(ref.userId, name);
      }
      return out;
    },
    warnings: () => [...problems],
  };
}
