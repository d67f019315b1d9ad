import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { stringify } from "yaml";
import { parseConfig } from "../../../src/config/load.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";
import { cfg, files } from "./helpers.ts";

/** Any input either loads or is rejected with CONFIG_INVALID: never another exception. */
function loadsOrIsRejected(text: string): void {
  try {
    parseConfig(text, "keyless.yaml", files({}));
  } catch (e) {
    assert.ok(e instanceof KeylessError, `unexpected ${String(e)}`);
    assert.equal(e.code, "CONFIG_INVALID");
    assert.ok(e.details.length > 0);
    for (const line of e.details) assert.match(line, /^keyless\.yaml:\d+:\d+: /);
  }
}

const sectionKeys = fc.constantFrom(
  "accounts",
  "organizationalUnits",
  "users",
  "groups",
  "permissionSets",
  "assignments",
  "prune",
  "bogus",
);

describe("config: robustness", () => {
  it("never throws anything but CONFIG_INVALID on arbitrary text", () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), loadsOrIsRejected), { numRuns: 300 });
  });

  it("never throws anything but CONFIG_INVALID on arbitrary values in any section", () => {
    fc.assert(
      fc.property(fc.dictionary(sectionKeys, fc.jsonValue({ maxDepth: 4 })), (sections) => {
        loadsOrIsRejected(cfg(stringify(sections)));
      }),
      { numRuns: 300 },
    );
  });
});
