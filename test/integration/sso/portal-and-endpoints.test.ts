import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createSsoOidcPort } from "../../../src/aws/sso-oidc.ts";
import { createSsoPortalPort } from "../../../src/aws/sso-portal.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";
import { deviceLoginToken } from "../../helpers/sso-sign-in.ts";
import { fakeClock, REGION, type SsoTestEnv, session, startSsoTestEnv } from "./harness.ts";

let env: SsoTestEnv;
let accessToken = "";
const clock = fakeClock(Date.now());
before(async () => {
  env = await startSsoTestEnv({ now: clock.now, portalPageSize: 3 });
  const oidc = createSsoOidcPort({ region: REGION });
  try {
    const t = await deviceLoginToken({
      standin: env.standin,
      session: session("portal"),
      oidc,
      cache: env.cache,
      clock,
    });
    accessToken = t.accessToken;
  } finally {
    oidc.destroy();
  }
  env.standin.setAccounts(
    Array.from({ length: 7 }, (_, i) => ({
      accountId: String(100000000000 + i),
      accountName: `acct-${i}`,
      emailAddress: `a${i}@example.com`,
      roles: i === 0 ? ["Admin", "Dev", "ReadOnly", "Billing"] : ["Dev"],
    })),
  );
});
after(async () => {
  await env.cleanup();
});

test("listAccounts follows every page (max_result 100, the stand-in caps pages at 3) and reports progress", async () => {
  const portal = createSsoPortalPort({ region: REGION });
  try {
    env.standin.clearCalls();
    const progress: number[] = [];
    const accounts = await portal.listAccounts(accessToken, (n) => progress.push(n));
    assert.equal(accounts.length, 7);
    assert.deepEqual(accounts[6], {
      accountId: "100000000006",
      accountName: "acct-6",
      emailAddress: "a6@example.com",
    });
    assert.deepEqual(progress, [3, 6, 7]);
    assert.equal(env.standin.calls().filter((c) => c.operation === "ListAccounts").length, 3);
    const roles = await portal.listAccountRoles(accessToken, "100000000000");
    assert.deepEqual(
      roles.map((r) => r.roleName),
      ["Admin", "Dev", "ReadOnly", "Billing"],
    );
    assert.ok(roles.every((r) => r.accountId === "100000000000"));
  } finally {
    portal.destroy();
  }
});

test("throttling (TooManyRequestsException, 429) is retried by the SDK", async () => {
  const portal = createSsoPortalPort({ region: REGION });
  try {
    env.standin.clearCalls();
    env.standin.failNext(
      "ListAccountRoles",
      { status: 429, type: "TooManyRequestsException", message: "Rate exceeded" },
      2,
    );
    const roles = await portal.listAccountRoles(accessToken, "100000000001");
    assert.deepEqual(
      roles.map((r) => r.roleName),
      ["Dev"],
    );
    assert.equal(env.standin.calls().filter((c) => c.operation === "ListAccountRoles").length, 3);
  } finally {
    portal.destroy();
  }
});

test("getRoleCredentials: expiration in epoch ms; a role not assigned is refused", async () => {
  const portal = createSsoPortalPort({ region: REGION });
  try {
    const creds = await portal.getRoleCredentials(accessToken, "100000000001", "Dev");
    assert.match(creds.accessKeyId, /^ASIA/);
    assert.ok(creds.secretAccessKey && creds.sessionToken);
    assert.ok(creds.expiration > clock.now() && creds.expiration <= clock.now() + 3600_000);
    await assert.rejects(portal.getRoleCredentials(accessToken, "100000000001", "Admin"), KeylessError);
  } finally {
    portal.destroy();
  }
});

test("an unknown token: UnauthorizedException becomes 'log in again'", async () => {
  const portal = createSsoPortalPort({ region: REGION });
  try {
    await assert.rejects(portal.listAccounts("aoa-not-a-token"), (err: unknown) => {
      assert.ok(err instanceof KeylessError);
      assert.equal(err.code, "NO_CREDENTIALS");
      assert.match(err.hint ?? "", /keyless login/);
      return true;
    });
    assert.equal(await portal.logout("aoa-not-a-token"), "unauthorized");
  } finally {
    portal.destroy();
  }
});

test("the authorize base URL follows the endpoint the SDK resolves, as the AWS CLI derives it", async () => {
  const saved = { oidc: process.env.AWS_ENDPOINT_URL_SSO_OIDC, all: process.env.AWS_ENDPOINT_URL };
  try {
    const viaService = createSsoOidcPort({ region: REGION });
    assert.equal(await viaService.authorizeBaseUrl(), env.standin.endpoint);
    viaService.destroy();

    delete process.env.AWS_ENDPOINT_URL_SSO_OIDC;
    process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:4566/some/path";
    const viaGlobal = createSsoOidcPort({ region: REGION });
    assert.equal(await viaGlobal.authorizeBaseUrl(), "http://127.0.0.1:4566");
    viaGlobal.destroy();

    delete process.env.AWS_ENDPOINT_URL;
    const real = createSsoOidcPort({ region: "ap-southeast-2" });
    assert.equal(await real.authorizeBaseUrl(), "https://oidc.ap-southeast-2.amazonaws.com");
    real.destroy();
  } finally {
    process.env.AWS_ENDPOINT_URL_SSO_OIDC = saved.oidc;
    if (saved.all === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = saved.all;
  }
});
