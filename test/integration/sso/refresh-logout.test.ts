import assert from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { after, before, beforeEach, test } from "node:test";
import { createSsoOidcPort } from "../../../src/aws/sso-oidc.ts";
import { createSsoPortalPort } from "../../../src/aws/sso-portal.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";
import { logout } from "../../../src/local/sso/logout.ts";
import { ensureValidToken, loginRequiredError } from "../../../src/local/sso/refresh.ts";
import { registrationCachePath } from "../../../src/local/sso/registration-cache.ts";
import {
  type CachedToken,
  readTokenCache,
  ssoCacheDir,
  tokenCachePath,
  writeTokenCache,
} from "../../../src/local/sso/token-cache.ts";
import type { SsoSession } from "../../../src/local/sso/types.ts";
import { deviceLoginToken } from "../../helpers/sso-sign-in.ts";
import { fakeClock, REGION, type SsoTestEnv, session, startSsoTestEnv } from "./harness.ts";

let env: SsoTestEnv;
const clock = fakeClock();
const oidc = createSsoOidcPort({ region: REGION });
const portal = createSsoPortalPort({ region: REGION });
before(async () => {
  env = await startSsoTestEnv({ now: clock.now });
});
after(async () => {
  oidc.destroy();
  portal.destroy();
  await env.cleanup();
});
beforeEach(() => env.standin.clearCalls());

const deviceLogin = (s: SsoSession): Promise<CachedToken> =>
  deviceLoginToken({ standin: env.standin, session: s, oidc, cache: env.cache, clock });

test("a fresh token is returned as is, without any call", async () => {
  const s = session("fresh");
  const t = await deviceLogin(s);
  env.standin.clearCalls();
  const r = await ensureValidToken({ session: s, oidc, cache: env.cache, clock });
  assert.deepEqual(r, {
    kind: "valid",
    accessToken: t.accessToken,
    expiresAt: t.expiresAt,
    refreshed: false,
    // Refreshable without a browser until the client registration expires.
    refreshableUntil: t.registrationExpiresAt,
  });
  assert.deepEqual(env.standin.calls(), []);
});

test("an expired token is refreshed with the refresh token, without a browser, and the cache rewritten", async () => {
  const s = session("refresh");
  const old = await deviceLogin(s);
  clock.advance(2 * 3600_000); // past expiry
  env.standin.expireToken(old.accessToken);
  env.standin.clearCalls();
  const r = await ensureValidToken({ session: s, oidc, cache: env.cache, clock });
  assert.equal(r.kind, "valid");
  if (r.kind !== "valid") return;
  assert.equal(r.refreshed, true);
  assert.equal(r.refreshableUntil, old.registrationExpiresAt, "the rotated refresh token works as long");
  assert.notEqual(r.accessToken, old.accessToken);
  assert.ok(r.expiresAt > clock.now());
  assert.deepEqual(
    env.standin.calls().map((c) => [c.operation, c.grantType]),
    [["CreateToken", "refresh_token"]],
  );
  const read = await readTokenCache(env.cache, s.name);
  assert.equal(read.kind, "ok");
  if (read.kind !== "ok") return;
  assert.equal(read.token.accessToken, r.accessToken);
  assert.equal(read.token.clientId, old.clientId);
  assert.equal(read.token.registrationExpiresAt, old.registrationExpiresAt);
  assert.ok(
    read.token.refreshToken && read.token.refreshToken !== old.refreshToken,
    "rotated refresh token saved",
  );
  assert.ok(env.standin.isAccessTokenValid(r.accessToken));
  assert.equal((await portal.listAccounts(r.accessToken)).length, 0);
});

test("within the 15-minute window a still-valid token is refreshed too; a custom window is honoured", async () => {
  const s = session("window");
  const old = await deviceLogin(s);
  clock.advance(3600_000 - 10 * 60_000); // 10 min left
  const kept = await ensureValidToken({
    session: s,
    oidc,
    cache: env.cache,
    clock,
    refreshWindowMs: 5 * 60_000,
  });
  assert.equal(kept.kind === "valid" && kept.refreshed, false);
  const r = await ensureValidToken({ session: s, oidc, cache: env.cache, clock });
  assert.equal(r.kind === "valid" && r.refreshed, true);
  assert.notEqual(r.kind === "valid" && r.accessToken, old.accessToken);
});

