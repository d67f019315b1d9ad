import assert from "node:assert/strict";
import { test } from "node:test";
import {
  buildAuthorizeUrl,
  codeChallengeS256,
  createCodeVerifier,
  pythonQuote,
  redirectUriWithPort,
} from "../../../src/local/sso/pkce.ts";

test("verifier: 64 characters of [A-Za-z0-9-._~], different each time", () => {
  const a = createCodeVerifier();
  const b = createCodeVerifier();
  assert.match(a, /^[A-Za-z0-9\-._~]{64}$/);
  assert.notEqual(a, b);
});

test("verifier uses every character of the alphabet (no modulo truncation)", () => {
  let i = 0;
  const all = createCodeVerifier(() => i++ % 66);
  assert.equal(new Set(all).size, 64);
  const last = createCodeVerifier(() => 65);
  assert.equal(last, "~".repeat(64));
});

test("S256 challenge: RFC 7636 appendix B vector, base64url without '='", () => {
  assert.equal(
    codeChallengeS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
    "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
  );
  assert.doesNotMatch(codeChallengeS256(createCodeVerifier()), /[=+/]/);
});

test("pythonQuote matches urllib.parse.quote(safe='-_.~')", () => {
  // python3 -c "from urllib.parse import quote; print(quote(\"a!'()*~ b\", safe='-_.~'))"
  assert.equal(pythonQuote("a!'()*~ b"), "a%21%27%28%29%2A~%20b");
});

test("authorize URL: parameters in the CLI's order, %20 for spaces, code_challenge appended last", () => {
  const url = buildAuthorizeUrl({
    baseUrl: "https://oidc.eu-central-1.amazonaws.com",
    clientId: "abc/+=",
    redirectUri: redirectUriWithPort(5432),
    state: "3f0e-uuid",
    scopes: ["sso:account:access", "codewhisperer:completions"],
    codeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
  });
  // The query part is what botocore.utils.percent_encode_sequence produces for the same dict.
  assert.equal(
    url,
    "https://oidc.eu-central-1.amazonaws.com/authorize?response_type=code&client_id=abc%2F%2B%3D" +
      "&redirect_uri=http%3A%2F%2F127.0.0.1%3A5432%2Foauth%2Fcallback&state=3f0e-uuid" +
      "&code_challenge_method=S256&scopes=sso%3Aaccount%3Aaccess%20codewhisperer%3Acompletions" +
      "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
  );
});

test("authorize URL: no configured scopes → sso:account:access", () => {
  const url = buildAuthorizeUrl({
    baseUrl: "http://127.0.0.1:9999/",
    clientId: "c",
    redirectUri: redirectUriWithPort(1),
    state: "s",
    codeChallenge: "x",
  });
  assert.ok(url.startsWith("http://127.0.0.1:9999/authorize?"));
  assert.match(url, /&scopes=sso%3Aaccount%3Aaccess&code_challenge=x$/);
});
