/**
 * Checks what keyless is asked to write before any text is produced: every value must be a single
 * token that botocore, the JS SDK (which strips ` #` / ` ;` comments) and the Go SDK all read the same
 * way, so nothing written can change meaning or break the file.
 */
import { KeylessError } from "../../errors/keyless-error.ts";

/** Profile and sso-session names: what every SDK accepts in a header, without quoting. */
export const NAME_RE = /^[A-Za-z0-9_.@+%-]+$/;
const ACCOUNT_RE = /^\d{12}$/;
const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ROLE_RE = /^[\w+=,.@-]+$/;
const SCOPE_RE = /^[\w:./-]+$/;
const OUTPUT_RE = /^[a-z][a-z-]*$/;
const URL_RE = /^https:\/\/[^\s#;]+$/;
/** keyless's own profile keys: a prefix no AWS tool uses. */
const EXTRA_KEY_RE = /^keyless_[a-z0-9_]+$/;
/** One token every reader takes as is (the JS SDK would cut at " #" or " ;"). */
const EXTRA_VALUE_RE = /^[^\s#;[\]]+$/;

function check(ok: boolean, what: string, value: string, expected: string): void {
  if (ok) return;
  throw new KeylessError("USAGE", `invalid ${what} ${JSON.stringify(value)}: expected ${expected}`);
}

export function checkName(what: "profile name" | "sso-session name", value: string): void {
  check(NAME_RE.test(value) && value !== "__proto__", what, value, "letters, digits and _ . @ + % - only");
}

export function checkSession(s: {
  name: string;
  startUrl: string;
  region: string;
  scopes?: readonly string[];
}) {
  checkName("sso-session name", s.name);
  check(URL_RE.test(s.startUrl), "start URL", s.startUrl, "an https:// URL without spaces");
  check(REGION_RE.test(s.region), "SSO region", s.region, "a region such as eu-central-1");
  for (const scope of s.scopes ?? [])
    check(SCOPE_RE.test(scope), "registration scope", scope, "e.g. sso:account:access");
}

export function checkProfile(p: {
  name: string;
  accountId: string;
  roleName: string;
  region?: string | undefined;
  output?: string | undefined;
  extra?: Readonly<Record<string, string>> | undefined;
}) {
  checkName("profile name", p.name);
  check(ACCOUNT_RE.test(p.accountId), "account id", p.accountId, "12 digits");
  check(ROLE_RE.test(p.roleName), "role name", p.roleName, "a permission set name");
  if (p.region !== undefined)
    check(REGION_RE.test(p.region), "region", p.region, "a region such as eu-central-1");
  if (p.output !== undefined) check(OUTPUT_RE.test(p.output), "output", p.output, "json, text, table, yaml");
  for (const [k, v] of Object.entries(p.extra ?? {})) {
    check(EXTRA_KEY_RE.test(k), "profile key", k, "keyless_ followed by lower-case letters, digits and _");
    check(EXTRA_VALUE_RE.test(v), `value of ${k}`, v, "one word without spaces, # or ;");
  }
}
