/**
 * Every account the file names must be an active member of the organization: an id with a typo, a
 * placeholder from `keyless init --offline` or a closed account would otherwise fail only in the middle
 * of an apply (CreateAccountAssignment on an account that is not there). Checked only when the
 * organization's accounts were read (Actual.organizationAccounts).
 */
import type { Actual, Desired } from "./model.ts";

const ACTIVE = "ACTIVE";

export function accountProblems(desired: Desired, actual: Actual): string[] {
  const org = actual.organizationAccounts;
  if (!org) return [];
  const out: string[] = [];
  for (const [name, id] of Object.entries(desired.accounts)) {
    const status = Object.hasOwn(org, id) ? org[id] : undefined;
    if (status === undefined) {
      out.push(
        `account ${name} (${id}) is not a member of the organization; correct its id under accounts in keyless.yaml, or remove it`,
      );
    } else if (status !== ACTIVE) {
      out.push(
        `account ${name} (${id}) is ${status} in the organization, not ACTIVE; it cannot receive assignments: remove it from accounts in keyless.yaml`,
      );
    }
  }
  return out;
}
