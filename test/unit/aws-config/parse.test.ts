import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseConfigFile, serializeConfig, splitLines } from "../../../src/local/aws-config/parse.ts";
import { classifyHeader, shlexSplit } from "../../../src/local/aws-config/section-name.ts";
import { MESSY_VALID, NASTY } from "./fixtures.ts";

const roundTrip = (text: string) => serializeConfig(parseConfigFile(text));
const kinds = (text: string) => parseConfigFile(text).lines.map((l) => l.kind);
const problemLines = (text: string) => parseConfigFile(text).problems.map((p) => p.lineNo);

describe("aws-config parse: lossless", () => {
  for (const [name, text] of Object.entries({ messy: MESSY_VALID, ...NASTY })) {
    it(`round-trips "${name}" byte for byte`, () => {
      assert.ok(Buffer.from(roundTrip(text), "utf8").equals(Buffer.from(text, "utf8")));
    });
  }

  it("keeps each line's own terminator and no phantom last line", () => {
    assert.deepEqual(splitLines("a\r\nb\nc"), [
      { text: "a", eol: "\r\n" },
      { text: "b", eol: "\n" },
      { text: "c", eol: "" },
    ]);
    assert.deepEqual(splitLines("a\n"), [{ text: "a", eol: "\n" }]);
    assert.deepEqual(splitLines(""), []);
    assert.deepEqual(splitLines("\r\n"), [{ text: "", eol: "\r\n" }]);
  });

  it("picks the majority line ending for new lines", () => {
    assert.equal(parseConfigFile(NASTY["CRLF everywhere"]!).eol, "\r\n");
    assert.equal(parseConfigFile("[a]\r\nb = c\nd = e\n").eol, "\n");
    assert.equal(parseConfigFile("").eol, "\n");
  });
});

describe("aws-config parse: reads the file as botocore does", () => {
  it("classifies every line of the messy file and finds no problem", () => {
    const model = parseConfigFile(MESSY_VALID);
    assert.deepEqual(model.problems, []);
    assert.deepEqual(
      model.sections.map((s) => [s.header.kind, s.header.name]),
      [
        ["default", "default"],
        ["profile", "spaced-name"],
        ["profile", "personal"],
        ["services", "local-stack"],
        ["sso-session", "corp"],
        ["profile", "corp-admin"],
        ["other", "preview"],
      ],
    );
    const services = model.sections[3]!;
    assert.equal(
      services.values["s3"],
      "\nendpoint_url = http://localhost:4566\naddressing_style = path\n\nregion = us-east-1",
    );
    assert.equal(services.values["dynamodb"], "\nendpoint_url = http://localhost:8000");
    assert.equal(model.sections[2]!.values["role_arn"], "arn:aws:iam::123456789012:role/ünicode-rolé");
    assert.equal(model.sections[0]!.values["output"], "json");
  });

  it("treats indented lines after a key as its continuation, even a [header]", () => {
    assert.deepEqual(kinds("[a]\nk = v\n  [profile x]\n"), ["section", "key", "continuation"]);
    assert.deepEqual(kinds("[a]\n  [profile x]\n"), ["section", "section"]);
    // blank lines and comments do not end a nested block
    assert.deepEqual(kinds("[s]\ns3 =\n\n# c\n  x = 1\n"), [
      "section",
      "key",
      "blank",
      "comment",
      "continuation",
    ]);
  });

  it("gives nested lines their sub-key", () => {
    const model = parseConfigFile(NASTY["services nested"]!);
    assert.deepEqual(
      model.lines.filter((l) => l.kind === "continuation").map((l) => l.key),
      [
        { name: "endpoint_url", value: "http://a" },
        { name: "addressing_style", value: "path" },
        { name: "endpoint_url", value: "http://b" },
      ],
    );
  });

  it("lower-cases key names and accepts ':' as a delimiter", () => {
    const model = parseConfigFile("[a]\nRegion: eu-west-1\nurl = https://x:1/y\n");
    assert.deepEqual(model.sections[0]!.values, { region: "eu-west-1", url: "https://x:1/y" });
  });

  it("records what botocore rejects, with line numbers", () => {
    assert.deepEqual(problemLines(NASTY["duplicate sections"]!), [3, 4]); // the section, then its repeated key
    assert.deepEqual(problemLines(NASTY["duplicate keys"]!), [3]);
    assert.deepEqual(problemLines(NASTY["key before section"]!), [1]);
    assert.deepEqual(problemLines(NASTY["not a key line"]!), [2]);
    assert.deepEqual(problemLines("[s]\ns3 =\n  no equals here\n"), [3]);
    assert.deepEqual(problemLines("[a]\n= value\n"), [2]);
    assert.deepEqual(problemLines(NASTY["stray CR"]!), [1]);
    assert.deepEqual(problemLines("[profile __proto__]\n"), [1]);
    assert.deepEqual(problemLines(MESSY_VALID), []);
  });
});

