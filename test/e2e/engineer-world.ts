/**
 * The outside world of the engineer-side spawned-process tests (test/e2e/engineer-*.test.ts): moto and
 * the SSO stand-in run in the test process (so the test must never block its event loop), and each
 * engineer is a throw-away HOME outside the repository. "Signed in" is set up the way a user gets
 * there without a browser in the loop: a token obtained from the stand-in by the device flow, written
 * as botocore writes it (keyless reads the AWS CLI's cache as its own); the profiles come from the
 * built CLI itself, `keyless configure --from` with a profile set, which then reuses that token.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Moto, startMoto } from "../helpers/moto.ts";
import { type Exit, runKeyless, type UserDirs, userDirs } from "../helpers/spawn-cli.ts";
import { writeSsoTokenCache } from "../interop/consumers/fixtures.ts";
import { motoRoleCredentials } from "../interop/consumers/moto-identities.ts";
import { deviceLogin } from "../interop/consumers/standin-login.ts";
import { type SsoStandin, startSsoStandin } from "../standins/sso-standin.ts";

export const START_URL = "https://d-1234567890.awsapps.com/start";
export const SESSION = "d-1234567890";
export const REGION = "eu-central-1";
/** moto's default account: what `keyless apply` with dummy keys writes to, and where KMS looks. */
export const ACCOUNT = "123456789012";
export const ROLE = "terraform-core";
export const PROFILE = `shared-${ROLE}`;

export interface World {
  moto: Moto;
  standin: SsoStandin;
  /** When set, role credentials the stand-in issues expire this many ms after issue. */
  credentialLifetimeMs: number | undefined;
  /** Role credentials issued so far (to check that none reaches the output). */
  issued: { accessKeyId: string; secretAccessKey: string; sessionToken: string }[];
  /** Endpoints a user would point at these servers: no credentials, no profile. */
  endpoints(): Record<string, string>;
  /** Keys for the platform team's own commands (`keyless apply`), never given to an engineer. */
  adminEnv(): Record<string, string>;
  stop(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const moto = await startMoto();
  let n = 0;
  const world: World = {
    moto,
    standin: undefined as unknown as SsoStandin,
    credentialLifetimeMs: undefined,
    issued: [],
    endpoints: () => ({
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ENDPOINT_URL_SSO: world.standin.endpoint,
      AWS_ENDPOINT_URL_SSO_OIDC: world.standin.endpoint,
      AWS_EC2_METADATA_DISABLED: "true",
    }),
    adminEnv: () => ({
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_REGION: REGION,
      AWS_EC2_METADATA_DISABLED: "true",
    }),
    async stop() {
      await world.standin?.stop();
      await moto.stop();
    },
  };
  world.standin = await startSsoStandin({
    issueCredentials: async (accountId, roleName) => {
      const c = await motoRoleCredentials(moto.endpoint, accountId, roleName, `e2e-${++n}`);
      world.issued.push(c);
      const life = world.credentialLifetimeMs;
      return life === undefined ? c : { ...c, expiration: Date.now() + life };
    },
  });
  world.standin.setAccounts([
    { accountId: ACCOUNT, accountName: "shared", emailAddress: "shared@example.com", roles: [ROLE] },
  ]);
  return world;
}

/** The platform team's keyless.yaml: one account, terraform-core assigned, the state backend. */
export function platformYaml(stateBackend = `  bucket: acme-tfstate\n  keyPrefix: env/\n`): string {
  return `version: 1
identityCenter:
  region: ${REGION}
accounts:
  shared: "${ACCOUNT}"
groups:
  platform-engineers:
    members: []
permissionSets:
  ${ROLE}:
    description: Terraform state and plan
assignments:
  - principals: [group:platform-engineers]
    permissionSets: [${ROLE}]
    targets: [account:shared]
stateBackend:
  account: shared
  region: ${REGION}
${stateBackend}`;
}

export interface Engineer extends UserDirs {
  /** HOME and the endpoints: what the engineer's shell has. */
  env(extra?: Record<string, string | undefined>): Record<string, string | undefined>;
  run(args: string[], opts?: { env?: Record<string, string | undefined>; cwd?: string }): Promise<Exit>;
}

export function engineer(world: World): Engineer {
  const dirs = userDirs("keyless-engineer-");
  const env = (extra: Record<string, string | undefined> = {}) => ({
    HOME: dirs.home,
    ...world.endpoints(),
    ...extra,
  });
  return {
    ...dirs,
    env,
    run: (args, opts = {}) => runKeyless(args, { cwd: opts.cwd ?? dirs.work, env: env(opts.env) }),
  };
}

/** A valid SSO sign-in for the session in the engineer's token cache (refresh token included). */
export async function signIn(world: World, who: Engineer): Promise<void> {
  writeSsoTokenCache(who.home, SESSION, await deviceLogin(world.standin, START_URL, REGION));
}

/**
 * The platform team's profile set (written by the built CLI from platformYaml), installed by the
 * engineer with `keyless configure --from`, which reuses the cached sign-in.
 */
export async function installProfileSet(who: Engineer, yaml = platformYaml()): Promise<void> {
  writeFileSync(join(who.home, "keyless.yaml"), yaml);
  const set = await runKeyless(
    [
      "profiles",
      "-c",
      "keyless.yaml",
      "--start-url",
      START_URL,
      "--profile-name",
      "shared-{role}",
      "--out",
      "profiles.json",
    ],
    { cwd: who.home, env: { HOME: who.home } },
  );
  if (set.code !== 0) throw new Error(`keyless profiles failed (${set.code}): ${set.stderr}`);
  const configured = await who.run(["configure", "--from", "../profiles.json"]);
  if (configured.code !== 0)
    throw new Error(`keyless configure --from failed (${configured.code}): ${configured.stderr}`);
}
