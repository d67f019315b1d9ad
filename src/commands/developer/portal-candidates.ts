/**
 * Every account × role the signed-in user may use, from the SSO portal: all pages of ListAccounts,
 * then ListAccountRoles for a few accounts at a time (the portal throttles; the port's adaptive retry
 * absorbs 429s). Progress goes to the caller's reporter, never to stdout.
 */
import pLimit from "p-limit";
import type { SsoPortalPort } from "../../local/sso/index.ts";
import type { Candidate } from "./select.ts";

/** Outstanding ListAccountRoles calls; small so that hundreds of accounts stay under the throttle. */
const ROLE_LISTING_CONCURRENCY = 4;

export async function listCandidates(
  portal: SsoPortalPort,
  accessToken: string,
  progress: (line: string) => void,
): Promise<Candidate[]> {
  progress("Listing your accounts...");
  const accounts = await portal.listAccounts(accessToken, (n) => progress(`  ${n} accounts so far`));
  const limit = pLimit(ROLE_LISTING_CONCURRENCY);
  let done = 0;
  const step = Math.max(1, Math.ceil(accounts.length / 10));
  const perAccount = await Promise.all(
    accounts.map((a) =>
      limit(async () => {
        const roles = await portal.listAccountRoles(accessToken, a.accountId);
        done++;
        if (done % step === 0 || done === accounts.length) {
          progress(`Listing roles: ${done}/${accounts.length} accounts`);
        }
        return roles.map((r) => ({
          accountId: a.accountId,
          accountName: a.accountName,
          roleName: r.roleName,
        }));
      }),
    ),
  );
  const byName = (x: Candidate, y: Candidate) =>
    x.accountName.localeCompare(y.accountName) ||
    x.accountId.localeCompare(y.accountId) ||
    x.roleName.localeCompare(y.roleName);
  return perAccount.flat().sort(byName);
}
