/**
 * 3. Role credentials: the profile's SSO session gives role credentials (GetRoleCredentials), and
 * STS, asked with exactly those credentials, answers with the profile's account and role. Identity
 * Center names the IAM role `AWSReservedSSO_<permission set>_<hash>`, so either spelling matches.
 */
import { formatRemaining } from "../../../commands/developer/time.ts";
import { fail, failFromError, pass, skip } from "../outcome.ts";
import type { CheckOutcome, DoctorCheck } from "../types.ts";

/** The role name in `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`, or undefined for other ARNs. */
export function assumedRoleName(arn: string): string | undefined {
  const m = /^arn:[^:]+:sts::\d*:assumed-role\/([^/]+)\//.exec(arn);
  return m?.[1];
}

export function roleMatches(actual: string, expected: string): boolean {
  if (actual === expected) return true;
  const prefix = `AWSReservedSSO_${expected}_`;
  return actual.startsWith(prefix) && /^[0-9a-f]+$/i.test(actual.slice(prefix.length));
}

export const roleCredentialsCheck: DoctorCheck = {
  id: "role-credentials",
  title: "role credentials and STS",
  async run(ctx): Promise<CheckOutcome> {
    const choice = await ctx.facts.profileChoice();
    if (!choice) return skip("no profile configured");
    const profile = ctx.results.get("profile");
    if (profile?.status === "fail") {
      return skip(`not checked: profile "${choice.name}" is not usable (see the profile check)`);
    }
    if (profile?.status === "warn" && /legacy SSO format/.test(profile.message)) {
      return skip(`not checked: profile "${choice.name}" is a legacy SSO profile (see the profile check)`);
    }
    let pc: Awaited<ReturnType<typeof ctx.facts.roleCredentials>>;
    try {
      pc = await ctx.facts.roleCredentials();
    } catch (err) {
      return failFromError(err, "no role credentials");
    }
    let who: Awaited<ReturnType<typeof ctx.deps.callerIdentity>>;
    try {
      who = await ctx.deps.callerIdentity(pc.credentials, pc.region);
    } catch (err) {
      return failFromError(err, "STS rejected the role credentials");
    }
    const { accountId, roleName } = pc.resolved;
    const fix = `Check sso_account_id and sso_role_name of profile "${choice.name}" (\`keyless configure\` rewrites them), and the account assignment in keyless.yaml.`;
    if (who.account !== accountId) {
      return fail(`STS answered account ${who.account || "(none)"}, the profile names ${accountId}`, fix);
    }
    const role = assumedRoleName(who.arn);
    if (!role || !roleMatches(role, roleName)) {
      return fail(`STS answered ${who.arn || "(no ARN)"}, not role ${roleName}`, fix);
    }
    const left = pc.credentials.expiration - ctx.deps.now();
    return pass(`${who.arn} (credentials ${formatRemaining(left)} left)`);
  },
};
