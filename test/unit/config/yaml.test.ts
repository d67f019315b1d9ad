import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cfg, problem, problems } from "./helpers.ts";

describe("config: YAML problems", () => {
  it("reports a syntax error at its position", () => {
    const text = cfg("accounts: [dev, prod\nusers: {}\n");
    const p = problem(text);
    assert.match(p, /^keyless\.yaml:5:1: YAML syntax error: /);
    assert.match(p, /Flow sequence/);
  });

  it("reports tabs used as indentation", () => {
    assert.match(
      problem("version: 1\nidentityCenter:\n\tregion: eu-central-1\n"),
      /^keyless\.yaml:3:1: YAML syntax error: Tabs/,
    );
  });

  it("reports duplicate keys as duplicate names, and still checks the rest of the file", () => {
    const text = cfg(
      ["users:", "  dave: { external: true }", "  dave: { external: true }", "prune:", "  enabld: true"].join(
        "\n",
      ),
    );
    assert.deepEqual(problems(text), [
      'keyless.yaml:6:3: duplicate key "dave": each name may appear only once at this level; merge the entries or rename one',
      'keyless.yaml:8:3: prune: unknown key "enabld"; did you mean "enabled"?',
    ]);
  });

  it("reports several documents in one file", () => {
    assert.match(
      problem(`${cfg("")}---\nversion: 1\n`),
      /^keyless\.yaml:4:1: YAML syntax error: Source contains multiple documents/,
    );
  });

  it("reports an alias with no anchor", () => {
    assert.match(
      problem(cfg("prune:\n  groups: *nothing\n")),
      /^keyless\.yaml:5:11: cannot read the document: .*nothing/,
    );
  });

  it("rejects an empty file", () => {
    assert.deepEqual(problems("# nothing yet\n"), [
      "keyless.yaml:1:1: the file is empty; start from `keyless init` or see docs/config.md",
    ]);
  });

  it("rejects a top level that is not a mapping", () => {
    assert.deepEqual(problems("- version: 1\n"), [
      "keyless.yaml:1:1: expected a mapping of settings at the top level, got a list",
    ]);
  });
});
