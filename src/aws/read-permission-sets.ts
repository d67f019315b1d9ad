/**
 * Permission-set reads for a plan: every set by name (DescribePermissionSet: names decide collisions
 * and the prune scope), the comparable content of managed sets, and the accounts a set is provisioned
 * to (all of them, or only those whose role is not the latest version). List calls ask for the API's
 * maximum page (MaxResults 100); ListTagsForResource takes no MaxResults.
 */
import type {
  AccountId,
  ActualPermissionSet,
  PermissionSetSpec,
  PermissionsBoundary,
} from "../engine/model.ts";
import type { AwsClients } from "./clients.ts";
import { isAwsError } from "./errors.ts";
import type { InstanceRef } from "./instance.ts";
import { canonicalPolicy, sortedCustomerRefs, sortedUnique } from "./normalise.ts";
import { allPages } from "./paging.ts";
import { MAX_RESULTS } from "./read-planner.ts";

export interface PermissionSetReader {
  clients: Pick<AwsClients, "ssoAdmin">;
  inst: InstanceRef;
  limit: <T>(fn: () => Promise<T>) => Promise<T>;
  /** DescribePermissionSet answers of the names phase, reused by readSpec (one call per set, not two). */
  described: Map<string, DescribedPermissionSet>;
}

export interface DescribedPermissionSet {
  Description?: string | undefined;
  SessionDuration?: string | undefined;
  RelayState?: string | undefined;
}

export async function readPermissionSetNames(r: PermissionSetReader): Promise<ActualPermissionSet[]> {
  const { ssoAdmin } = r.clients;
  const InstanceArn = r.inst.instanceArn;
  const arns = await allPages(
    (NextToken) =>
      r.limit(() => ssoAdmin.listPermissionSets({ InstanceArn, MaxResults: MAX_RESULTS, NextToken })),
    (p) => p.PermissionSets,
  );
  const described = await Promise.all(
    arns.map((arn) =>
      r.limit(async () => {
        const res = await ssoAdmin.describePermissionSet({ InstanceArn, PermissionSetArn: arn });
        if (res.PermissionSet) r.described.set(arn, res.PermissionSet);
        return { arn, name: res.PermissionSet?.Name ?? "" };
      }),
    ),
  );
  return described.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The comparable content of one permission set (5 calls; the description comes from the names phase). */
export async function readSpec(
  r: PermissionSetReader,
  arn: string,
  name: string,
): Promise<PermissionSetSpec> {
  const { ssoAdmin } = r.clients;
  const base = { InstanceArn: r.inst.instanceArn, PermissionSetArn: arn };
  const known = r.described.get(arn);
  const [described, inline, managed, customer, boundary, tags] = await Promise.all([
    known ? Promise.resolve({ PermissionSet: known }) : r.limit(() => ssoAdmin.describePermissionSet(base)),
    r.limit(() => ssoAdmin.getInlinePolicyForPermissionSet(base)),
    allPages(
      (NextToken) =>
        r.limit(() =>
          ssoAdmin.listManagedPoliciesInPermissionSet({ ...base, MaxResults: MAX_RESULTS, NextToken }),
        ),
      (p) => p.AttachedManagedPolicies,
    ),
    allPages(
      (NextToken) =>
        r.limit(() =>
          ssoAdmin.listCustomerManagedPolicyReferencesInPermissionSet({
            ...base,
            MaxResults: MAX_RESULTS,
            NextToken,
          }),
        ),
      (p) => p.CustomerManagedPolicyReferences,
    ),
    r.limit(() => readBoundary(r, arn)),
    allPages(
      (NextToken) =>
        r.limit(() =>
          ssoAdmin.listTagsForResource({ InstanceArn: r.inst.instanceArn, ResourceArn: arn, NextToken }),
        ),
      (p) => p.Tags,
    ),
  ]);
  const ps = described.PermissionSet;
  return {
    name,
    description: ps?.Description ?? "",
    sessionDuration: ps?.SessionDuration ?? "PT1H",
    relayState: ps?.RelayState ?? "",
    inlinePolicy: canonicalPolicy(inline.InlinePolicy),
    managedPolicies: sortedUnique(managed.flatMap((m) => (m.Arn ? [m.Arn] : []))),
    customerManagedPolicies: sortedCustomerRefs(customer.map((c) => ({ name: c.Name, path: c.Path }))),
    permissionsBoundary: boundary,
    tags: Object.fromEntries(
      tags
        .flatMap((t) => (t.Key !== undefined ? [[t.Key, t.Value ?? ""] as const] : []))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ),
  };
}

/** AWS answers ResourceNotFoundException when a permission set has no boundary. */
async function readBoundary(r: PermissionSetReader, arn: string): Promise<PermissionsBoundary | null> {
  try {
    const res = await r.clients.ssoAdmin.getPermissionsBoundaryForPermissionSet({
      InstanceArn: r.inst.instanceArn,
      PermissionSetArn: arn,
    });
    const b = res.PermissionsBoundary;
    if (b?.ManagedPolicyArn) return { kind: "managed", arn: b.ManagedPolicyArn };
    if (b?.CustomerManagedPolicyReference?.Name) {
      const ref = b.CustomerManagedPolicyReference;
      return { kind: "customer", name: ref.Name!, path: ref.Path || "/" };
    }
    return null;
  } catch (err) {
    if (isAwsError(err, "ResourceNotFoundException")) return null;
    throw err;
  }
}

export async function readProvisionedAccounts(
  r: PermissionSetReader,
  arn: string,
  status?: "LATEST_PERMISSION_SET_NOT_PROVISIONED",
): Promise<AccountId[]> {
  const ids = await allPages(
    (NextToken) =>
      r.limit(() =>
        r.clients.ssoAdmin.listAccountsForProvisionedPermissionSet({
          InstanceArn: r.inst.instanceArn,
          PermissionSetArn: arn,
          ...(status ? { ProvisioningStatus: status } : {}),
          MaxResults: MAX_RESULTS,
          NextToken,
        }),
      ),
    (p) => p.AccountIds,
  );
  return sortedUnique(ids);
}
