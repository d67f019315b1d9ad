// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform writes ${...} in plain strings
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseHcl } from "../../../src/local/terraform/hcl.ts";
import {
  type JsonNode,
  JsonSyntaxError,
  lineIndex,
  readJson,
} from "../../../src/local/terraform/hcl-json-reader.ts";

const MAIN_TF_JSON = `{
  "//": "written by a generator",
  "terraform": {
    "required_version": ">= 1.6",
    "backend": {
      "s3": {
        "bucket": "keyless-tfstate-111111111111",
        "encrypt": true
      }
    }
  },
  "provider": {
    "aws": [
      { "region": "eu-central-1" },
      { "alias": "us", "region": "\${var.us_region}" }
    ]
  },
  "resource": {
    "aws_s3_bucket": {
      "logs": {
        "bucket": "logs",
        "tags": { "team": "data" },
        "lifecycle": { "prevent_destroy": true }
      },
      "assets": { "bucket": "$\${not-interpolated}" }
    }
  },
  "data": { "aws_caller_identity": { "current": {} } },
  "module": { "vpc": { "source": "./modules/vpc", "count": 2 } }
}
`;

describe("parseHcl (.tf.json)", () => {
  it("maps Terraform's JSON syntax to the same blocks, with positions of each block's key", async () => {
    const r = await parseHcl(MAIN_TF_JSON, "main.tf.json");
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      r.blocks.map((b) => [b.type, b.labels, b.line, b.column]),
      [
        ["terraform", [], 3, 3],
        ["provider", ["aws"], 14, 7],
        ["provider", ["aws"], 15, 7],
        ["resource", ["aws_s3_bucket", "logs"], 20, 7],
        ["resource", ["aws_s3_bucket", "assets"], 25, 7],
        ["data", ["aws_caller_identity", "current"], 28, 38],
        ["module", ["vpc"], 29, 15],
      ],
    );
  });

  it("reads nested backend and lifecycle blocks; other objects are attributes", async () => {
    const r = await parseHcl(MAIN_TF_JSON, "main.tf.json");
    const tf = r.blocks[0]!;
    assert.deepEqual(
      tf.attributes.map((a) => [a.name, a.value]),
      [["required_version", ">= 1.6"]],
    );
    const backend = tf.blocks[0]!;
    assert.deepEqual([backend.type, backend.labels, backend.line, backend.column], ["backend", ["s3"], 6, 7]);
    assert.deepEqual(
      backend.attributes.map((a) => [a.name, a.value, a.line, a.column]),
      [
        ["bucket", "keyless-tfstate-111111111111", 7, 9],
        ["encrypt", true, 8, 9],
      ],
    );
    const logs = r.blocks[3]!;
    assert.deepEqual(
      logs.blocks.map((b) => b.type),
      ["lifecycle"],
    );
    const tags = logs.attributes.find((a) => a.name === "tags")!;
    assert.equal(tags.valueText, '{ "team": "data" }');
    assert.equal(tags.value, undefined);
  });

  it("treats strings as templates: interpolations have no value, $${ is a literal ${", async () => {
    const r = await parseHcl(MAIN_TF_JSON, "main.tf.json");
    const usRegion = r.blocks[2]!.attributes.find((a) => a.name === "region")!;
    assert.equal(usRegion.value, undefined);
    assert.equal(usRegion.valueText, '"${var.us_region}"');
    assert.equal(r.blocks[4]!.attributes[0]!.value, "${not-interpolated}");
    assert.equal(r.blocks[6]!.attributes.find((a) => a.name === "count")!.value, 2);
  });

  it("reports JSON syntax errors with their position", async () => {
    const cases: [string, number, number, RegExp][] = [
      ['{\n  "resource": {\n    "a": 1,\n  }\n}', 4, 3, /expected a property name/],
      ['{\n  "a": "unterminated\n}', 2, 8, /unterminated string/],
      ['{ "a": tru }', 1, 8, /expected a value/],
      ['{ "a": 1 } extra', 1, 12, /after the end of the document/],
      ['{ "a": "\\q" }', 1, 8, /invalid escape/],
      ["", 1, 1, /expected a value, found end of file/],
    ];
    for (const [text, line, column, message] of cases) {
      const r = await parseHcl(text, "bad.tf.json");
      assert.equal(r.errors.length, 1, text);
      assert.deepEqual([r.errors[0]!.line, r.errors[0]!.column], [line, column], text);
      assert.match(r.errors[0]!.message, message);
      assert.deepEqual(r.blocks, []);
    }
  });

  it("reports a valid JSON document that is not Terraform's shape, and keeps the rest", async () => {
    const r = await parseHcl('{\n  "resource": "nope",\n  "locals": { "a": 1 }\n}', "shape.tf.json");
    assert.deepEqual(r.errors, [
      { line: 2, column: 15, message: '"resource" must be an object keyed by resource label' },
    ]);
    assert.deepEqual(
      r.blocks.map((b) => [b.type, b.attributes.map((a) => a.name)]),
      [["locals", ["a"]]],
    );
    const items = await parseHcl('{"provider": {"aws": [{"region": "r"}, 7]}}', "items.tf.json");
    assert.deepEqual(items.errors, [
      { line: 1, column: 40, message: 'the body of provider block "aws" must be an object' },
    ]);
    assert.equal(items.blocks.length, 1);
    const list = await parseHcl("[1, 2]", "list.tf.json");
    assert.deepEqual(list.errors, [
      { line: 1, column: 1, message: "a Terraform JSON file must contain one object" },
    ]);
  });
});

/** The plain value of a positioned node, to compare with JSON.parse. */
function plain(node: JsonNode): unknown {
  switch (node.kind) {
    case "object":
      return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
    case "array":
      return node.items.map(plain);
    case "null":
      return null;
    default:
      return node.value;
  }
}

describe("readJson", () => {
  it("reads every JSON document exactly as JSON.parse does", () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        assert.deepEqual(plain(readJson(text)), JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it("rejects what JSON.parse rejects", () => {
    for (const text of ["{", "[1,]", "{'a': 1}", "01", "1.", "-", '"a\nb"', "nul", "{} {}", '{"a" 1}']) {
      assert.throws(() => JSON.parse(text));
      assert.throws(() => readJson(text), JsonSyntaxError, text);
    }
  });

  it("converts offsets to 1-based line and column", () => {
    const at = lineIndex("ab\ncd\n\nef");
    assert.deepEqual(
      [at(0), at(1), at(3), at(6), at(7), at(8)],
      [
        { line: 1, column: 1 },
        { line: 1, column: 2 },
        { line: 2, column: 1 },
        { line: 3, column: 1 },
        { line: 4, column: 1 },
        { line: 4, column: 2 },
      ],
    );
  });
});
