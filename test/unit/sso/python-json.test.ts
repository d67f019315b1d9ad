import assert from "node:assert/strict";
import { test } from "node:test";
import { pythonJsonDumps } from "../../../src/local/sso/python-json.ts";
import {
  registrationCacheFileName,
  registrationCacheKeySource,
} from "../../../src/local/sso/registration-cache.ts";
import { tokenCacheFileName } from "../../../src/local/sso/token-cache.ts";

// Expected strings were produced by CPython 3.11 `json.dumps(args, sort_keys=True)` and hashlib.sha1.

test("token cache file name is sha1 of the session name", () => {
  assert.equal(tokenCacheFileName("my-sso"), "0ad374308c5a4e22f723adf10145eafad7c4031c.json");
});

test("registration cache key: the exact string botocore hashes, and its sha1", () => {
  const session = {
    name: "my-sso",
    startUrl: "https://d-1234567890.awsapps.com/start",
    region: "eu-central-1",
    scopes: ["sso:account:access"],
  };
  assert.equal(
    registrationCacheKeySource(session),
    '{"region": "eu-central-1", "scopes": ["sso:account:access"], "session_name": "my-sso", "startUrl": "https://d-1234567890.awsapps.com/start", "tool": "botocore"}',
  );
  assert.equal(registrationCacheFileName(session), "028d174d501d57525f890b8910d6731e38c6a2f9.json");
});

test("registration cache key: scopes not configured is null; non-ASCII and escapes as Python writes them", () => {
  const session = {
    name: 'Ünïcode "q" \\ \t 😀 \x7f',
    startUrl: "https://example.com/start#x",
    region: "us-east-1",
  };
  assert.equal(
    registrationCacheKeySource(session),
    '{"region": "us-east-1", "scopes": null, "session_name": "\\u00dcn\\u00efcode \\"q\\" \\\\ \\t \\ud83d\\ude00 \\u007f", "startUrl": "https://example.com/start#x", "tool": "botocore"}',
  );
  assert.equal(registrationCacheFileName(session), "02f2a4bd6ec3914e866bcebe75cbc42655f9bad5.json");
});

test("an empty configured scope list stays a list (not null)", () => {
  const src = registrationCacheKeySource({ name: "s", startUrl: "u", region: "r", scopes: [] });
  assert.match(src, /"scopes": \[\]/);
});

test("pythonJsonDumps: insertion order unless sortKeys, integers, booleans, nested lists", () => {
  assert.equal(pythonJsonDumps({ b: 1, a: [true, false, null] }), '{"b": 1, "a": [true, false, null]}');
  assert.equal(pythonJsonDumps({ b: 1, a: "x" }, { sortKeys: true }), '{"a": "x", "b": 1}');
  assert.equal(pythonJsonDumps("\u0001\b\f\n\r"), '"\\u0001\\b\\f\\n\\r"');
  assert.throws(() => pythonJsonDumps(1.5));
});
