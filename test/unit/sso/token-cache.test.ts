import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import {
  type CachedToken,
  deleteTokenCache,
  readTokenCache,
  ssoCacheDir,
  tokenCachePath,
  tokenToJson,
  writeTokenCache,
} from "../../../src/local/sso/token-cache.ts";

const homes: string[] = [];
function home(): { home: string } {
  const h = mkdtempSync(join(tmpdir(), "keyless-sso-"));
  homes.push(h);
  return { home: h };
}
after(() => {
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

const token: CachedToken = {
  startUrl: "https://d-1234567890.awsapps.com/start",
  region: "eu-central-1",
  accessToken: "aoaTOKEN",
  expiresAt: Date.UTC(2025, 2, 4, 5, 6, 7) + 891,
  clientId: "cid",
  clientSecret: "csecret",
  registrationExpiresAt: Date.UTC(2025, 5, 1),
  refreshToken: "aorREFRESH",
};

test("file content is byte for byte what botocore's _sso_json_dumps writes", () => {
  // python3 -c 'from botocore.tokens import _sso_json_dumps; ...' on the same values.
  assert.equal(
    tokenToJson(token),
    '{"startUrl": "https://d-1234567890.awsapps.com/start", "region": "eu-central-1", "accessToken": "aoaTOKEN", "expiresAt": "2025-03-04T05:06:07Z", "clientId": "cid", "clientSecret": "csecret", "registrationExpiresAt": "2025-06-01T00:00:00Z", "refreshToken": "aorREFRESH"}',
  );
  assert.doesNotMatch(tokenToJson({ ...token, refreshToken: undefined }), /refreshToken/);
});

test("written at ~/.aws/sso/cache/<sha1>.json, file 0600, folder 0700, no temp files left", async () => {
  const loc = home();
  const path = await writeTokenCache(loc, "my-sso", token);
  assert.equal(path, join(loc.home, ".aws", "sso", "cache", "0ad374308c5a4e22f723adf10145eafad7c4031c.json"));
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(statSync(ssoCacheDir(loc)).mode & 0o777, 0o700);
  assert.deepEqual(readdirSync(ssoCacheDir(loc)), ["0ad374308c5a4e22f723adf10145eafad7c4031c.json"]);
  const read = await readTokenCache(loc, "my-sso");
  assert.equal(read.kind, "ok");
  if (read.kind === "ok")
    assert.deepEqual(read.token, { ...token, expiresAt: Date.UTC(2025, 2, 4, 5, 6, 7) });
});

test("an existing folder with a loose mode is tightened to 0700", async () => {
  const loc = home();
  mkdirSync(ssoCacheDir(loc), { recursive: true, mode: 0o755 });
  await writeTokenCache(loc, "s", token);
  assert.equal(statSync(ssoCacheDir(loc)).mode & 0o777, 0o700);
});

test("reads other SDKs' files: extra fields, JS millis and Go RFC3339 timestamps, no registration", async () => {
  const loc = home();
  mkdirSync(ssoCacheDir(loc), { recursive: true });
  writeFileSync(
    tokenCachePath(loc, "js"),
    JSON.stringify(
      {
        accessToken: "a",
        expiresAt: "2030-01-02T03:04:05.678Z",
        region: "us-east-1",
        startUrl: "u",
        extra: { x: 1 },
      },
      null,
      2,
    ),
  );
  writeFileSync(
    tokenCachePath(loc, "go"),
    JSON.stringify({
      accessToken: "g",
      expiresAt: "2030-01-02T05:04:05+02:00",
      registrationExpiresAt: "2030-02-01T00:00:00Z",
      unknownField: true,
    }),
  );
  const js = await readTokenCache(loc, "js");
  const go = await readTokenCache(loc, "go");
  assert.equal(js.kind, "ok");
  assert.equal(go.kind, "ok");
  if (js.kind === "ok") {
    assert.equal(js.token.expiresAt, Date.UTC(2030, 0, 2, 3, 4, 5, 678));
    assert.equal(js.token.clientId, undefined);
  }
  if (go.kind === "ok") {
    assert.equal(go.token.expiresAt, Date.UTC(2030, 0, 2, 3, 4, 5));
    assert.equal(go.token.registrationExpiresAt, Date.UTC(2030, 1, 1));
  }
});

test("missing and corrupted files are values, never exceptions; the message names no content", async () => {
  const loc = home();
  assert.equal((await readTokenCache(loc, "none")).kind, "missing");
  mkdirSync(ssoCacheDir(loc), { recursive: true });
  const bad: [string, string, RegExp][] = [
    ["empty", "", /empty/],
    ["garbage", '{"accessToken": "secret-value", ', /not valid JSON/],
    ["array", "[1,2]", /not a JSON object/],
    ["no-token", '{"expiresAt": "2030-01-01T00:00:00Z"}', /accessToken/],
    ["bad-expiry", '{"accessToken": "secret-value", "expiresAt": "soon"}', /expiresAt/],
  ];
  for (const [name, content, problem] of bad) {
    writeFileSync(tokenCachePath(loc, name), content);
    const read = await readTokenCache(loc, name);
    assert.equal(read.kind, "corrupted", name);
    if (read.kind === "corrupted") {
      assert.match(read.problem, problem);
      assert.doesNotMatch(read.problem, /secret-value/);
    }
  }
  // A directory where the file should be cannot be read either.
  mkdirSync(tokenCachePath(loc, "dir"));
  assert.equal((await readTokenCache(loc, "dir")).kind, "corrupted");
});

test("a corrupted file is replaced by the next write", async () => {
  const loc = home();
  mkdirSync(ssoCacheDir(loc), { recursive: true });
  writeFileSync(tokenCachePath(loc, "s"), "{{{{", { mode: 0o644 });
  await writeTokenCache(loc, "s", token);
  assert.equal((await readTokenCache(loc, "s")).kind, "ok");
  assert.equal(statSync(tokenCachePath(loc, "s")).mode & 0o777, 0o600);
  assert.equal(readFileSync(tokenCachePath(loc, "s"), "utf8"), tokenToJson(token));
});

test("delete removes only that session's file", async () => {
  const loc = home();
  await writeTokenCache(loc, "a", token);
  await writeTokenCache(loc, "b", token);
  assert.equal(await deleteTokenCache(loc, "a"), true);
  assert.equal(await deleteTokenCache(loc, "a"), false);
  assert.equal((await readTokenCache(loc, "b")).kind, "ok");
});
