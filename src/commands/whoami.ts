/**
 * `keyless whoami`: which account, role and user a profile's credentials belong to (asked of STS with
 * the role credentials themselves, so the answer proves they work) and how long the SSO token and the
 * role credentials have left. Never prints a key or token.
 */
import { keylessSessionNames, loadAwsConfig, profileCredentials } from "../app/developer-session.ts";
import type { CliIO } from "../cli/io.ts";
import { EXIT, KeylessError } from "../errors/keyless-error.ts";
import type { ConfigModel } from "../local/aws-config/index.ts";
import { autoSignIn, mayAutoSignIn } from "./developer/auto-sign-in.ts";
import { formatRemaining, isoSeconds } from "./developer/time.ts";

export interface WhoamiOptions {
  profile?: string | undefined;
  json?: boolean | undefined;
  /** false with --no-sign-in. */
  signIn?: boolean | undefined;
}

/** --profile, else AWS_PROFILE, else the only profile keyless wrote. */
export function defaultProfile(model: ConfigModel, env: Record<string, string | undefined>): string {
  if (env.AWS_PROFILE) return env.AWS_PROFILE;
  const managed = new Set(keylessSessionNames(model));
  const ours = model.sections
    .filter((s) => s.header.kind === "profile" || s.header.kind === "default")
    .filter((s) => s.block !== undefined && managed.has(s.block))
    .map((s) => (s.header.kind === "default" ? "default" : s.header.name));
  if (ours.length === 1) return ours[0] as string;
  throw new KeylessError(
    "USAGE",
    ours.length ? "which profile? keyless manages several" : "no profile given",
    {
      hint: ours.length
        ? `Pass --profile (or set AWS_PROFILE): ${ours.slice(0, 20).join(", ")}${ours.length > 20 ? ", ..." : ""}.`
        : "Pass --profile NAME, or run `keyless configure` first.",
    },
  );
}

export async function runWhoami(opts: WhoamiOptions, io: CliIO): Promise<number> {
  const profile = opts.profile ?? defaultProfile((await loadAwsConfig(io)).model, io.env);
  const pc = await profileCredentials(io, profile, {
    signIn: autoSignIn(io, mayAutoSignIn(io, opts.signIn)),
  });
  const { getCallerIdentity } = await import("../aws/caller-identity.ts");
  const identity = await getCallerIdentity(pc.credentials, pc.region);
  const now = Date.now();
  const tokenLeft = pc.tokenExpiresAt - now;
  const credsLeft = pc.credentials.expiration - now;
  if (opts.json) {
    io.out(
      `${JSON.stringify(
        {
          profile,
          ssoSession: pc.resolved.session.name,
          startUrl: pc.resolved.session.startUrl,
          accountId: identity.account || pc.resolved.accountId,
          roleName: pc.resolved.roleName,
          arn: identity.arn,
          userId: identity.userId,
          region: pc.region,
          ssoTokenExpiresAt: isoSeconds(pc.tokenExpiresAt),
          ssoTokenSecondsLeft: Math.max(0, Math.floor(tokenLeft / 1000)),
          credentialsExpireAt: isoSeconds(pc.credentials.expiration),
          credentialsSecondsLeft: Math.max(0, Math.floor(credsLeft / 1000)),
        },
        null,
        2,
      )}\n`,
    );
    return EXIT.OK;
  }
  const rows: [string, string][] = [
    ["profile", profile],
    ["account", identity.account || pc.resolved.accountId],
    ["role", pc.resolved.roleName],
    ["user", identity.arn],
    ["region", pc.region],
    [
      "SSO token",
      `${formatRemaining(tokenLeft)} left (sso-session ${pc.resolved.session.name}; refreshed without a browser while the session lasts)`,
    ],
    ["credentials", `${formatRemaining(credsLeft)} left (until ${isoSeconds(pc.credentials.expiration)})`],
  ];
  io.out(`${rows.map(([k, v]) => `${k.padEnd(12)} ${v}`).join("\n")}\n`);
  return EXIT.OK;
}