describe("aws-config parse: section headers", () => {
  it("splits like POSIX shlex", () => {
    assert.deepEqual(shlexSplit("profile   a"), ["profile", "a"]);
    assert.deepEqual(shlexSplit('profile "a b"'), ["profile", "a b"]);
    assert.deepEqual(shlexSplit("profile 'a'b"), ["profile", "ab"]);
    assert.deepEqual(shlexSplit('profile "a\\"b\\x"'), ["profile", 'a"b\\x']);
    assert.deepEqual(shlexSplit("profile a\\ b"), ["profile", "a b"]);
    assert.equal(shlexSplit('profile "a'), undefined);
    assert.equal(shlexSplit("profile a\\"), undefined);
  });

  it("recognises the four kinds like build_profile_map", () => {
    const c = (raw: string) => {
      const h = classifyHeader(raw);
      return `${h.kind}:${h.name}`;
    };
    assert.equal(c("default"), "default:default");
    assert.equal(c("default "), "other:default ");
    assert.equal(c("profile dev"), "profile:dev");
    assert.equal(c("profile \t dev"), "profile:dev");
    assert.equal(c(" profile dev "), "other: profile dev ");
    assert.equal(c("profile"), "other:profile");
    assert.equal(c("profile a b"), "other:profile a b");
    assert.equal(c("profilex dev"), "profile:dev");
    assert.equal(c("sso-session acme"), "sso-session:acme");
    assert.equal(c("services local"), "services:local");
    assert.equal(c("plugins"), "other:plugins");
  });

  it("reads a header with trailing text as configparser does", () => {
    const model = parseConfigFile(NASTY["inline comment header"]!);
    assert.equal(model.sections[0]!.header.name, "g");
  });
});

describe("aws-config parse: managed blocks", () => {
  const block = (s: string) =>
    `# BEGIN keyless managed block: sso-session ${s} (do not edit inside; keyless configure rewrites it)\n[sso-session ${s}]\nsso_region = eu-west-1\n# END keyless managed block: sso-session ${s}\n`;

  it("finds blocks and which sections sit in them", () => {
    const model = parseConfigFile(
      `[default]\nregion = x\n${block("a")}[profile mine]\nregion = y\n${block("b")}`,
    );
    assert.deepEqual(model.problems, []);
    assert.deepEqual(
      model.blocks.map((b) => [b.session, b.begin, b.end]),
      [
        ["a", 2, 5],
        ["b", 8, 11],
      ],
    );
    assert.deepEqual(
      model.sections.map((s) => s.block),
      [undefined, "a", undefined, "b"],
    );
  });

  it("flags a BEGIN without END, END without BEGIN, mismatched and nested markers", () => {
    const begin =
      "# BEGIN keyless managed block: sso-session a (do not edit inside; keyless configure rewrites it)";
    const end = (s: string) => `# END keyless managed block: sso-session ${s}`;
    assert.deepEqual(problemLines(`[default]\n${begin}\n[sso-session a]\n`), [2]);
    assert.deepEqual(problemLines(`[default]\n${end("a")}\n`), [2]);
    assert.deepEqual(problemLines(`${begin}\n[sso-session a]\n${end("b")}\n`), [3]);
    assert.deepEqual(problemLines(`${begin}\n${begin}\n[sso-session a]\n${end("a")}\n`), [1]);
    const twice = parseConfigFile(`${block("a")}${block("a")}`).problems.map((p) => p.message);
    assert.ok(twice.includes("second keyless managed block for sso-session a"), twice.join("; "));
    assert.deepEqual(problemLines("[default]\n# END keyless block of mine\n"), [2]);
  });

  it("flags keys that cross a block boundary", () => {
    // a key after END belongs to the block's last section
    assert.deepEqual(problemLines(`${block("a")}region = x\n`), [5]);
    // a key right after BEGIN belongs to the section before the block
    const begin = "# BEGIN keyless managed block: sso-session a (x)";
    assert.deepEqual(
      problemLines(
        `[default]\n${begin}\nregion = x\n[sso-session a]\n# END keyless managed block: sso-session a\n`,
      ),
      [3],
    );
  });

  it("leaves ordinary comments mentioning keyless alone", () => {
    assert.deepEqual(problemLines("# keyless managed block is below\n[default]\n"), []);
  });
});

describe("aws-config parse: a byte-order mark", () => {
  it("is a problem on line 1 that says botocore cannot read the file, and how to remove it", () => {
    const model = parseConfigFile("\uFEFF[default]\nregion = eu-west-1\n", { path: "/home/u/.aws/config" });
    assert.equal(model.problems.length, 1);
    const [p] = model.problems;
    assert.equal(p?.lineNo, 1);
    assert.match(p?.message ?? "", /byte-order mark \(BOM\)/);
    assert.match(p?.message ?? "", /botocore .* cannot read it: it stops with "Unable to parse config file"/);
    assert.match(p?.message ?? "", /sed -i '1s\/\^\\xEF\\xBB\\xBF\/\/' \/home\/u\/\.aws\/config$/);
  });

  it("quotes a path with spaces in the suggested command", () => {
    const [p] = parseConfigFile("\uFEFF[default]\n", { path: "/tmp/my dir/config" }).problems;
    assert.match(p?.message ?? "", / '\/tmp\/my dir\/config'$/);
  });

  it("is only about the start of the file: U+FEFF elsewhere is left to the other checks", () => {
    assert.deepEqual(problemLines("[default]\nregion = a\uFEFF\n"), []);
  });
});
