import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { after, before, beforeEach, test } from "node:test";
import { createSsoOidcPort } from "../../../src/aws/sso-oidc.ts";
import { SsoLoginError } from "../../../src/local/sso/errors.ts";
import { readRegistrationCache } from "../../../src/local/sso/registration-cache.ts";
import { readTokenCache, ssoCacheDir, tokenCachePath } from "../../../src/local/sso/token-cache.ts";
import { browserLogin, followAuthorize } from "../../helpers/sso-sign-in.ts";
import { fakeClock, pausedClock, REGION, type SsoTestEnv, session, startSsoTestEnv } from "./harness.ts";

let env: SsoTestEnv;
const clock = pausedClock();
before(async () => {
  env = await startSsoTestEnv({ now: clock.now });
});
after(async () => {
  await env.cleanup();
});
beforeEach(() => {
  env.standin.clearCalls();
  env.standin.setAuthorizeMode("auto-approve");
});

test("auth-code + PKCE end to end through the loopback callback", async () => {
  const oidc = createSsoOidcPort({ region: REGION });
  const s = session("auth-e2e");
  const printed: string[] = [];
  let page = "";
  let authorizeUrl = "";
  try {
    const result = await browserLogin({
      session: s,
      oidc,
      cache: env.cache,
      clock,
      print: (l) => printed.push(l),
      openBrowser: async (url) => {
        authorizeUrl = url;
        const res = await followAuthorize(url);
        page = await res.text();
        return res.ok;
      },
    });
    assert.equal(result.flow, "auth-code");
    assert.match(page, /close this window/);
    assert.ok(printed.includes(authorizeUrl), "the URL is always printed");

    // The authorize URL as the AWS CLI builds it, on the endpoint from AWS_ENDPOINT_URL_SSO_OIDC.
    const m =
      /^\/authorize\?response_type=code&client_id=([^&]+)&redirect_uri=http%3A%2F%2F127\.0\.0\.1%3A(\d+)%2Foauth%2Fcallback&state=([0-9a-f-]{36})&code_challenge_method=S256&scopes=sso%3Aaccount%3Aaccess&code_challenge=([A-Za-z0-9_-]{43})$/.exec(
        env.standin.authorizeRequests().at(-1) ?? "",
      );
    assert.ok(m, env.standin.authorizeRequests().at(-1));
    assert.ok(authorizeUrl.startsWith(`${env.standin.endpoint}/authorize?`));

    const reg = env.standin.registrations().at(-1);
    assert.deepEqual(
      { ...reg, clientId: undefined, clientSecretExpiresAt: undefined },
      {
        clientId: undefined,
        clientSecretExpiresAt: undefined,
        clientName: "keyless-client-auth-e2e",
        clientType: "public",
        scopes: ["sso:account:access"],
        grantTypes: ["authorization_code", "refresh_token"],
        redirectUris: ["http://127.0.0.1/oauth/callback"],
        issuerUrl: s.startUrl,
      },
    );
    const ops = env.standin.calls().map((c) => c.operation);
    assert.deepEqual(ops, ["RegisterClient", "Authorize", "CreateToken"]);
    assert.equal(env.standin.calls().at(-1)?.grantType, "authorization_code");

    const read = await readTokenCache(env.cache, s.name);
    assert.equal(read.kind, "ok");
    if (read.kind === "ok") {
      assert.ok(env.standin.isAccessTokenValid(read.token.accessToken));
      assert.ok(read.token.refreshToken);
      for (const secret of [read.token.accessToken, read.token.refreshToken, read.token.clientSecret]) {
        assert.ok(!printed.join("\n").includes(secret as string));
      }
    }
    const cachedReg = await readRegistrationCache(env.cache, s);
    assert.equal(cachedReg.kind, "ok");
    if (cachedReg.kind === "ok") {
      assert.deepEqual(cachedReg.registration.grantTypes, ["authorization_code", "refresh_token"]);
    }

    // A second login reuses the registration; a device login afterwards does not (grant mismatch).
    env.standin.clearCalls();
    const again = await browserLogin({ session: s, oidc, cache: env.cache, clock });
    assert.equal(again.registrationReused, true);
    assert.ok(!env.standin.calls().some((c) => c.operation === "RegisterClient"));
  } finally {
    oidc.destroy();
  }
});

test("a callback with the wrong state is refused with a clear error; no token is requested", async () => {
  const oidc = createSsoOidcPort({ region: REGION });
  const s = session("auth-state");
  let status = 0;
  let browserDone: Promise<void> = Promise.resolve();
  try {
    await assert.rejects(
      browserLogin({
        session: s,
        oidc,
        cache: env.cache,
        clock,
        openBrowser: async (url) => {
          browserDone = followAuthorize(url, (cb) => cb.searchParams.set("state", "not-the-state")).then(
            (res) => {
              status = res.status;
            },
          );
          return true;
        },
      }),
      (err: unknown) => {
        assert.ok(err instanceof SsoLoginError);
        assert.equal(err.reason, "state_mismatch");
        assert.match(err.message, /state/);
        return true;
      },
    );
    await browserDone;
    assert.equal(status, 400);
    assert.ok(!env.standin.calls().some((c) => c.operation === "CreateToken"));
    assert.equal((await readTokenCache(env.cache, s.name)).kind, "missing");
  } finally {
    oidc.destroy();
  }
});

test("denied in the browser → access_denied", async () => {
  const oidc = createSsoOidcPort({ region: REGION });
  env.standin.setAuthorizeMode("deny");
  try {
    await assert.rejects(
      browserLogin({ session: session("auth-denied"), oidc, cache: env.cache, clock }),
      (err: unknown) => err instanceof SsoLoginError && err.reason === "access_denied",
    );
  } finally {
    oidc.destroy();
  }
});

test("nobody comes back within the timeout → timeout error, callback server closed", async () => {
  const oidc = createSsoOidcPort({ region: REGION });
  let callbackUrl = "";
  try {
    await assert.rejects(
      browserLogin({
        session: session("auth-timeout"),
        oidc,
        cache: env.cache,
        clock: fakeClock(), // its sleep ends at once: the 10-minute limit passes immediately
        openBrowser: async (url) => {
          callbackUrl = decodeURIComponent(new URL(url).searchParams.get("redirect_uri") ?? "");
          return true;
        },
      }),
      (err: unknown) => err instanceof SsoLoginError && err.reason === "timeout",
    );
    await assert.rejects(fetch(`${callbackUrl}?code=x&state=y`));
  } finally {
    oidc.destroy();
  }
});

test("a corrupted token cache is replaced by the next login, and a browser that fails is reported", async () => {
  const oidc = createSsoOidcPort({ region: REGION });
  const s = session("auth-corrupt");
  mkdirSync(ssoCacheDir(env.cache), { recursive: true });
  writeFileSync(tokenCachePath(env.cache, s.name), "{ not json");
  const printed: string[] = [];
  try {
    const result = await browserLogin({
      session: s,
      oidc,
      cache: env.cache,
      clock,
      print: (l) => printed.push(l),
      openBrowser: async (url) => {
        // The "browser" fails to start, the user opens the printed URL by hand.
        setImmediate(() => void followAuthorize(printed.find((l) => l === url) ?? ""));
        return false;
      },
    });
    assert.equal(result.replacedCorruptedCache, true);
    assert.equal((await readTokenCache(env.cache, s.name)).kind, "ok");
    assert.ok(printed.some((l) => /Could not open a browser/.test(l)));
  } finally {
    oidc.destroy();
  }
});