test("refresh refused: expired → login required; still valid → old token kept with the problem noted", async () => {
  const s = session("refused");
  const old = await deviceLogin(s);
  env.standin.revokeRefreshTokens();
  clock.advance(3600_000 - 5 * 60_000);
  const kept = await ensureValidToken({ session: s, oidc, cache: env.cache, clock });
  assert.equal(kept.kind, "valid");
  if (kept.kind === "valid") {
    assert.equal(kept.accessToken, old.accessToken);
    assert.match(kept.refreshProblem ?? "", /invalid_grant/);
    assert.equal(kept.refreshableUntil, undefined, "a refused refresh token counts as not refreshable");
  }
  clock.advance(10 * 60_000);
  const r = await ensureValidToken({ session: s, oidc, cache: env.cache, clock });
  assert.equal(r.kind, "login-required");
  if (r.kind === "login-required") {
    assert.equal(r.reason, "refresh-failed");
    const err = loginRequiredError(r, s);
    assert.ok(err instanceof KeylessError);
    assert.equal(err.code, "NO_CREDENTIALS");
    assert.match(err.hint ?? "", /keyless login/);
    assert.ok(!err.message.includes(old.accessToken));
  }
});

test("expired registration or no refresh token: login required without calling the service", async () => {
  const s = session("noreg");
  const old = await deviceLogin(s);
  await writeTokenCache(env.cache, s.name, {
    ...old,
    registrationExpiresAt: clock.now() - 1,
    expiresAt: clock.now() - 1,
  });
  env.standin.clearCalls();
  const r1 = await ensureValidToken({ session: s, oidc, cache: env.cache, clock });
  assert.equal(r1.kind === "login-required" && r1.reason, "expired");
  await writeTokenCache(env.cache, s.name, { ...old, refreshToken: undefined, expiresAt: clock.now() - 1 });
  const r2 = await ensureValidToken({ session: s, oidc, cache: env.cache, clock });
  assert.equal(r2.kind === "login-required" && r2.reason, "expired");
  assert.deepEqual(env.standin.calls(), []);
});

test("missing, corrupted, or another start URL's token: login required, never a crash", async () => {
  const missing = await ensureValidToken({ session: session("nobody"), oidc, cache: env.cache, clock });
  assert.equal(missing.kind === "login-required" && missing.reason, "missing");
  const s = session("other-url");
  await deviceLogin(s);
  const moved = await ensureValidToken({
    session: { ...s, startUrl: "https://other.awsapps.com/start" },
    oidc,
    cache: env.cache,
    clock,
  });
  assert.equal(moved.kind === "login-required" && moved.reason, "other-start-url");
  mkdirSync(ssoCacheDir(env.cache), { recursive: true });
  writeFileSync(tokenCachePath(env.cache, "broken"), '{"accessToken": ');
  const broken = await ensureValidToken({ session: session("broken"), oidc, cache: env.cache, clock });
  assert.equal(broken.kind === "login-required" && broken.reason, "corrupted");
  assert.match(broken.kind === "login-required" ? broken.message : "", /replaced by the next login/);
});

test("logout signs out at the portal, deletes only the session's token file", async () => {
  const s = session("bye");
  const other = session("stays");
  const t = await deviceLogin(s);
  await deviceLogin(other);
  const result = await logout({ session: s, portal, cache: env.cache });
  assert.deepEqual(result, { portal: "signed-out", problem: undefined, deletedCacheFile: true });
  assert.equal((await readTokenCache(env.cache, s.name)).kind, "missing");
  assert.equal((await readTokenCache(env.cache, other.name)).kind, "ok");
  assert.ok(existsSync(registrationCachePath(env.cache, s)), "the registration is kept");
  assert.equal(env.standin.isAccessTokenValid(t.accessToken), false);
  await assert.rejects(portal.listAccounts(t.accessToken), (err: unknown) => {
    assert.ok(err instanceof KeylessError);
    assert.equal(err.code, "NO_CREDENTIALS");
    assert.ok(!err.message.includes(t.accessToken));
    return true;
  });
  // The refresh token died with the session.
  await writeTokenCache(env.cache, s.name, { ...t, expiresAt: clock.now() - 1 });
  const r = await ensureValidToken({ session: s, oidc, cache: env.cache, clock });
  assert.equal(r.kind === "login-required" && r.reason, "refresh-failed");
  // Logging out again: the token is already invalid at the portal; nothing left afterwards.
  assert.deepEqual(await logout({ session: s, portal, cache: env.cache }), {
    portal: "already-invalid",
    problem: undefined,
    deletedCacheFile: true,
  });
  assert.deepEqual(await logout({ session: s, portal, cache: env.cache }), {
    portal: "no-token",
    problem: undefined,
    deletedCacheFile: false,
  });
});
