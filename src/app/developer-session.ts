/**
 * Shared by the developer commands (login, logout, whoami, exec, credentials, configure): find the
 * shared config file, read it as botocore does, resolve a profile to its sso-session and role, and get
 * a valid SSO token (refreshed without a browser when possible) and role credentials. Errors name the
 * file, line and profile, and say what to run; none carries a token or key.
 */
import { homedir } from "node:os";
import type { CliIO } from "../cli/io.ts";
import { KeylessError } from "../errors/keyless-error.ts";
import {
  assertEditable,
  type ConfigModel,
  type ConfigSection,
  configFilePath,
  parseConfigFile,
  readConfigFile,
} from "../local/aws-config/index.ts";
import {
  type EnsureTokenResult,
  ensureValidToken,
  loginRequiredError,
  type RoleCredentials,
  type SsoOidcPort,
  type SsoPortalPort,
  type SsoSession,
  TOKEN_REFRESH_WINDOW_MS,
} from "../local/sso/index.ts";

/** The user's home: HOME from the command's environment (tests isolate it), else the OS's. */
export function homeDir(io: Pick<CliIO, "env">): string {
  return io.env.HOME || io.env.USERPROFILE || homedir();
}

export interface LoadedAwsConfig {
  path: string;
  text: string;
  exists: boolean;
  model: ConfigModel;
}

/**
 * Reads and parses the shared config file (AWS_CONFIG_FILE or ~/.aws/config). A file the AWS CLI
 * would reject, or one with a damaged keyless block, is a CONFIG_INVALID error naming file:line.
 */
export async function loadAwsConfig(io: Pick<CliIO, "env">): Promise<LoadedAwsConfig> {
  const path = configFilePath(io.env, homeDir(io));
  const { text, exists } = await readConfigFile(path);
  const model = parseConfigFile(text, { path });
  assertEditable(model);
  return { path, text, exists, model };
}

/** Sessions that have a keyless managed block, in file order. */
export function keylessSessionNames(model: ConfigModel): string[] {
  return [...new Set(model.blocks.map((b) => b.session))];
}

/** Every profile name botocore would list, in file order. */
export function profileNames(model: ConfigModel): string[] {
  const names: string[] = [];
  for (const s of model.sections) {
    if (s.header.kind === "default") names.push("default");
    else if (s.header.kind === "profile") names.push(s.header.name);
  }
  return names;
}

/** The `[profile NAME]` (or `[default]`) section botocore would use for `name`. */
export function findProfile(model: ConfigModel, name: string): ConfigSection | undefined {
  return model.sections.find((s) =>
    name === "default" ? s.header.kind === "default" : s.header.kind === "profile" && s.header.name === name,
  );
}

/** The `[sso-session NAME]` section as the SSO library's session. */
export function sessionFromConfig(model: ConfigModel, name: string, via?: string): SsoSession {
  const section = model.sections.find((s) => s.header.kind === "sso-session" && s.header.name === name);
  if (!section) {
    const known = model.sections.filter((s) => s.header.kind === "sso-session").map((s) => s.header.name);
    throw new KeylessError(
      "USAGE",
      `no [sso-session ${name}] in ${model.path}${via ? ` (named by ${via})` : ""}`,
      {
        hint: known.length
          ? `Sessions in the file: ${known.join(", ")}.`
          : "Run `keyless configure --start-url URL --region REGION` to set one up.",
      },
    );
  }
  const v = section.values;
  const line = `${model.path}:${section.start + 1}`;
  const startUrl = v["sso_start_url"];
  const region = v["sso_region"];
  if (!startUrl || !region) {
    throw new KeylessError(
      "CONFIG_INVALID",
      `${line}: [sso-session ${name}] needs both sso_start_url and sso_region`,
      { hint: "Run `keyless configure` again for this session, or add the missing key." },
    );
  }
  const rawScopes = v["sso_registration_scopes"];
  const scopes =
    rawScopes === undefined
      ? undefined
      : rawScopes
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
  return { name, startUrl, region, scopes };
}

