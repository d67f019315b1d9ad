/** Bad input to the generator: every case is a USAGE KeylessError that says what is wrong. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { KeylessError } from "../../../src/errors/keyless-error.ts";
import {
  renderBackendTf,
  renderProviderTf,
  type TerraformFilesParams,
} from "../../../src/local/terraform/files.ts";
import { validateStateKey } from "../../../src/local/terraform/params.ts";

const base: TerraformFilesParams = {
  bucket: "acme-tfstate",
  key: "env/dev/network/terraform.tfstate",
  region: "eu-central-1",
  profile: "dev-terraform",
  locking: "s3",
  encrypt: true,
};

function usageError(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof KeylessError, `expected KeylessError, got ${String(err)}`);
    assert.equal(err.code, "USAGE");
    assert.equal(err.exitCode, 64);
    assert.match(err.message, message);
    assert.ok(err.hint, "has a hint");
    return true;
  });
}

describe("state key", () => {
  const bad: Array<[string, RegExp]> = [
    ["", /empty/],
    ["/env/dev/terraform.tfstate", /starts with "\/"/],
    ["env/dev/", /ends with "\/"/],
    ["env/../prod/terraform.tfstate", /"\.\." segment/],
    ["../terraform.tfstate", /"\.\." segment/],
    ["env/./terraform.tfstate", /"\." segment/],
    ["env//terraform.tfstate", /empty path segment/],
    ["env/dev network/terraform.tfstate", /contains " "/],
    ['env/"x"/terraform.tfstate', /contains "\\""/],
    ["env/*/terraform.tfstate", /contains "\*"/],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an HCL interpolation in a key is the point.
    ["env/${var.x}/terraform.tfstate", /contains "\$"/],
    ["env:/dev/terraform.tfstate", /contains ":"/],
    ["env/dev/terraform.tfstate.tflock", /ends with \.tflock/],
    [`${"a/".repeat(509)}x`, /longer than 1017 bytes/],
  ];
  for (const [key, message] of bad) {
    test(`refuses ${JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key)}`, () => {
      usageError(() => renderBackendTf({ ...base, key }), message);
    });
  }

  test("a key ending in -md5 collides with the digest item only under DynamoDB locking", () => {
    usageError(
      () => renderBackendTf({ ...base, key: "x-md5", locking: "dynamodb", dynamodbTable: "locks" }),
      /-md5/,
    );
    assert.doesNotThrow(() => renderBackendTf({ ...base, key: "x-md5" }));
  });

  test("accepts ordinary keys", () => {
    for (const key of [
      "terraform.tfstate",
      "env/dev/network/terraform.tfstate",
      "team=core/app_1/state-v2.tfstate",
    ]) {
      assert.doesNotThrow(() => validateStateKey(key));
    }
  });
});

describe("profile", () => {
  for (const profile of ["", "dev terraform", "[dev]", "dev]", "dev\tx", "a#b", 'a"b', "x".repeat(129)]) {
    test(`refuses ${JSON.stringify(profile.slice(0, 20))}`, () => {
      usageError(() => renderBackendTf({ ...base, profile }), /profile name/);
      usageError(() => renderProviderTf({ region: base.region, profile }), /profile name/);
    });
  }
  test("accepts names keyless and AWS tools write", () => {
    for (const profile of ["dev-terraform", "dev_TerraformCore", "acct.role", "user@example.com"]) {
      assert.doesNotThrow(() => renderProviderTf({ region: "eu-central-1", profile }));
    }
  });
});

describe("bucket, region, table, KMS key and their combination", () => {
  for (const bucket of [
    "ab",
    "Acme-State",
    "acme_state",
    "-acme",
    "acme..state",
    "192.168.1.1",
    "xn--acme",
    "acme-s3alias",
  ]) {
    test(`bucket ${JSON.stringify(bucket)} is refused`, () => {
      usageError(() => renderBackendTf({ ...base, bucket }), /not a valid S3 bucket name/);
    });
  }

  test("region must be a region code", () => {
    usageError(() => renderBackendTf({ ...base, region: "Frankfurt" }), /not an AWS region/);
    usageError(() => renderProviderTf({ region: "eu-central", profile: "p" }), /not an AWS region/);
    assert.doesNotThrow(() => renderProviderTf({ region: "us-gov-west-1", profile: "p" }));
  });

  test("DynamoDB locking needs a valid table; lockfile locking refuses one", () => {
    usageError(() => renderBackendTf({ ...base, locking: "dynamodb" }), /needs a table/);
    usageError(
      () => renderBackendTf({ ...base, locking: "dynamodb", dynamodbTable: "a b" }),
      /DynamoDB table/,
    );
    usageError(() => renderBackendTf({ ...base, dynamodbTable: "locks" }), /locking is s3/);
  });

  test("kms_key_id must be a key/alias ARN, key id or alias name", () => {
    for (const kmsKeyId of [
      "arn:aws:kms:eu-central-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      "arn:aws:kms:eu-central-1:111111111111:alias/terraform-state",
      "1234abcd-12ab-34cd-56ef-1234567890ab",
      "mrk-1234abcd12ab34cd56ef1234567890ab",
      "alias/terraform-state",
    ]) {
      assert.doesNotThrow(() => renderBackendTf({ ...base, kmsKeyId }), kmsKeyId);
    }
    for (const kmsKeyId of [
      "",
      "my-key",
      "arn:aws:kms:eu-central-1:111111111111:key/",
      "arn:aws:s3:::bucket",
    ]) {
      usageError(() => renderBackendTf({ ...base, kmsKeyId }), /KMS key/);
    }
  });
});
