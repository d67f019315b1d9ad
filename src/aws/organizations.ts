/**
 * Reads AWS Organizations: accounts under OUs (nested OUs included) for OU targets, and the account
 * list for `keyless init`. Only ACTIVE accounts count as OU members: suspended or closing accounts
 * cannot receive assignments.
 */
import pLimit from "p-limit";
import type { AccountId } from "../engine/model.ts";
import type { AwsClients } from "./clients.ts";
import { withAwsErrors } from "./errors.ts";
import { allPages } from "./paging.ts";

export interface OrganizationAccount {
  id: AccountId;
  name: string;
  email: string;
  status: string;
}

/** The Organizations list calls' maximum MaxResults (their API model); fewer pages, fewer calls. */
const PAGE = 20;

function isActive(a: { Status?: string | undefined; State?: string | undefined }): boolean {
  const s = a.State ?? a.Status ?? "ACTIVE";
  return s === "ACTIVE";
}

async function accountsUnder(
  clients: AwsClients,
  parentId: string,
  limit: ReturnType<typeof pLimit>,
): Promise<AccountId[]> {
  const [accounts, ous] = await Promise.all([
    limit(() =>
      allPages(
        (NextToken) =>
          clients.organizations.listAccountsForParent({ ParentId: parentId, MaxResults: PAGE, NextToken }),
        (p) => p.Accounts,
      ),
    ),
    limit(() =>
      allPages(
        (NextToken) =>
          clients.organizations.listOrganizationalUnitsForParent({
            ParentId: parentId,
            MaxResults: PAGE,
            NextToken,
          }),
        (p) => p.OrganizationalUnits,
      ),
    ),
  ]);
  const ids = accounts.filter(isActive).flatMap((a) => (a.Id ? [a.Id] : []));
  const nested: AccountId[][] = await Promise.all(
    ous.flatMap((ou) => (ou.Id ? [accountsUnder(clients, ou.Id, limit)] : [])),
  );
  return [...ids, ...nested.flat()];
}

/** OU (or root) id → every active account in it and in its nested OUs, sorted and unique. */
export async function readOuAccounts(
  clients: AwsClients,
  ouIds: string[],
  opts: { concurrency?: number } = {},
): Promise<Record<string, AccountId[]>> {
  const limit = pLimit(opts.concurrency ?? 5);
  const out: Record<string, AccountId[]> = {};
  await withAwsErrors(async () => {
    for (const ouId of [...new Set(ouIds)]) {
      out[ouId] = [...new Set(await accountsUnder(clients, ouId, limit))].sort();
    }
  });
  return out;
}

/** Every account of the organization (for `keyless init`), sorted by name. */
export async function listOrganizationAccounts(clients: AwsClients): Promise<OrganizationAccount[]> {
  const accounts = await withAwsErrors(() =>
    allPages(
      (NextToken) => clients.organizations.listAccounts({ NextToken }),
      (p) => p.Accounts,
    ),
  );
  return accounts
    .map((a) => ({
      id: a.Id ?? "",
      name: a.Name ?? "",
      email: a.Email ?? "",
      status: a.State ?? a.Status ?? "",
    }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export interface OrganizationInfo {
  id: string;
  managementAccountId: string;
}

export async function describeOrganization(clients: AwsClients): Promise<OrganizationInfo> {
  const res = await withAwsErrors(() => clients.organizations.describeOrganization({}));
  return { id: res.Organization?.Id ?? "", managementAccountId: res.Organization?.MasterAccountId ?? "" };
}