export interface ResolvedProfile {
  profile: string;
  accountId: string;
  roleName: string;
  /** The profile's `region`, when set. */
  region: string | undefined;
  session: SsoSession;
}

/** A profile → its sso-session, account and role. USAGE when unknown or not an sso-session profile. */
export function resolveProfile(model: ConfigModel, name: string): ResolvedProfile {
  const section = findProfile(model, name);
  if (!section) {
    const names = profileNames(model);
    throw new KeylessError("USAGE", `profile "${name}" is not in ${model.path}`, {
      hint: names.length
        ? `Profiles in the file: ${names.slice(0, 20).join(", ")}${names.length > 20 ? ", ..." : ""}.`
        : "Run `keyless configure` to write SSO profiles first.",
    });
  }
  const v = section.values;
  const line = `${model.path}:${section.start + 1}`;
  if (!v["sso_session"]) {
    const legacy = v["sso_start_url"] !== undefined;
    throw new KeylessError(
      "USAGE",
      legacy
        ? `${line}: profile "${name}" uses the legacy SSO format (sso_start_url in the profile), which cannot be refreshed`
        : `${line}: profile "${name}" is not an SSO profile (no sso_session)`,
      { hint: "Run `keyless configure` to write an sso-session profile, and use that one." },
    );
  }
  const accountId = v["sso_account_id"];
  const roleName = v["sso_role_name"];
  if (!accountId || !roleName) {
    throw new KeylessError(
      "CONFIG_INVALID",
      `${line}: profile "${name}" needs sso_account_id and sso_role_name`,
      { hint: "Run `keyless configure` again, or add the missing keys." },
    );
  }
  const session = sessionFromConfig(model, v["sso_session"], `profile ${name}`);
  return { profile: name, accountId, roleName, region: v["region"], session };
}

/**
 * Which sso-session `login` / `logout` act on: `--session`, else the profile's (`--profile`, else
 * AWS_PROFILE), else the only session keyless manages (or the only session in the file).
 */
export function resolveSessionTarget(
  model: ConfigModel,
  opts: { profile?: string | undefined; session?: string | undefined },
  env: Record<string, string | undefined>,
): { session: SsoSession; via: string } {
  if (opts.profile && opts.session) {
    throw new KeylessError("USAGE", "give either --profile or --session, not both");
  }
  if (opts.session)
    return { session: sessionFromConfig(model, opts.session), via: `--session ${opts.session}` };
  const profile = opts.profile ?? env.AWS_PROFILE;
  if (profile) {
    const via = opts.profile ? `--profile ${profile}` : `AWS_PROFILE=${profile}`;
    const section = findProfile(model, profile);
    if (!section) {
      throw new KeylessError("USAGE", `profile "${profile}" (${via}) is not in ${model.path}`, {
        hint: "Run `keyless configure` first, or pass --session NAME.",
      });
    }
    const name = section.values["sso_session"];
    if (!name) {
      throw new KeylessError("USAGE", `profile "${profile}" (${via}) is not an sso-session profile`, {
        hint: "Pass --session NAME, or run `keyless configure` to write SSO profiles.",
      });
    }
    return { session: sessionFromConfig(model, name, via), via };
  }
  const managed = keylessSessionNames(model);
  const all = model.sections.filter((s) => s.header.kind === "sso-session").map((s) => s.header.name);
  const candidates = managed.length > 0 ? managed : all;
  if (candidates.length === 1) {
    const name = candidates[0] as string;
    return { session: sessionFromConfig(model, name), via: `the only sso-session in ${model.path}` };
  }
  if (candidates.length === 0) {
    throw new KeylessError("USAGE", `no sso-session in ${model.path}`, {
      hint: "Run `keyless configure --start-url URL --region REGION` first.",
    });
  }
  throw new KeylessError("USAGE", `${model.path} has several sso-sessions (${candidates.join(", ")})`, {
    hint: "Choose one with --session NAME or --profile PROFILE (or set AWS_PROFILE).",
  });
}

