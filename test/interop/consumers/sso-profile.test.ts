/**
 * Proves the harness's SSO path: an `[sso-session]` + `[profile]` config and a botocore-format token
 * cache (written here, not by keyless), the SSO portal served by the stand-in and STS by moto. Every
 * consumer must resolve role credentials through GetRoleCredentials with the cached token and call
 * STS with them; with a token the portal rejects, every consumer must fail with its own message.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Moto, startMoto } from "../../helpers/moto.ts";
import { type SsoStandin, startSsoStandin } from "../../standins/sso-standin.ts";
import { type AwsSandbox, makeAwsSandbox, writeSsoProfile, writeSsoTokenCache } from "./fixtures.ts";
import { CONSUMERS, expectIdentity } from "./index.ts";
import { motoRoleCredentials } from "./moto-identities.ts";
import { deviceLogin } from "./standin-login.ts";

const ACCOUNT = "111122223333";
const ROLE = "TerraformDeploy";
const SESSION = "interop-sso";
const START_URL = "https://d-1234567890.awsapps.com/start";
const SSO_REGION = "eu-west-1";
const PROFILE = {
  profile: "interop-sso-dev",
  session: SESSION,
  startUrl: START_URL,
  ssoRegion: SSO_REGION,
  accountId: ACCOUNT,
  roleName: ROLE,
  region: "eu-central-1",
};

let moto: Moto;
let standin: SsoStandin;
let good: AwsSandbox;
let bad: AwsSandbox;
let endpoints: Record<string, string>;
/** Each GetRoleCredentials gets a fresh moto role session, named so the ARN says which call it was. */
let issued = 0;

before(async () => {
  moto = await startMoto();
  standin = await startSsoStandin({
    issueCredentials: (accountId, roleName) =>
      motoRoleCredentials(moto.endpoint, accountId, roleName, `portal-${++issued}`),
  });
  standin.setAccounts([
    { accountId: ACCOUNT, accountName: "dev", emailAddress: "dev@example.com", roles: [ROLE] },
  ]);
  endpoints = {
    // Catch-all so nothing can reach a real AWS host; the per-service variables are what is tested.
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_ENDPOINT_URL_SSO: standin.endpoint,
    AWS_ENDPOINT_URL_SSO_OIDC: standin.endpoint,
    AWS_ENDPOINT_URL_STS: moto.endpoint,
  };

  good = makeAwsSandbox();
  writeSsoProfile(good, PROFILE);
  writeSsoTokenCache(good.home, SESSION, await deviceLogin(standin, START_URL, SSO_REGION));

  bad = makeAwsSandbox();
  writeSsoProfile(bad, PROFILE);
  const rejected = await deviceLogin(standin, START_URL, SSO_REGION);
  standin.expireToken(rejected.accessToken); // the portal now answers 401, though the file says valid
  writeSsoTokenCache(bad.home, SESSION, rejected);
});

after(async () => {
  await standin?.stop();
  await moto?.stop();
  good?.cleanup();
  bad?.cleanup();
});

for (const consumer of CONSUMERS) {
  describe(`${consumer.name} on an sso-session profile`, () => {
    test("resolves role credentials through GetRoleCredentials and calls STS with them", async (t) => {
      t.diagnostic(`${consumer.name}: ${await consumer.version()}`);
      standin.clearCalls();
      const before = issued;
      const result = await consumer.resolve({ env: { ...good.env, ...endpoints }, profile: PROFILE.profile });
      const identity = expectIdentity(consumer.name, result);
      const portalCalls = standin.calls().filter((c) => c.operation === "GetRoleCredentials");
      assert.ok(portalCalls.length >= 1, "the consumer never called the portal's GetRoleCredentials");
      assert.ok(issued > before);
      assert.equal(identity.account, ACCOUNT);
      // The session name is one the portal handed out during THIS resolve.
      const m = new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE}/portal-(\\d+)$`).exec(identity.arn);
      assert.ok(m, `unexpected ARN ${identity.arn}`);
      assert.ok(
        Number(m[1]) > before && Number(m[1]) <= issued,
        `credentials not from this resolve: ${identity.arn}`,
      );
      // Only the portal: a consumer with a valid cached token has no reason to call OIDC.
      assert.deepEqual(
        standin.calls().filter((c) => c.operation !== "GetRoleCredentials"),
        [],
        "unexpected OIDC calls",
      );
    });

    test("a cached token the portal rejects is a failure with the tool's message", async (t) => {
      standin.clearCalls();
      const result = await consumer.resolve({ env: { ...bad.env, ...endpoints }, profile: PROFILE.profile });
      assert.equal(result.ok, false, `expected failure, got ${JSON.stringify(result)}`);
      if (result.ok) return;
      t.diagnostic(`${consumer.name} says: ${result.stderr.split("\n")[0]}`);
      // It got as far as presenting the token to the portal: the file itself was accepted.
      assert.ok(standin.calls().some((c) => c.operation === "GetRoleCredentials"));
      assert.match(
        result.stderr,
        /unauthori[sz]ed|token|sso session/i,
        `should be about the token:\n${result.stderr}`,
      );
    });
  });
}
