/**
 * The organization's tree for `keyless import`: every account (name, status, the OU holding it) and
 * every OU with its parent, walked from the root with ListOrganizationalUnitsForParent and
 * ListAccountsForParent (two calls per OU, plus pages). Import names accounts after their
 * Organizations names and writes an OU target where an OU's accounts are exactly the assigned ones.
 *
 * Organizations may be out of reach of the credentials (an account outside any organization, or no
 * organizations:List* permission): then the result says why, and import names accounts by id.
 */
import pLimit from "p-limit";
import type { OrgAccount, Organization, OrgUnit } from "../import/snapshot.ts";
import type { AwsClients } from "./clients.ts";
import { isAwsError, toKeylessError } from "./errors.ts";
import { allPages } from "./paging.ts";

export type OrganizationRead = { ok: true; organization: Organization } | { ok: false; reason: string };

const UNREACHABLE: Record<string, string> = {
  AWSOrganizationsNotInUseException: "the account is not part of an AWS Organization",
  AccessDeniedException: "the credentials may not list the organization (organizations:List*)",
};

export async function readOrganizationTree(
  clients: AwsClients,
  opts: { concurrency?: number } = {},
): Promise<OrganizationRead> {
  const limit = pLimit(opts.concurrency ?? 5);
  const org = clients.organizations;
  try {
    const roots = await allPages(
      (NextToken) => limit(() => org.listRoots({ NextToken })),
      (p) => p.Roots,
    );
    const rootId = roots[0]?.Id;
    if (!rootId) return { ok: false, reason: "ListRoots returned no root" };
    const accounts: OrgAccount[] = [];
    const units: OrgUnit[] = [];
    const walk = async (parentId: string): Promise<void> => {
      const [children, ous] = await Promise.all([
        allPages(
          (NextToken) => limit(() => org.listAccountsForParent({ ParentId: parentId, NextToken })),
          (p) => p.Accounts,
        ),
        allPages(
          (NextToken) => limit(() => org.listOrganizationalUnitsForParent({ ParentId: parentId, NextToken })),
          (p) => p.OrganizationalUnits,
        ),
      ]);
      for (const a of children) {
        if (a.Id)
          accounts.push({ id: a.Id, name: a.Name ?? "", status: a.State ?? a.Status ?? "ACTIVE", parentId });
      }
      for (const ou of ous) if (ou.Id) units.push({ id: ou.Id, name: ou.Name ?? "", parentId });
      await Promise.all(ous.flatMap((ou) => (ou.Id ? [walk(ou.Id)] : [])));
    };
    await walk(rootId);
    accounts.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    units.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { ok: true, organization: { rootId, accounts, units } };
  } catch (err) {
    for (const [name, reason] of Object.entries(UNREACHABLE))
      if (isAwsError(err, name)) return { ok: false, reason };
    throw toKeylessError(err);
  }
}
