import assert from "node:assert/strict";
import { test } from "node:test";
import { createTokenErrorResult } from "../../../src/aws/sso-oidc.ts";
import { startCallbackServer } from "../../../src/local/sso/loopback.ts";
import { systemSsoClock } from "../../../src/local/sso/types.ts";

test("callback server: 127.0.0.1, /oauth/callback only, first decisive answer wins", async () => {
  const server = await startCallbackServer("expected-state");
  try {
    assert.equal(server.redirectUri, `http://127.0.0.1:${server.port}/oauth/callback`);
    const base = `http://127.0.0.1:${server.port}`;
    assert.equal((await fetch(`${base}/elsewhere?code=c&state=expected-state`)).status, 404);
    assert.equal((await fetch(`${base}/oauth/callback?state=expected-state`)).status, 400);
    const ok = await fetch(`${base}/oauth/callback?code=the-code&state=expected-state`);
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /close this window/);
    assert.deepEqual(await server.result, { kind: "code", code: "the-code" });
    assert.equal((await fetch(`${base}/oauth/callback?code=again&state=expected-state`)).status, 409);
  } finally {
    await server.close();
  }
});

test("callback server: error answers and wrong state", async () => {
  const a = await startCallbackServer("s");
  const b = await startCallbackServer("s");
  try {
    await fetch(`http://127.0.0.1:${a.port}/oauth/callback?error=server_error&error_description=x&state=s`);
    assert.deepEqual(await a.result, { kind: "error", error: "server_error", description: "x" });
    const res = await fetch(`http://127.0.0.1:${b.port}/oauth/callback?code=c&state=other`);
    assert.equal(res.status, 400);
    assert.deepEqual(await b.result, { kind: "state_mismatch" });
  } finally {
    await a.close();
    await b.close();
  }
});

test("system clock: an aborted sleep ends without waiting for its timer", async () => {
  const ac = new AbortController();
  const slept = systemSsoClock.sleep(3_600_000, ac.signal);
  ac.abort();
  await slept;
  await systemSsoClock.sleep(1_000_000, AbortSignal.abort());
});

test("CreateToken errors map to protocol results by exception name", () => {
  const e = (name: string, extra: object = {}) => Object.assign(new Error("m"), { name, ...extra });
  assert.deepEqual(createTokenErrorResult(e("AuthorizationPendingException")), {
    kind: "authorization_pending",
  });
  assert.deepEqual(createTokenErrorResult(e("SlowDownException")), { kind: "slow_down" });
  assert.deepEqual(createTokenErrorResult(e("ExpiredTokenException", { error_description: "d" })), {
    kind: "expired_token",
    description: "d",
  });
  assert.deepEqual(createTokenErrorResult(e("AccessDeniedException", { reason: "r" })), {
    kind: "access_denied",
    reason: "r",
    description: undefined,
  });
  assert.equal(createTokenErrorResult(e("InvalidGrantException"))?.kind, "invalid_grant");
  assert.equal(createTokenErrorResult(e("InvalidClientException"))?.kind, "invalid_client");
  assert.equal(createTokenErrorResult(e("InternalServerException")), undefined);
});
