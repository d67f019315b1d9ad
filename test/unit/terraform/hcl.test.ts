// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform writes ${...} in plain strings
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type HclBlock, parseHcl } from "../../../src/local/terraform/hcl.ts";
import { hclParser } from "../../../src/local/terraform/hcl-wasm.ts";

const MAIN_TF = `# Terraform settings
terraform {
  required_version = ">= 1.6"

  backend "s3" {
    bucket       = "keyless-tfstate-111111111111"
    key          = "app/terraform.tfstate" // inline comment
    encrypt      = true
    use_lockfile = true
  }
}

/* A provider
   with a block comment */
provider "aws" {
  region = var.region
}

resource "aws_s3_bucket" "logs" {
  bucket        = "\${var.prefix}-logs"
  force_destroy = false
  count         = 2
  weight        = -1.5

  lifecycle {
    prevent_destroy = true
  }
}

data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["\${aws_s3_bucket.logs.arn}/*"]
  }
}

resource "aws_iam_policy" "read" {
  name   = "read-logs"
  policy = <<-EOT
    {
      "Statement": "$\${literal}"
    }
  EOT
  description = <<EOT
keeps
  indentation
EOT
}

module "vpc" {
  source = "./modules/vpc"
}
`;

function find(blocks: HclBlock[], type: string, ...labels: string[]): HclBlock {
  const b = blocks.find((x) => x.type === type && labels.every((l, i) => x.labels[i] === l));
  assert.ok(b, `block ${type} ${labels.join(" ")} not found`);
  return b;
}

function attr(block: HclBlock, name: string) {
  const a = block.attributes.find((x) => x.name === name);
  assert.ok(a, `attribute ${name} not found in ${block.type}`);
  return a;
}

describe("parseHcl (native syntax)", () => {
  it("reads top-level blocks in file order with labels and 1-based positions", async () => {
    const r = await parseHcl(MAIN_TF, "main.tf");
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      r.blocks.map((b) => [b.type, b.labels, b.line, b.column]),
      [
        ["terraform", [], 2, 1],
        ["provider", ["aws"], 15, 1],
        ["resource", ["aws_s3_bucket", "logs"], 19, 1],
        ["data", ["aws_iam_policy_document", "read"], 30, 1],
        ["resource", ["aws_iam_policy", "read"], 37, 1],
        ["module", ["vpc"], 50, 1],
      ],
    );
    const bucket = find(r.blocks, "resource", "aws_s3_bucket");
    assert.deepEqual([bucket.endLine, bucket.endColumn], [28, 1]);
  });

  it("reads the nested backend block and its literal values", async () => {
    const r = await parseHcl(MAIN_TF, "main.tf");
    const tf = find(r.blocks, "terraform");
    assert.equal(attr(tf, "required_version").value, ">= 1.6");
    assert.equal(tf.blocks.length, 1);
    const backend = tf.blocks[0]!;
    assert.deepEqual([backend.type, backend.labels, backend.line, backend.column], ["backend", ["s3"], 5, 3]);
    assert.deepEqual(
      backend.attributes.map((a) => [a.name, a.value, a.line, a.column]),
      [
        ["bucket", "keyless-tfstate-111111111111", 6, 5],
        ["key", "app/terraform.tfstate", 7, 5],
        ["encrypt", true, 8, 5],
        ["use_lockfile", true, 9, 5],
      ],
    );
  });

  it("keeps references and interpolations as text without a literal value", async () => {
    const r = await parseHcl(MAIN_TF, "main.tf");
    const region = attr(find(r.blocks, "provider", "aws"), "region");
    assert.equal(region.valueText, "var.region");
    assert.equal(region.value, undefined);
    const bucket = find(r.blocks, "resource", "aws_s3_bucket", "logs");
    const name = attr(bucket, "bucket");
    assert.equal(name.valueText, '"${var.prefix}-logs"');
    assert.equal("value" in name, false);
    assert.equal(attr(bucket, "force_destroy").value, false);
    assert.equal(attr(bucket, "count").value, 2);
    assert.equal(attr(bucket, "weight").value, -1.5);
    const statement = find(r.blocks, "data").blocks[0]!;
    assert.equal(attr(statement, "resources").valueText, '["${aws_s3_bucket.logs.arn}/*"]');
    assert.equal(attr(statement, "actions").value, undefined);
  });

  it("resolves heredocs: flush heredocs lose their indentation, $${ becomes ${", async () => {
    const r = await parseHcl(MAIN_TF, "main.tf");
    const policy = find(r.blocks, "resource", "aws_iam_policy");
    assert.equal(attr(policy, "policy").value, '{\n  "Statement": "${literal}"\n}\n');
    assert.equal(attr(policy, "policy").line, 39);
    assert.equal(attr(policy, "description").value, "keeps\n  indentation\n");
    assert.ok(attr(policy, "policy").valueText.startsWith("<<-EOT\n"));
  });

  it("gives no value to a heredoc with an interpolation", async () => {
    const r = await parseHcl('x "y" {\n  a = <<EOT\nhello ${var.name}\nEOT\n}\n', "t.tf");
    assert.deepEqual(r.errors, []);
    assert.equal(r.blocks[0]!.attributes[0]!.value, undefined);
  });

  it("decodes escapes in quoted strings and labels", async () => {
    const src =
      'resource "aws_ssm_parameter" "a\\"b" {\n  value = "tab\\there \\u00e9 $${x} %%{y} \\\\"\n}\n';
    const r = await parseHcl(src, "e.tf");
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.blocks[0]!.labels, ["aws_ssm_parameter", 'a"b']);
    assert.equal(r.blocks[0]!.attributes[0]!.value, "tab\there é ${x} %{y} \\");
  });

  it("accepts identifier labels and empty blocks", async () => {
    const r = await parseHcl("data aws_region current {}\nlocals {\n}\n", "x.tf");
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      r.blocks.map((b) => [b.type, b.labels]),
      [
        ["data", ["aws_region", "current"]],
        ["locals", []],
      ],
    );
  });

  it("reads top-level attributes of .tfbackend / .tfvars files with the generic HCL grammar", async () => {
    const r = await parseHcl(
      'bucket = "b"\nkey    = "k/terraform.tfstate"\nencrypt = true\n',
      "prod.s3.tfbackend",
    );
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      r.attributes.map((a) => [a.name, a.value, a.line]),
      [
        ["bucket", "b", 1],
        ["key", "k/terraform.tfstate", 2],
        ["encrypt", true, 3],
      ],
    );
  });

  it("returns no blocks and no errors for an empty file or a comment-only file", async () => {
    for (const text of ["", "# nothing here\n// nor here\n"]) {
      const r = await parseHcl(text, "empty.tf");
      assert.deepEqual(r, { file: "empty.tf", blocks: [], attributes: [], errors: [] });
    }
  });

  it("loads the grammar once and reuses the parser", async () => {
    const [a, b] = await Promise.all([hclParser("terraform"), hclParser("terraform")]);
    assert.equal(a, b);
    assert.notEqual(await hclParser("hcl"), a);
  });
});

