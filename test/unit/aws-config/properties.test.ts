import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { applyManagedProfiles, type ManagedProfile } from "../../../src/local/aws-config/apply.ts";
import { parseConfigFile, serializeConfig } from "../../../src/local/aws-config/parse.ts";
import { configFile } from "./arbitraries.ts";

const bytes = (s: string) => Buffer.from(s, "utf8");
const SESSIONS = [
  { name: "acme", startUrl: "https://acme.awsapps.com/start", region: "eu-central-1" },
  { name: "other", startUrl: "https://other.awsapps.com/start", region: "us-east-1" },
];
const profileArb: fc.Arbitrary<ManagedProfile> = fc.record({
  name: fc.constantFrom("dev", "prod", "terraform-dev", "terraform-prod", "mine", "x", "default", "new-one"),
  accountId: fc.constantFrom("111111111111", "222222222222"),
  roleName: fc.constantFrom("terraform-core", "ReadOnly"),
  region: fc.option(fc.constantFrom("eu-central-1", "us-east-1"), { nil: undefined }),
  output: fc.option(fc.constant("json"), { nil: undefined }),
});
const request = fc.record({
  session: fc.constantFrom(...SESSIONS),
  profiles: fc.array(profileArb, { maxLength: 4 }),
  prune: fc.boolean(),
});

/** The file with every managed block (markers included) cut out. */
function outsideBlocks(text: string): string {
  const model = parseConfigFile(text);
  const inBlock = new Set<number>();
  for (const b of model.blocks) for (let i = b.begin; i <= b.end; i++) inBlock.add(i);
  return serializeConfig({ lines: model.lines.filter((_, i) => !inBlock.has(i)) });
}

/** The text of every managed block except `except`'s, by session. */
function blocksOf(text: string, except: string): Record<string, string> {
  const model = parseConfigFile(text);
  const out: Record<string, string> = {};
  for (const b of model.blocks) {
    if (b.session !== except) out[b.session] = serializeConfig({ lines: model.lines.slice(b.begin, b.end) });
  }
  return out;
}

describe("aws-config properties", () => {
  it("parse → serialise is the identity on any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => serializeConfig(parseConfigFile(s)) === s),
      { numRuns: 500 },
    );
  });

  it("parse → serialise is byte-exact on messy generated files, valid or not", () => {
    fc.assert(
      fc.property(configFile({ invalid: true }), (s) => {
        assert.ok(bytes(serializeConfig(parseConfigFile(s))).equals(bytes(s)));
      }),
      { numRuns: 300 },
    );
  });

  it("editing keeps everything outside the blocks byte for byte, stays parseable and is idempotent", () => {
    const valid = configFile({ invalid: false }).filter((s) => parseConfigFile(s).problems.length === 0);
    fc.assert(
      fc.property(valid, fc.array(request, { minLength: 1, maxLength: 4 }), (user, requests) => {
        let text = user;
        for (const req of requests) {
          const before = text;
          const r = applyManagedProfiles(parseConfigFile(text), req);
          const after = parseConfigFile(r.text);
          assert.deepEqual(after.problems, [], r.text);
          // Outside the blocks nothing changes; only the first append adds a newline and a blank line.
          const outBefore = outsideBlocks(before);
          const outAfter = outsideBlocks(r.text);
          assert.ok(outAfter.startsWith(outBefore), `${outBefore}\n---\n${outAfter}`);
          assert.ok(outAfter.length - outBefore.length <= 4);
          // Other sessions' blocks are untouched, whatever was asked.
          assert.deepEqual(blocksOf(r.text, req.session.name), blocksOf(before, req.session.name));
          for (const c of r.conflicts)
            assert.notEqual(c.reason === "other-session" && c.otherSession, req.session.name);
          const again = applyManagedProfiles(after, req);
          assert.equal(again.text, r.text);
          text = r.text;
        }
        assert.ok(bytes(text).subarray(0, bytes(user).length).equals(bytes(user)));
      }),
      { numRuns: 200 },
    );
  });
});
