import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatJsonPath, lintPolicyText, parseJsonPath } from "../../../src/policy/index.ts";
import {
  JsonSyntaxError,
  offsetOfPath,
  parseJsonWithPositions,
  positionOf,
} from "../../../src/policy/json-position.ts";

const TEXT = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:GetObjekt"],
      "Resource": "*",
      "Condition": { "StringEquals": { "aws:RequestedRegoin": "eu-central-1" } }
    }
  ]
}
`;

const at = (text: string, path: string, where: "key" | "value" = "value") => {
  const parsed = parseJsonWithPositions(text);
  return positionOf(text, offsetOfPath(parsed, parseJsonPath(path)!, where));
};

describe("JSON paths", () => {
  it("formats and parses back", () => {
    const cases: [(string | number)[], string][] = [
      [[], ""],
      [["Statement", 2, "Action", 0], "Statement[2].Action[0]"],
      [
        ["Statement", "Condition", "StringEquals", "aws:RequestedRegion"],
        'Statement.Condition.StringEquals["aws:RequestedRegion"]',
      ],
      [["ForAnyValue:StringLike", 'we"ird'], '["ForAnyValue:StringLike"]["we\\"ird"]'],
    ];
    for (const [segments, text] of cases) {
      assert.equal(formatJsonPath(segments), text);
      assert.deepEqual(parseJsonPath(text), segments);
    }
    assert.equal(parseJsonPath("Statement[x]"), undefined);
    assert.equal(parseJsonPath(".a"), undefined);
  });
});

describe("JSON position mapper", () => {
  it("parses what JSON.parse parses", () => {
    assert.deepEqual(parseJsonWithPositions(TEXT).value, JSON.parse(TEXT));
    for (const t of [
      '"x"',
      "1.5e3",
      "-0",
      "[true,false,null]",
      '{"a":{"b":[]}}',
      '\ufeff{"a":1}',
      '"\\u00e9\\n"',
    ]) {
      assert.deepEqual(parseJsonWithPositions(t).value, JSON.parse(t.replace(/^\ufeff/, "")), t);
    }
  });

  it("gives 1-based line and column of values and keys", () => {
    assert.deepEqual(at(TEXT, ""), { line: 1, col: 1 });
    assert.deepEqual(at(TEXT, "Version"), { line: 2, col: 14 });
    assert.deepEqual(at(TEXT, "Version", "key"), { line: 2, col: 3 });
    assert.deepEqual(at(TEXT, "Statement[0]"), { line: 4, col: 5 });
    assert.deepEqual(at(TEXT, "Statement[0].Action[1]"), { line: 6, col: 34 });
    assert.deepEqual(at(TEXT, 'Statement[0].Condition.StringEquals["aws:RequestedRegoin"]', "key"), {
      line: 8,
      col: 40,
    });
  });

  it("points at the closest existing ancestor for a missing element", () => {
    assert.deepEqual(at(TEXT, "Statement[0].Sid"), { line: 4, col: 5 });
    assert.deepEqual(at(TEXT, "Statement[3].Effect"), { line: 3, col: 3 }, "the key of the closest member");
  });

  it("reports syntax errors with their position", () => {
    for (const [text, line, col] of [
      ['{\n  "a": 1,\n}', 3, 1],
      ['{"a" 1}', 1, 6],
      ["[1, 2", 1, 6],
      ['{"a": "b', 1, 7],
      ["{} x", 1, 4],
      ["", 1, 1],
    ] as const) {
      assert.throws(
        () => parseJsonWithPositions(text),
        (e: unknown) => {
          assert.ok(e instanceof JsonSyntaxError, text);
          assert.deepEqual(positionOf(text, e.offset), { line, col }, text);
          return true;
        },
      );
    }
  });

  it("locates lint findings in the text", () => {
    const found = lintPolicyText(TEXT).map((f) => `${f.line}:${f.col} ${f.code}`);
    assert.deepEqual(found, ["6:34 action/unknown", "8:40 condition/unknown-key"]);
    assert.deepEqual(
      lintPolicyText('{"Version": "2012-10-17",\n "Statement": [}').map(
        (f) => `${f.line}:${f.col} ${f.code}`,
      ),
      ["2:16 json/syntax"],
    );
  });
});
