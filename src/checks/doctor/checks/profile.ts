/**
 * 2. The profile: the one to check is --profile, else AWS_PROFILE, else the `profile` in the
 * directory's backend or AWS provider block. It must exist in the shared config file, be an
 * sso-session profile (a legacy profile with sso_start_url cannot refresh its token), and its session
 * must be logged in with time left. Read-only: the token cache is inspected, not refreshed.
 */
import { resolveProfile } from "../../../app/developer-session.ts";
import { formatRemaining } from "../../../commands/developer/time.ts";
import { KeylessError } from "../../../errors/keyless-error.ts";
import type { ConfigModel, ConfigSection } from "../../../local/aws-config/index.ts";
import { readTokenCache } from "../../../local/sso/index.ts";
import { fail, failFromError, pass, skip, warn } from "../outcome.ts";
import type { CheckOutcome, DoctorCheck } from "../types.ts";

/** Less than this left on a token that cannot be refreshed is worth a warning. */
export const LOW_TIME_LEFT_MS = 60 * 60 * 1000;

export function findProfileSection(model: ConfigModel, name: string): ConfigSection | undefined {
  return model.sections.find((s) =>
    name === "default" ? s.header.kind === "default" : s.header.kind === "profile" && s.header.name === name,
  );
}

/** True for a profile in the pre-2.9 format: sso_start_url in the profile, no sso_session. */
export function isLegacySsoProfile(section: ConfigSection): boolean {
  return !section.values["sso_session"] && section.values["sso_start_url"] !== undefined;
}

export const profileCheck: DoctorCheck = {
  id: "profile",
  title: "SSO profile and session",
  async run(ctx): Promise<CheckOutcome> {
    const choice = await ctx.facts.profileChoice();
    if (!choice) {
      const tf = await ctx.facts.terraformDir();
      return skip(
        tf.kind === "unreadable"
          ? `no profile configured (AWS_PROFILE is not set and ${ctx.dirLabel} cannot be read)`
          : "no profile configured (AWS_PROFILE is not set; no profile in a backend or provider block)",
        "Set AWS_PROFILE or pass --profile to check one; `keyless terraform files --profile P` writes it into backend.tf.",
      );
    }
    const via = `profile "${choice.name}" (from ${choice.source})`;
    let config: Awaited<ReturnType<typeof ctx.facts.awsConfig>>;
    try {
      config = await ctx.facts.awsConfig();
    } catch (err) {
      if (err instanceof KeylessError && err.code === "CONFIG_INVALID") {
        return fail(
          `the shared config file does not parse: ${err.message}`,
          "The AWS CLI, the SDKs and Terraform cannot read it either: fix that line by hand, or restore " +
            "the `.keyless-backup` copy next to it, then run `keyless configure` again.",
        );
      }
      return failFromError(err, "cannot read the shared config file");
    }
    const { model } = config;
    const section = findProfileSection(model, choice.name);
    if (!section) {
      return fail(
        `${via} is not in ${model.path}${config.exists ? "" : " (the file does not exist)"}`,
        "Run `keyless configure` to write your SSO profiles, or choose an existing profile with --profile / AWS_PROFILE.",
      );
    }
    const line = `${model.path}:${section.start + 1}`;
    if (isLegacySsoProfile(section)) {
      return warn(
        `${via} at ${line} uses the legacy SSO format (sso_start_url in the profile): its token cannot be refreshed, so you sign in again every hour or so`,
        "Run `keyless configure` to write sso-session profiles (AWS CLI >= 2.9, Terraform >= 1.6) and use one of those.",
      );
    }
    let resolved: ReturnType<typeof resolveProfile>;
    try {
      resolved = resolveProfile(model, choice.name);
    } catch (err) {
      return failFromError(err);
    }
    const session = resolved.session;
    const what = `${via}: sso-session ${session.name}, account ${resolved.accountId}, role ${resolved.roleName}`;
    const read = await readTokenCache({ home: ctx.home }, session.name);
    const login = `Run \`keyless login --profile ${choice.name}\`.`;
    if (read.kind === "missing") return fail(`${what}; not logged in (no cached SSO token)`, login);
    if (read.kind === "corrupted") return fail(`${what}; the SSO token cache ${read.problem}`, login);
    const token = read.token;
    if (token.startUrl && token.startUrl !== session.startUrl) {
      return fail(`${what}; the cached token is for another start URL (${token.startUrl})`, login);
    }
    const now = ctx.deps.now();
    const left = token.expiresAt - now;
    const refreshable =
      Boolean(token.refreshToken && token.clientId && token.clientSecret) &&
      token.registrationExpiresAt !== undefined &&
      token.registrationExpiresAt > now;
    if (left <= 0) {
      return refreshable
        ? warn(
            `${what}; the SSO token has expired, but it can be refreshed without a browser`,
            "keyless and the AWS SDKs refresh it on next use; if that fails, run `keyless login`.",
          )
        : fail(`${what}; the SSO session has expired (no refresh token)`, login);
    }
    if (left < LOW_TIME_LEFT_MS && !refreshable) {
      return warn(
        `${what}; only ${formatRemaining(left)} left and the token cannot be refreshed`,
        `Run \`keyless login --profile ${choice.name} --force\` before a long Terraform run.`,
      );
    }
    return pass(`${what}; logged in, ${formatRemaining(left)} left${refreshable ? " (refreshable)" : ""}`);
  },
};
