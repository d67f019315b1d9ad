import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import {
  type CachedRegistration,
  isRegistrationReusable,
  readRegistrationCache,
  registrationCachePath,
  registrationToJson,
  writeRegistrationCache,
} from "../../../src/local/sso/registration-cache.ts";
import { ssoCacheDir } from "../../../src/local/sso/token-cache.ts";

const homes: string[] = [];
after(() => {
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});
function home() {
  const h = mkdtempSync(join(tmpdir(), "keyless-reg-"));
  homes.push(h);
  return { home: h };
}

const session = {
  name: "my-sso",
  startUrl: "https://x.awsapps.com/start",
  region: "eu-west-1",
  scopes: ["sso:account:access"],
};
const NOW = Date.UTC(2025, 0, 1);
const MIN = 60_000;
const authReg: CachedRegistration = {
  clientId: "cid",
  clientSecret: "sec",
  expiresAt: Date.UTC(2025, 5, 1),
  scopes: ["sso:account:access"],
  grantTypes: ["authorization_code", "refresh_token"],
};

test("content as the AWS CLI writes it (auth-code registration)", () => {
  assert.equal(
    registrationToJson(authReg),
    '{"clientId": "cid", "clientSecret": "sec", "expiresAt": "2025-06-01T00:00:00Z", "scopes": ["sso:account:access"], "grantTypes": ["authorization_code", "refresh_token"]}',
  );
  assert.equal(
    registrationToJson({ clientId: "c", clientSecret: "s", expiresAt: Date.UTC(2025, 5, 1) }),
    '{"clientId": "c", "clientSecret": "s", "expiresAt": "2025-06-01T00:00:00Z"}',
  );
});

test("reuse: not within 15 min of expiry", () => {
  assert.equal(isRegistrationReusable({ ...authReg, expiresAt: NOW + 15 * MIN }, "auth-code", NOW), true);
  assert.equal(
    isRegistrationReusable({ ...authReg, expiresAt: NOW + 15 * MIN - 1 }, "auth-code", NOW),
    false,
  );
  assert.equal(isRegistrationReusable({ ...authReg, expiresAt: NOW - 1 }, "auth-code", NOW), false);
});

test("reuse: grant type must match the flow (no grantTypes means device code)", () => {
  assert.equal(isRegistrationReusable(authReg, "device", NOW), false);
  const device = { clientId: "c", clientSecret: "s", expiresAt: NOW + 60 * MIN };
  assert.equal(isRegistrationReusable(device, "device", NOW), true);
  assert.equal(isRegistrationReusable(device, "auth-code", NOW), false);
  assert.equal(isRegistrationReusable({ ...device, grantTypes: ["refresh_token"] }, "auth-code", NOW), false);
});

test("round trip, and a corrupted registration file is a value", async () => {
  const loc = home();
  assert.equal((await readRegistrationCache(loc, session)).kind, "missing");
  await writeRegistrationCache(loc, session, authReg);
  const read = await readRegistrationCache(loc, session);
  assert.equal(read.kind, "ok");
  if (read.kind === "ok") assert.deepEqual(read.registration, authReg);
  assert.equal(readFileSync(registrationCachePath(loc, session), "utf8"), registrationToJson(authReg));

  mkdirSync(ssoCacheDir(loc), { recursive: true });
  writeFileSync(registrationCachePath(loc, session), '{"clientId": 1}');
  assert.equal((await readRegistrationCache(loc, session)).kind, "corrupted");
});
