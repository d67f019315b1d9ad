import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { loadConfig } from "../../../src/config/load.ts";
import { decodeUtf8Strict, firstInvalidByte, NotUtf8Error } from "../../../src/config/utf8.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";
import { cfg, FILE, files, problem } from "./helpers.ts";

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));

/** The CONFIG_INVALID details loadConfig gives for a file holding these bytes. */
async function loadProblems(dir: string, content: Buffer): Promise<string[]> {
  const path = join(dir, "keyless.yaml");
  writeFileSync(path, content);
  try {
    await loadConfig(path);
  } catch (e) {
    assert.ok(e instanceof KeylessError, String(e));
    assert.equal(e.code, "CONFIG_INVALID");
    assert.equal(e.message, `${path} is not valid: ${e.details.length} problem(s)`);
    assert.match(e.hint ?? "", /keyless validate/);
    return e.details.map((d) => d.replace(path, FILE));
  }
  assert.fail("expected the file to be refused");
}

describe("config: strict UTF-8", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "keyless-utf8-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a Latin-1 group name at the line and column of the first bad byte (not a group named g\\uFFFD)", async () => {
    // "gé" saved as Latin-1: 0xE9 is not UTF-8.
    const content = bytes(cfg("groups:\n  g"), [0xe9, 0xe9], ": {}\n");
    assert.deepEqual(await loadProblems(dir, content), [
      `${FILE}:5:4: the file is not valid UTF-8 (byte 0xe9 at offset 61 does not start a valid UTF-8 character); it was probably saved in another encoding such as Latin-1 or Windows-1252: save it as UTF-8`,
    ]);
  });

  it("counts the column in characters of the valid text before the bad byte", async () => {
    const [d] = await loadProblems(dir, bytes(cfg("groups:\n  ünï "), [0xff], ": {}\n"));
    assert.match(d ?? "", /^keyless\.yaml:5:7: .*byte 0xff/);
  });

  it("points at the start of a character cut short, overlong forms and surrogates", async () => {
    const head = cfg("groups:\n  x");
    for (const bad of [[0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80]]) {
      const [d] = await loadProblems(dir, bytes(head, bad, ": {}\n"));
      const hex = bad[0]!.toString(16);
      assert.match(
        d ?? "",
        new RegExp(`^keyless\\.yaml:5:4: the file is not valid UTF-8 \\(byte 0x${hex} `),
        hex,
      );
    }
  });

  it("does not count a byte-order mark as a column", async () => {
    const [d] = await loadProblems(dir, bytes([0xef, 0xbb, 0xbf], "ver", [0xff], "sion: 1\n"));
    assert.match(d ?? "", /^keyless\.yaml:1:4: /);
  });

  it("still reads a UTF-8 file with a byte-order mark", async () => {
    const path = join(dir, "keyless.yaml");
    writeFileSync(path, bytes([0xef, 0xbb, 0xbf], cfg("groups:\n  Café: {}\n")));
    const loaded = await loadConfig(path);
    assert.deepEqual(
      loaded.desired.groups.map((g) => g.name),
      ["Café"],
    );
  });

  it("refuses a policy file that is not UTF-8, at its own line and column", () => {
    const policy = bytes('{\n  "Version": "2012-10-17",\n  "Statement": [{"Sid": "', [0xe9], '"}]\n}\n');
    const readFile = (p: string) => {
      if (p.endsWith("/p.json")) return decodeUtf8Strict(policy);
      return files({})(p);
    };
    assert.equal(
      problem(cfg("permissionSets:\n  ps: { inlinePolicy: p.json }\n"), readFile),
      "p.json:3:26: permissionSets.ps.inlinePolicy: policy file p.json: the file is not valid UTF-8 (byte 0xe9 at offset 54 does not start a valid UTF-8 character); it was probably saved in another encoding such as Latin-1 or Windows-1252: save it as UTF-8",
    );
  });
});

describe("config: firstInvalidByte", () => {
  it("agrees with a fatal TextDecoder on any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
        const at = firstInvalidByte(b);
        let valid = true;
        try {
          new TextDecoder("utf-8", { fatal: true }).decode(b);
        } catch {
          valid = false;
        }
        assert.equal(at === b.length, valid);
        // Everything before the reported byte is valid UTF-8 on its own.
        new TextDecoder("utf-8", { fatal: true }).decode(b.subarray(0, at));
      }),
      { numRuns: 2000 },
    );
  });

  it("finds nothing wrong in any well-formed text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (s) => {
        const b = Buffer.from(s, "utf8");
        assert.equal(firstInvalidByte(b), b.length);
      }),
    );
  });

  it("throws NotUtf8Error with line and column", () => {
    assert.throws(
      () => decodeUtf8Strict(bytes("a\nbc", [0xfe])),
      (e: unknown) => e instanceof NotUtf8Error && e.line === 2 && e.col === 3 && e.offset === 4,
    );
  });
});
