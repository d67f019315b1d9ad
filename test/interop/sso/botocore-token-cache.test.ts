// The token cache is shared with the rest of the AWS world. Proven with botocore itself (the code
// behind boto3 and the AWS CLI): it refreshes a token from the file keyless wrote, through the
// stand-in, and keyless uses the file botocore wrote without a new login.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { createSsoOidcPort } from "../../../src/aws/sso-oidc.ts";
import { createSsoPortalPort } from "../../../src/aws/sso-portal.ts";
import { ensureValidToken } from "../../../src/local/sso/refresh.ts";
import { type CachedToken, tokenCachePath, writeTokenCache } from "../../../src/local/sso/token-cache.ts";
import { deviceLoginToken, ssoConfigText } from "../../helpers/sso-sign-in.ts";
import {
  fakeClock,
  REGION,
  type SsoTestEnv,
  session,
  startSsoTestEnv,
} from "../../integration/sso/harness.ts";

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "botocore_sso.py");
const ACCOUNT = "111111111111";

let env: SsoTestEnv;
const oidc = createSsoOidcPort({ region: REGION });
const portal = createSsoPortalPort({ region: REGION });
// botocore compares with the real time, so the stand-in and keyless start from it too.
const clock = fakeClock(Date.now());

before(async () => {
  env = await startSsoTestEnv({ now: clock.now });
  env.standin.setAccounts([
    { accountId: ACCOUNT, accountName: "dev", emailAddress: "dev@example.com", roles: ["Dev"] },
  ]);
});
after(async () => {
  oidc.destroy();
  portal.destroy();
  await env.cleanup();
});

function writeConfig(sessionName: string): string {
  const path = join(env.home, `config-${sessionName}`);
  writeFileSync(
    path,
    ssoConfigText({
      session: sessionName,
      startUrl: session(sessionName).startUrl,
      ssoRegion: REGION,
      profiles: [{ name: "dev", accountId: ACCOUNT, roleName: "Dev" }],
    }),
  );
  return path;
}

/** Runs the botocore script. Asynchronously: the stand-in answering it lives in this process. */
async function python(args: string[], configFile: string, input?: string): Promise<string> {
  const child = spawn("python3", [SCRIPT, ...args], {
    stdio: ["pipe", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH,
      HOME: env.home,
      AWS_CONFIG_FILE: configFile,
      AWS_SHARED_CREDENTIALS_FILE: join(env.home, "no-credentials"),
      AWS_ENDPOINT_URL_SSO: env.standin.endpoint,
      AWS_ENDPOINT_URL_SSO_OIDC: env.standin.endpoint,
      AWS_EC2_METADATA_DISABLED: "true",
    },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdin.end(input ?? "");
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  assert.equal(status, 0, `botocore failed: ${stderr}`);
  return stdout;
}

const deviceLogin = (name: string): Promise<CachedToken> =>
  deviceLoginToken({ standin: env.standin, session: session(name), oidc, cache: env.cache, clock });

test("botocore refreshes an expired token from keyless's cache through the stand-in, then keyless uses botocore's file", async () => {
  const name = "interop-refresh";
  const old = await deviceLogin(name);
  // The access token has expired: in the file and at the service.
  await writeTokenCache(env.cache, name, { ...old, expiresAt: Date.now() - 60_000 });
  env.standin.expireToken(old.accessToken);
  env.standin.clearCalls();

  const out = JSON.parse(await python(["resolve", "dev"], writeConfig(name))) as Record<string, unknown>;
  assert.equal(out.tokenMatchesCache, true);
  assert.equal(out.credentialsResolved, true);
  assert.equal(out.accessKeyPrefix, "ASIA");
  const ops = env.standin.calls().map((c) => [c.operation, c.grantType]);
  assert.deepEqual(
    ops[0],
    ["CreateToken", "refresh_token"],
    "botocore refreshed with keyless's refresh token",
  );
  assert.ok(ops.some(([op]) => op === "GetRoleCredentials"));

  // botocore rewrote the file with its own code; keyless reads it and uses it without a login.
  const path = tokenCachePath(env.cache, name);
  const written = JSON.parse(readFileSync(path, "utf8")) as Record<string, string>;
  assert.notEqual(written.accessToken, old.accessToken);
  assert.equal(written.clientId, old.clientId);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  env.standin.clearCalls();
  const r = await ensureValidToken({ session: session(name), oidc, cache: env.cache, clock });
  assert.equal(r.kind, "valid");
  if (r.kind !== "valid") return;
  assert.equal(r.refreshed, false);
  assert.equal(r.accessToken, written.accessToken);
  assert.deepEqual(env.standin.calls(), []);
  assert.equal((await portal.listAccounts(r.accessToken))[0]?.accountId, ACCOUNT);
});

test("a token cache written by botocore's SSOTokenLoader is used by keyless, and refreshed when expired", async () => {
  const issued = await deviceLogin("source");
  const name = "written-by-botocore";
  const spec = {
    startUrl: issued.startUrl,
    region: REGION,
    accessToken: issued.accessToken,
    expiresAt: Date.now() + 3600_000,
    clientId: issued.clientId,
    clientSecret: issued.clientSecret,
    registrationExpiresAt: issued.registrationExpiresAt,
    refreshToken: issued.refreshToken,
  };
  await python(["write", name], writeConfig(name), JSON.stringify(spec));
  const text = readFileSync(tokenCachePath(env.cache, name), "utf8");
  assert.match(text, /"expiresAt": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"/, "botocore's own format");

  env.standin.clearCalls();
  const valid = await ensureValidToken({ session: session(name), oidc, cache: env.cache, clock });
  assert.equal(valid.kind === "valid" && valid.accessToken, issued.accessToken);
  assert.deepEqual(env.standin.calls(), []);

  // Expired in botocore's file: keyless refreshes with the registration botocore stored.
  await python(
    ["write", name],
    writeConfig(name),
    JSON.stringify({ ...spec, expiresAt: Date.now() - 60_000 }),
  );
  const refreshed = await ensureValidToken({ session: session(name), oidc, cache: env.cache, clock });
  assert.equal(refreshed.kind, "valid");
  if (refreshed.kind === "valid") {
    assert.equal(refreshed.refreshed, true);
    assert.ok(env.standin.isAccessTokenValid(refreshed.accessToken));
  }
});