describe("parseHcl (syntax errors)", () => {
  it("reports a block that is never closed, with where it starts, and keeps the other blocks", async () => {
    const src =
      'resource "aws_s3_bucket" "a" {\n  bucket = "a"\n}\n\nresource "aws_sqs_queue" "q" {\n  name = "q"\n';
    const r = await parseHcl(src, "open.tf");
    assert.deepEqual(r.errors, [
      { line: 7, column: 1, message: "syntax error: missing '}' closing the block that starts at 5:1" },
    ]);
    assert.deepEqual(
      r.blocks.map((b) => b.labels[0]),
      ["aws_s3_bucket", "aws_sqs_queue"],
    );
  });

  it("reports an unexpected token at its position", async () => {
    const src = 'resource "x" "y" {\n  a = 1 +\n}\nresource "z" "w" {\n  b = 2\n}\n';
    const r = await parseHcl(src, "op.tf");
    assert.deepEqual(r.errors, [{ line: 2, column: 9, message: "syntax error: unexpected '+'" }]);
    assert.deepEqual(
      r.blocks.map((b) => b.labels[1]),
      ["y", "w"],
    );
  });

  it("reports a stray closing brace", async () => {
    const r = await parseHcl("locals {\n  a = 1\n}\n}\n", "brace.tf");
    assert.deepEqual(r.errors, [{ line: 4, column: 1, message: "syntax error: unexpected '}'" }]);
  });

  it("reports an unterminated string with where it starts", async () => {
    const src = 'resource "x" "y" {\n  a = 1\n}\nresource "z" "w" {\n  b = "abc\n}\n';
    const r = await parseHcl(src, "quote.tf");
    assert.deepEqual(r.errors[0], {
      line: 7,
      column: 1,
      message: "syntax error: missing closing quote of the string that starts at 5:7",
    });
  });

  it("reports an unterminated heredoc", async () => {
    const r = await parseHcl("a = <<EOT\nno end marker\n", "heredoc.tfvars");
    assert.deepEqual(r.errors, [
      { line: 3, column: 1, message: "syntax error: missing end marker of the heredoc that starts at 1:5" },
    ]);
  });

  it("never throws on garbage and always reports something", async () => {
    for (const text of ["}}}", "resource {", '"just a string"', "= = =", "\u0000\u0001"]) {
      const r = await parseHcl(text, "garbage.tf");
      assert.ok(r.errors.length > 0, `no error for ${JSON.stringify(text)}`);
      for (const e of r.errors) assert.ok(e.line >= 1 && e.column >= 1);
    }
  });
});
