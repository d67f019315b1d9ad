import assert from "node:assert/strict";
import { test } from "node:test";
import {
  atLeast,
  compareVersions,
  parseAwsCliVersion,
  parseTerraformVersion,
  parseVersion,
} from "../../../src/checks/doctor/versions.ts";

test("parseVersion reads the first x.y[.z]", () => {
  assert.deepEqual(parseVersion("1.10.0"), [1, 10, 0]);
  assert.deepEqual(parseVersion("v1.6.0-beta1"), [1, 6, 0]);
  assert.deepEqual(parseVersion("2.9"), [2, 9, 0]);
  assert.equal(parseVersion("none"), undefined);
});

test("compareVersions is numeric, not lexical", () => {
  assert.ok(compareVersions([1, 10, 0], [1, 9, 9]) > 0);
  assert.ok(atLeast([1, 29, 10], [1, 29, 10]));
  assert.ok(!atLeast([1, 29, 9], [1, 29, 10]));
  assert.ok(atLeast([2, 0, 0], [1, 99, 99]));
});

test("aws --version: v2 without botocore, v1 with it", () => {
  assert.deepEqual(parseAwsCliVersion("aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0 exe/x86_64"), {
    cli: [2, 15, 30],
  });
  assert.deepEqual(parseAwsCliVersion("aws-cli/1.45.11 Python/3.11.7 Linux/6.18 botocore/1.43.11"), {
    cli: [1, 45, 11],
    botocore: [1, 43, 11],
  });
  assert.equal(parseAwsCliVersion("command not found"), undefined);
});

test("terraform version: -json, and the text of versions before -json existed", () => {
  assert.deepEqual(
    parseTerraformVersion('{"terraform_version":"1.11.4","platform":"linux_amd64"}'),
    [1, 11, 4],
  );
  assert.deepEqual(parseTerraformVersion("Terraform v0.12.31\n"), [0, 12, 31]);
  assert.equal(parseTerraformVersion("{}"), undefined);
});
