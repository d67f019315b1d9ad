/**
 * The recorder's pure parts: what it keeps of a request (signing scope, headers, bodies, the ids an
 * EC2 create answered with), how it makes a recording reproducible, and the fixture text format.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type CallFixture,
  callShape,
  fixtureText,
  type RecordedCall,
} from "../../helpers/terraform-calls-format.ts";
import { normalizeIds } from "../../helpers/terraform-calls-normalize.ts";
import {
  createdIds,
  keptHeaders,
  MAX_VALUE,
  recordBody,
  signingScope,
} from "../../helpers/terraform-calls-proxy.ts";

describe("what the recording proxy keeps", () => {
  it("the signing access key, region and service come from the Authorization header", () => {
    assert.deepEqual(
      signingScope(
        "AWS4-HMAC-SHA256 Credential=AKIAKEYLESSBACKEND00/20250101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=ab",
      ),
      { accessKeyId: "AKIAKEYLESSBACKEND00", region: "us-east-1", service: "iam" },
    );
    assert.equal(signingScope(undefined), undefined);
    assert.equal(signingScope("Bearer x"), undefined);
  });

  it("headers: condition-bearing x-amz-* and conditional-write headers, not signature noise", () => {
    assert.deepEqual(
      keptHeaders({
        "x-amz-date": "20250101T000000Z",
        "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
        "x-amz-security-token": "secret",
        "x-amz-checksum-crc32": "abc",
        "x-amz-server-side-encryption": "aws:kms",
        "x-amz-target": "DynamoDB_20120810.PutItem",
        "if-none-match": "*",
        "content-type": "application/json",
        authorization: "AWS4-HMAC-SHA256 ...",
        "user-agent": "terraform",
      }),
      {
        "content-type": "application/json",
        "if-none-match": "*",
        "x-amz-server-side-encryption": "aws:kms",
        "x-amz-target": "DynamoDB_20120810.PutItem",
      },
    );
  });

  it("bodies: query forms as parameters, JSON parsed with long strings shortened, S3 objects by size", () => {
    assert.deepEqual(
      recordBody(
        "application/x-www-form-urlencoded; charset=utf-8",
        Buffer.from("Action=DescribeVpcs&VpcId.1=vpc-1"),
        false,
      ),
      {
        form: { Action: "DescribeVpcs", "VpcId.1": "vpc-1" },
      },
    );
    const zip = "A".repeat(MAX_VALUE + 1);
    assert.deepEqual(
      recordBody("application/json", Buffer.from(JSON.stringify({ Code: { ZipFile: zip } })), false),
      {
        json: { Code: { ZipFile: `<${MAX_VALUE + 1} chars>` } },
      },
    );
    assert.deepEqual(recordBody("application/json", Buffer.from('{"version":4}'), true), { size: 13 });
    assert.deepEqual(recordBody("application/xml", Buffer.from("<Tagging/>"), false), { text: "<Tagging/>" });
    assert.equal(recordBody("application/xml", Buffer.alloc(0), false), undefined);
  });

  it("an EC2 create's answer: the ids it names, once each; other calls and failures: none", () => {
    const create: RecordedCall = {
      method: "POST",
      path: "/",
      query: {},
      signer: "provider",
      region: "eu-central-1",
      service: "ec2",
      headers: {},
      status: 200,
      body: { form: { Action: "CreateSubnet", VpcId: "vpc-0a1b2c3d" } },
    };
    const xml = Buffer.from(
      "<subnet><subnetId>subnet-0123456789abcdef0</subnetId><vpcId>vpc-0a1b2c3d</vpcId></subnet><x>vpc-0a1b2c3d</x>",
    );
    assert.deepEqual(createdIds(create, xml), ["subnet-0123456789abcdef0", "vpc-0a1b2c3d"]);
    assert.deepEqual(createdIds({ ...create, body: { form: { Action: "DescribeSubnets" } } }, xml), []);
    assert.deepEqual(createdIds({ ...create, status: 400 }, xml), []);
  });
});

describe("a reproducible recording", () => {
  it("generated ids become counters in order of first appearance, the same id the same everywhere", () => {
    const out = normalizeIds({
      a: "arn:aws:kms:eu-central-1:1:key/3f2a9c1e-7b4d-4e8a-9c0d-112233445566",
      b: ["vpc-0a1b2c3d4e5f60718", "subnet-9f8e7d6c", "vpc-0a1b2c3d4e5f60718"],
      c: "ClientToken terraform-20261206203948353200000001",
      d: '{"Who":"alice@laptop","Created":"2026-12-06T20:28:57.661150494Z"}',
      e: { Digest: { S: "b7ab1752ce5b38765e945aa68a74d5fb" } },
      f: "db-M5ENSHXFPU6XHZ4G4ZEI5QIO2U",
    });
    assert.deepEqual(out, {
      a: "arn:aws:kms:eu-central-1:1:key/00000000-0000-4000-8000-000000000001",
      b: ["vpc-00000000000000002", "subnet-00000003", "vpc-00000000000000002"],
      c: "ClientToken terraform-00000000000000000000000005",
      d: '{"Who":"someone@build-host","Created":"2000-01-01T00:00:00Z"}',
      e: { Digest: { S: "<md5 of the state>" } },
      f: "db-00000000000000000000000004",
    });
  });

  it("fixture text: indented JSON with one line per call, which reads back the same", () => {
    const call: RecordedCall = {
      method: "GET",
      path: "/b",
      query: { "list-type": "2" },
      signer: "backend",
      region: "eu-central-1",
      service: "s3",
      headers: {},
      status: 200,
    };
    const fixture = {
      stack: "s",
      phases: [{ command: "init", args: [], calls: [call, { ...call, method: "HEAD" }] }],
    } as unknown as CallFixture;
    const text = fixtureText(fixture);
    assert.deepEqual(JSON.parse(text), fixture);
    assert.ok(text.includes(`        ${JSON.stringify(call)},\n`), text);
    assert.equal(callShape(call), "backend s3 GET");
  });
});
