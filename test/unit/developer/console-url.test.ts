/** The console sign-in URL pieces of `keyless console`: partitions, destinations, input checks. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  checkService,
  consoleDestination,
  federationEndpoint,
  federationOverride,
  loginUrl,
  partitionOf,
} from "../../../src/commands/developer/console-url.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";

const usage = (re: RegExp) => (e: unknown) =>
  e instanceof KeylessError && e.exitCode === 64 && re.test(e.message);

describe("partitions and their endpoints", () => {
  test("aws, aws-us-gov and aws-cn by region", () => {
    assert.equal(partitionOf("eu-central-1", "r"), "aws");
    assert.equal(partitionOf("ap-southeast-4", "r"), "aws");
    assert.equal(partitionOf("us-gov-west-1", "r"), "aws-us-gov");
    assert.equal(partitionOf("cn-northwest-1", "r"), "aws-cn");
    assert.equal(federationEndpoint("aws"), "https://signin.aws.amazon.com/federation");
    assert.equal(federationEndpoint("aws-us-gov"), "https://signin.amazonaws-us-gov.com/federation");
    assert.equal(federationEndpoint("aws-cn"), "https://signin.amazonaws.cn/federation");
  });

  test("destinations: the region's console, the service's home", () => {
    assert.equal(
      consoleDestination("aws", "eu-west-1"),
      "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1",
    );
    assert.equal(
      consoleDestination("aws", "eu-west-1", "s3"),
      "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1",
    );
    assert.equal(
      consoleDestination("aws-us-gov", "us-gov-east-1", "ec2"),
      "https://console.amazonaws-us-gov.com/ec2/home?region=us-gov-east-1",
    );
    assert.equal(
      consoleDestination("aws-cn", "cn-north-1"),
      "https://console.amazonaws.cn/console/home?region=cn-north-1",
    );
  });

  test("the login URL is form-encoded: Action, Issuer, Destination, SigninToken", () => {
    const url = new URL(
      loginUrl("https://signin.aws.amazon.com/federation", "https://x/start", "https://d/?a=b&c", "T+/="),
    );
    assert.equal(url.origin + url.pathname, "https://signin.aws.amazon.com/federation");
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      Action: "login",
      Issuer: "https://x/start",
      Destination: "https://d/?a=b&c",
      SigninToken: "T+/=",
    });
  });
});

describe("bad input is USAGE, naming the value", () => {
  test("regions", () => {
    for (const r of ["europe", "EU-CENTRAL-1", "eu-central", "eu-central-1; rm", ""]) {
      assert.throws(
        () => partitionOf(r, "--region"),
        usage(new RegExp(`--region "${r.replace(/[;]/g, ".")}" is not an AWS region name`)),
      );
    }
    assert.throws(() => partitionOf("us-iso-east-1", "--region"), usage(/isolated partition/));
  });

  test("services", () => {
    assert.equal(checkService("s3"), "s3");
    assert.equal(checkService("cloudwatch"), "cloudwatch");
    for (const s of ["S3", "s3/../iam", "a b", "", "-x", "x".repeat(41)]) {
      assert.throws(() => checkService(s), usage(/--service ".*" is not an AWS console service name/));
    }
  });

  test("KEYLESS_FEDERATION_ENDPOINT: https or loopback http only", () => {
    assert.equal(federationOverride("http://127.0.0.1:8080/federation"), "http://127.0.0.1:8080/federation");
    assert.equal(
      federationOverride("https://mirror.example/federation"),
      "https://mirror.example/federation",
    );
    assert.equal(federationOverride("http://localhost:1/federation"), "http://localhost:1/federation");
    assert.throws(() => federationOverride("http://example.com/federation"), usage(/must be https/));
    assert.throws(() => federationOverride("ftp://127.0.0.1/x"), usage(/must be https/));
    assert.throws(() => federationOverride("not a url"), usage(/"not a url" is not a URL/));
    assert.throws(() => federationOverride("https://m.example/f?x=1"), usage(/must not carry a query/));
  });
});
