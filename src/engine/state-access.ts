/**
 * Which permission sets use the Terraform state from accounts other than the backend's, for the
 * bucket policy and key policy (diff-state-backend-policy.ts StateAccess). A set uses the state when
 * its inline policy allows something on the state bucket's objects (terraform-core does, and so
 * does a hand-written policy that names the bucket); the accounts are those it is assigned to
 * (OUs expanded with the accounts read from Organizations). CI roles likewise, in their target
 * accounts. Pure: no I/O.
 */
import { compareStrings } from "./canonical-json.ts";
import { ciRolesByAccount } from "./ci-roles.ts";
import { partitionOf, type StateAccess } from "./diff-state-backend-policy.ts";
import type { AccountId, Actual, Desired, DesiredStateBackend, PermissionSetSpec } from "./model.ts";

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** True when an Allow statement of the set's (or CI role's) inline policy names an object of the bucket. */
export function usesStateBucket(
  ps: Pick<PermissionSetSpec, "inlinePolicy">,
  bucket: string,
  partition = "aws",
): boolean {
  if (ps.inlinePolicy === "") return false;
  let doc: unknown;
  try {
    doc = JSON.parse(ps.inlinePolicy);
  } catch {
    return false;
  }
  const objects = `arn:${partition}:s3:::${bucket}/`;
  const statements = list((doc as { Statement?: unknown } | null)?.Statement);
  return statements.some((st) => {
    if (st === null || typeof st !== "object") return false;
    const s = st as Record<string, unknown>;
    return (
      s.Effect === "Allow" && list(s.Resource).some((r) => typeof r === "string" && r.startsWith(objects))
    );
  });
}

/** The state's users outside the backend account, or undefined when there are none. */
export function stateAccess(
  desired: Desired,
  actual: Actual,
  sb: DesiredStateBackend,
): StateAccess | undefined {
  const partition = partitionOf(sb.region);
  const users = new Set(
    desired.permissionSets.filter((ps) => usesStateBucket(ps, sb.bucket, partition)).map((ps) => ps.name),
  );
  const accounts = new Set<AccountId>();
  const sets = new Set<string>();
  for (const rule of desired.assignmentRules) {
    const using = rule.permissionSets.filter((n) => users.has(n));
    if (using.length === 0) continue;
    for (const t of rule.targets) {
      const ids =
        t.kind === "account"
          ? [t.accountId]
          : Object.hasOwn(actual.ouAccounts, t.ouId)
            ? (actual.ouAccounts[t.ouId] ?? [])
            : [];
      for (const id of ids) {
        if (id === sb.accountId) continue;
        accounts.add(id);
        for (const n of using) sets.add(n);
      }
    }
  }
  // CI roles (docs/ci.md) that use the state, in their target accounts other than the backend's.
  const ciRoles = new Set<string>();
  const ci = desired.ci;
  if (ci) {
    for (const [accountId, roles] of ciRolesByAccount(ci, actual.ouAccounts)) {
      if (accountId === sb.accountId) continue;
      const using = roles.filter((r) => usesStateBucket(r, sb.bucket, partition));
      if (using.length === 0) continue;
      accounts.add(accountId);
      for (const r of using) ciRoles.add(r.name);
    }
  }
  if (accounts.size === 0) return undefined;
  return {
    accounts: [...accounts].sort(compareStrings),
    permissionSets: [...sets].sort(compareStrings),
    ...(ciRoles.size > 0 && { ciRoles: [...ciRoles].sort(compareStrings) }),
  };
}
