/**
 * The organization's accounts and their status, for plan's check that every account id in
 * keyless.yaml is an active member (engine/account-check.ts). Credentials may not see Organizations
 * (an account outside any organization, or no organizations:ListAccounts): then the check is skipped
 * with the reason, rather than failing a plan that did not need Organizations before.
 */
import type { AccountId } from "../engine/model.ts";
import type { AwsClients } from "./clients.ts";
import { isAwsError, toKeylessError } from "./errors.ts";
import { allPages } from "./paging.ts";

export type OrganizationAccountsRead =
  | { ok: true; accounts: Record<AccountId, string> }
  | { ok: false; reason: string };

const SKIPPED: Record<string, string> = {
  AWSOrganizationsNotInUseException: "the account is not part of an AWS Organization",
  AccessDeniedException: "the credentials may not call organizations:ListAccounts",
};

export async function readOrganizationAccounts(clients: AwsClients): Promise<OrganizationAccountsRead> {
  try {
    const accounts = await allPages(
      (NextToken) => clients.organizations.listAccounts({ NextToken }),
      (p) => p.Accounts,
    );
    // An organization has at least its management account; nothing listed means nothing to check
    // against (an emulator answers so outside an organization, where AWS raises NotInUse).
    if (accounts.length === 0) return { ok: false, reason: "ListAccounts listed no account" };
    const out: Record<AccountId, string> = {};
    // State (newer) is more precise than Status; an account without either is taken as active.
    for (const a of accounts) if (a.Id) out[a.Id] = a.State ?? a.Status ?? "ACTIVE";
    return { ok: true, accounts: out };
  } catch (err) {
    for (const [name, reason] of Object.entries(SKIPPED))
      if (isAwsError(err, name)) return { ok: false, reason };
    throw toKeylessError(err);
  }
}
