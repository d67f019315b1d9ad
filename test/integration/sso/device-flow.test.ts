import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { after, before, beforeEach, test } from "node:test";
import { createSsoOidcPort } from "../../../src/aws/sso-oidc.ts";
import { createSsoPortalPort } from "../../../src/aws/sso-portal.ts";
import { SsoLoginError } from "../../../src/local/sso/errors.ts";
import { readRegistrationCache } from "../../../src/local/sso/registration-cache.ts";
import { readTokenCache, tokenCachePath } from "../../../src/local/sso/token-cache.ts";
import { deviceLogin, userCodeIn } from "../../helpers/sso-sign-in.ts";
import { fakeClock, REGION, type SsoTestEnv, session, startSsoTestEnv } from "./harness.ts";

let env: SsoTestEnv;
const clock = fakeClock();
before(async () => {
  env = await startSsoTestEnv({ now: clock.now, deviceExpiresInSeconds: 30 });
});
after(async () => {
  await env.cleanup();
});
beforeEach(() => env.standin.clearCalls());

function ports() {
  return { oidc: createSsoOidcPort({ region: REGION }), portal: createSsoPortalPort({ region: REGION }) };
}

test("device flow end to end: one attempt, prompt, poll until approved, cache written as the CLI does", async () => {
  const { oidc, portal } = ports();
  const printed: string[] = [];
  const opened: string[] = [];
  const s = session("device-e2e");
  try {
    // The user approves the printed code on the verification page.
    const result = await deviceLogin({
      standin: env.standin,
      session: s,
      oidc,
      cache: env.cache,
      clock,
      print: (l) => printed.push(l),
      openBrowser: async (url) => {
        opened.push(url);
        return true;
      },
    });
    assert.equal(result.flow, "device");
    assert.equal(result.registrationReused, false);
    assert.deepEqual(
      env.standin.calls().map((c) => c.operation),
      ["RegisterClient", "StartDeviceAuthorization", "CreateToken", "CreateToken"],
    );
    const polls = env.standin.calls().filter((c) => c.operation === "CreateToken");
    assert.ok(polls.every((p) => p.grantType === "urn:ietf:params:oauth:grant-type:device_code"));
    // Polled no faster than the announced interval (1 s).
    assert.ok((polls[1]?.at ?? 0) - (polls[0]?.at ?? 0) >= 1000);

    // The URL and the code were printed, and the browser was offered the complete URL.
    assert.equal(opened.length, 1);
    assert.ok(printed.includes(opened[0] as string));
    assert.equal(userCodeIn(printed), new URL(opened[0] as string).searchParams.get("user_code"));

    const read = await readTokenCache(env.cache, s.name);
    assert.equal(read.kind, "ok");
    if (read.kind !== "ok") return;
    const t = read.token;
    assert.equal(t.startUrl, s.startUrl);
    assert.equal(t.region, REGION);
    assert.equal(t.expiresAt, Math.floor((clock.now() + 3600_000) / 1000) * 1000);
    assert.ok(t.refreshToken && t.clientId && t.clientSecret && t.registrationExpiresAt);
    const text = readFileSync(tokenCachePath(env.cache, s.name), "utf8");
    assert.deepEqual(Object.keys(JSON.parse(text)), [
      "startUrl",
      "region",
      "accessToken",
      "expiresAt",
      "clientId",
      "clientSecret",
      "registrationExpiresAt",
      "refreshToken",
    ]);
    assert.match(JSON.parse(text).expiresAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(statSync(tokenCachePath(env.cache, s.name)).mode & 0o777, 0o600);

    // No secret was printed.
    for (const secret of [t.accessToken, t.refreshToken, t.clientSecret]) {
      assert.ok(!printed.join("\n").includes(secret as string));
    }
    // The registration is cached as a device-code one (no grantTypes) with the configured scopes.
    const reg = await readRegistrationCache(env.cache, s);
    assert.equal(reg.kind, "ok");
    if (reg.kind === "ok") {
      assert.equal(reg.registration.grantTypes, undefined);
      assert.deepEqual(reg.registration.scopes, ["sso:account:access"]);
    }
    const registered = env.standin.registrations().at(-1);
    assert.equal(registered?.clientName, "keyless-client-device-e2e");
    assert.deepEqual(registered?.scopes, ["sso:account:access"]);
    assert.equal(registered?.grantTypes, undefined);

    // The token works at the portal.
    assert.ok(env.standin.isAccessTokenValid(t.accessToken));
    env.standin.setAccounts([
      { accountId: "111111111111", accountName: "dev", emailAddress: "d@x", roles: ["Dev"] },
    ]);
    assert.deepEqual(
      (await portal.listAccounts(t.accessToken)).map((a) => a.accountId),
      ["111111111111"],
    );
  } finally {
    oidc.destroy();
    portal.destroy();
  }
});

test("second login reuses the cached registration; noBrowser only prints; slow_down adds 5 s", async () => {
  const { oidc } = ports();
  const s = session("device-reuse");
  const user = { standin: env.standin, session: s, oidc, cache: env.cache, clock };
  try {
    await deviceLogin(user);
    env.standin.clearCalls();
    env.standin.slowDownNext(1);
    const printed: string[] = [];
    let opened = 0;
    const result = await deviceLogin({
      ...user,
      noBrowser: true,
      print: (l) => printed.push(l),
      openBrowser: async () => {
        opened += 1;
        return true;
      },
    });
    assert.equal(result.registrationReused, true);
    assert.equal(opened, 0);
    assert.ok(!printed.some((l) => /open the sign-in page in your default browser/.test(l)));
    assert.ok(printed.some((l) => l.includes("/device?user_code=")));
    const ops = env.standin.calls().map((c) => c.operation);
    assert.deepEqual(ops, ["StartDeviceAuthorization", "CreateToken", "CreateToken"]);
    // First attempt got slow_down; the next poll came interval (1 s) + 5 s later.
    const polls = env.standin.calls().filter((c) => c.operation === "CreateToken");
    assert.ok((polls[1]?.at ?? 0) - (polls[0]?.at ?? 0) >= 6000);
  } finally {
    oidc.destroy();
  }
});

test("access denied: a clear error, no token cache written", async () => {
  const { oidc } = ports();
  const s = session("device-denied");
  try {
    await assert.rejects(
      deviceLogin({ standin: env.standin, session: s, oidc, cache: env.cache, clock, answer: "deny" }),
      (err: unknown) => {
        assert.ok(err instanceof SsoLoginError);
        assert.equal(err.reason, "access_denied");
        assert.equal(err.code, "AWS_ACCESS_DENIED");
        assert.match(err.message, /denied/);
        assert.ok(err.hint);
        return true;
      },
    );
    assert.equal((await readTokenCache(env.cache, s.name)).kind, "missing");
  } finally {
    oidc.destroy();
  }
});

test("expired device authorization: nobody approves, the service answers expired_token", async () => {
  const { oidc } = ports();
  const s = session("device-expired");
  try {
    await assert.rejects(
      deviceLogin({ standin: env.standin, session: s, oidc, cache: env.cache, clock, answer: "ignore" }),
      (err: unknown) => err instanceof SsoLoginError && err.reason === "authorization_expired",
    );
    // It kept polling until the stand-in said the code expired (30 s at 1 s intervals).
    const polls = env.standin.calls().filter((c) => c.operation === "CreateToken");
    assert.ok(polls.length >= 30);
    assert.equal((await readTokenCache(env.cache, s.name)).kind, "missing");
  } finally {
    oidc.destroy();
  }
});

test("a device code expired by the service mid-way stops the polling", async () => {
  const { oidc } = ports();
  const s = session("device-expired-2");
  try {
    await assert.rejects(
      deviceLogin({ standin: env.standin, session: s, oidc, cache: env.cache, clock, answer: "expire" }),
      (err: unknown) => err instanceof SsoLoginError && err.reason === "authorization_expired",
    );
    assert.equal(env.standin.calls().filter((c) => c.operation === "CreateToken").length, 2);
  } finally {
    oidc.destroy();
  }
});