/** The OIDC and portal ports for one SSO region, created on first use and closed together. */
export interface SsoPorts {
  oidc: SsoOidcPort;
  portal: SsoPortalPort;
  destroy(): void;
}

export async function createSsoPorts(region: string): Promise<SsoPorts> {
  const [{ createSsoOidcPort }, { createSsoPortalPort }] = await Promise.all([
    import("../aws/sso-oidc.ts"),
    import("../aws/sso-portal.ts"),
  ]);
  const oidc = createSsoOidcPort({ region });
  const portal = createSsoPortalPort({ region });
  return {
    oidc,
    portal,
    destroy() {
      oidc.destroy();
      portal.destroy();
    },
  };
}

export type ValidToken = Extract<EnsureTokenResult, { kind: "valid" }>;

/** A valid token (refreshed if within the window), or NO_CREDENTIALS saying to run `keyless login`. */
export async function requireToken(
  session: SsoSession,
  oidc: SsoOidcPort,
  home: string,
  refreshWindowMs = TOKEN_REFRESH_WINDOW_MS,
): Promise<ValidToken> {
  const result = await ensureValidToken({ session, oidc, cache: { home }, refreshWindowMs });
  if (result.kind !== "valid") throw loginRequiredError(result, session);
  return result;
}

export interface ProfileCredentials {
  resolved: ResolvedProfile;
  credentials: RoleCredentials;
  /** Epoch ms when the SSO access token expires (after any refresh). */
  tokenExpiresAt: number;
  /** The region for the child / SDK: the profile's, else AWS_REGION / AWS_DEFAULT_REGION, else sso_region. */
  region: string;
}

/**
 * Runs a new sign-in when the cached token cannot be used or refreshed, and returns the new token
 * (the automatic sign-in of exec, console, whoami, env; `credentials --sign-in`). Throw to refuse.
 */
export type SignInWhenRequired = (
  session: SsoSession,
  ports: SsoPorts,
  required: Extract<EnsureTokenResult, { kind: "login-required" }>,
) => Promise<ValidToken>;

/** A profile's role credentials: valid token (refreshing if needed), then GetRoleCredentials. */
export async function profileCredentials(
  io: Pick<CliIO, "env">,
  profile: string,
  opts: {
    refreshWindowMs?: number;
    /** Called with the valid token before GetRoleCredentials; throw to stop (exec's guard). */
    beforeRoleCredentials?: (token: ValidToken, resolved: ResolvedProfile) => void;
    /** Absent: a session that needs a new sign-in is NO_CREDENTIALS ("run keyless login"). */
    signIn?: SignInWhenRequired | undefined;
  } = {},
): Promise<ProfileCredentials> {
  const { model } = await loadAwsConfig(io);
  const resolved = resolveProfile(model, profile);
  const ports = await createSsoPorts(resolved.session.region);
  try {
    const result = await ensureValidToken({
      session: resolved.session,
      oidc: ports.oidc,
      cache: { home: homeDir(io) },
      refreshWindowMs: opts.refreshWindowMs ?? TOKEN_REFRESH_WINDOW_MS,
    });
    let token: ValidToken;
    if (result.kind === "valid") token = result;
    else if (opts.signIn) token = await opts.signIn(resolved.session, ports, result);
    else throw loginRequiredError(result, resolved.session);
    opts.beforeRoleCredentials?.(token, resolved);
    const credentials = await ports.portal.getRoleCredentials(
      token.accessToken,
      resolved.accountId,
      resolved.roleName,
    );
    const region =
      resolved.region || io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION || resolved.session.region;
    return { resolved, credentials, tokenExpiresAt: token.expiresAt, region };
  } finally {
    ports.destroy();
  }
}
