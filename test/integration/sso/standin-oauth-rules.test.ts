// The stand-in must refuse what AWS refuses, or the login tests would prove nothing: PKCE, redirect
// URI, single-use codes, client secrets. Exercised through the real SDK (the oidc port).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createSsoOidcPort } from "../../../src/aws/sso-oidc.ts";
import {
  buildAuthorizeUrl,
  codeChallengeS256,
  createCodeVerifier,
  redirectUriWithPort,
} from "../../../src/local/sso/pkce.ts";
import type { ClientRegistration } from "../../../src/local/sso/ports.ts";
import { REGION, type SsoTestEnv, startSsoTestEnv } from "./harness.ts";

let env: SsoTestEnv;
const oidc = createSsoOidcPort({ region: REGION, maxAttempts: 1 });
let reg: ClientRegistration;
before(async () => {
  env = await startSsoTestEnv();
  reg = await oidc.registerClient({
    clientName: "t",
    grantTypes: ["authorization_code", "refresh_token"],
    redirectUris: ["http://127.0.0.1/oauth/callback"],
    issuerUrl: "https://x.awsapps.com/start",
    scopes: ["sso:account:access"],
  });
});
after(async () => {
  oidc.destroy();
  await env.cleanup();
});

async function authorize(verifier: string, redirectUri: string): Promise<Response> {
  const url = buildAuthorizeUrl({
    baseUrl: env.standin.endpoint,
    clientId: reg.clientId,
    redirectUri,
    state: "s",
    codeChallenge: codeChallengeS256(verifier),
  });
  return fetch(url, { redirect: "manual" });
}
async function code(verifier: string, redirectUri = redirectUriWithPort(5555)): Promise<string> {
  const res = await authorize(verifier, redirectUri);
  assert.equal(res.status, 302);
  return new URL(res.headers.get("location") ?? "").searchParams.get("code") ?? "";
}

test("authorization code: PKCE verified, redirect_uri matched, single use", async () => {
  const verifier = createCodeVerifier();
  const grant = { ...reg, grantType: "authorization_code" as const, redirectUri: redirectUriWithPort(5555) };
  const wrongVerifier = await oidc.createToken({
    ...grant,
    code: await code(verifier),
    codeVerifier: createCodeVerifier(),
  });
  assert.equal(wrongVerifier.kind, "invalid_grant");
  const wrongRedirect = await oidc.createToken({
    ...grant,
    code: await code(verifier),
    codeVerifier: verifier,
    redirectUri: redirectUriWithPort(5556),
  });
  assert.equal(wrongRedirect.kind, "invalid_grant");
  const c = await code(verifier);
  const ok = await oidc.createToken({ ...grant, code: c, codeVerifier: verifier });
  assert.equal(ok.kind, "token");
  assert.equal((await oidc.createToken({ ...grant, code: c, codeVerifier: verifier })).kind, "invalid_grant");
});

test("a wrong client secret is invalid_client; an unregistered redirect path is refused at /authorize", async () => {
  const r = await oidc.createToken({
    ...reg,
    clientSecret: "nope",
    grantType: "refresh_token",
    refreshToken: "x",
  });
  assert.equal(r.kind, "invalid_client");
  assert.equal((await authorize(createCodeVerifier(), "http://127.0.0.1:5555/elsewhere")).status, 400);
  assert.equal((await authorize(createCodeVerifier(), "http://evil.example/oauth/callback")).status, 400);
});

test("a device-code client cannot use the authorization_code grant", async () => {
  const device = await oidc.registerClient({ clientName: "d" });
  const r = await oidc.createToken({
    ...device,
    grantType: "authorization_code",
    code: "x",
    redirectUri: redirectUriWithPort(1),
    codeVerifier: createCodeVerifier(),
  });
  assert.equal(r.kind, "invalid_client"); // UnauthorizedClientException
});
