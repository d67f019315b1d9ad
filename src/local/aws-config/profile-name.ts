/**
 * Profile names from a template such as `{account}-{role}` or `terraform-{account}`. The result is
 * lower-case and safe in every SDK's section header: accents are dropped, other characters outside
 * a-z 0-9 _ . - become `-` (runs collapsed, none at either end).
 */
import { KeylessError } from "../../errors/keyless-error.ts";

/** Default template: account name then role, e.g. `dev-terraformcore`. Unique per account × role. */
export const DEFAULT_PROFILE_TEMPLATE = "{account}-{role}";

export interface ProfileNameVars {
  /** The account's name (as listed by the portal or keyless.yaml). */
  readonly account: string;
  readonly accountId: string;
  /** The role (permission set) name. */
  readonly role: string;
  /** The sso-session name. */
  readonly session: string;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

export function profileName(template: string, vars: ProfileNameVars): string {
  const expanded = template.replace(PLACEHOLDER, (whole, key: string) => {
    if (key === "account" || key === "accountId" || key === "role" || key === "session") return vars[key];
    throw new KeylessError("USAGE", `unknown placeholder ${whole} in profile name template "${template}"`, {
      hint: "use {account}, {accountId}, {role} and {session}",
    });
  });
  const name = expanded
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // "Ünï" → "Uni" rather than "-n-"
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
  if (name === "") {
    throw new KeylessError("USAGE", `profile name template "${template}" gives an empty name`, {
      hint: "include {account} or {role} in the template",
    });
  }
  return name;
}
