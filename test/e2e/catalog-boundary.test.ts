/**
 * `keyless catalog boundary` as a user runs it: the built CLI, spawned outside the repository with its
 * own HOME and no credentials. The policy JSON alone on stdout (redirectable to a file for
 * `aws iam create-policy`), what to do on stderr, --help with examples, and wrong input: a broken
 * keyless.yaml or a boundary over IAM's quota is exit 65 with the file named and nothing on stdout,
 * and no file is written.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { renderBoundary } from "../../src/catalog/boundary.ts";
import { runKeyless, type UserDirs, userDirs } from "../helpers/spawn-cli.ts";

let dirs: UserDirs;
before(() => {
  dirs = userDirs("keyless-boundary-");
});
after(() => dirs.remove());

/** An unreachable endpoint: the command must never reach AWS. */
const keyless = (args: string[]) =>
  runKeyless(args, {
    cwd: dirs.work,
    env: { HOME: dirs.home, AWS_ENDPOINT_URL: "http://127.0.0.1:9", AWS_EC2_METADATA_DISABLED: "true" },
  });

describe("e2e: keyless catalog boundary", () => {
  it("without keyless.yaml: the default boundary, as JSON only on stdout", async () => {
    const r = await keyless(["catalog", "boundary"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), renderBoundary({}));
    assert.match(
      r.stderr,
      /^TerraformBoundary: [\d,]+ of 6,144 characters, parameters defaults \(.*keyless\.yaml not found\)/,
    );
    assert.match(
      r.stderr,
      /aws iam create-policy --policy-name TerraformBoundary --policy-document file:\/\/boundary\.json/,
    );
  });

  it("rendered from keyless.yaml (-c), with its path, boundary name, regions and state backend", async () => {
    writeFileSync(
      join(dirs.work, "infra.yaml"),
      `version: 1
identityCenter:
  region: eu-central-1
accounts:
  management: "123456789012"
catalog:
  allowedRegions: [eu-west-1]
  iamPath: /platform/
  permissionsBoundary: PlatformBoundary
stateBackend:
  account: management
  region: eu-central-1
`,
    );
    const r = await keyless(["catalog", "boundary", "-c", "infra.yaml"]);
    assert.equal(r.code, 0, r.stderr);
    const policy = JSON.parse(r.stdout) as {
      Statement: { Sid: string; Resource?: unknown; NotResource?: unknown }[];
    };
    assert.deepEqual(
      policy,
      renderBoundary({
        allowedRegions: ["eu-west-1", "eu-central-1"],
        iamPath: "/platform/",
        permissionsBoundaryName: "PlatformBoundary",
        stateAccountId: "123456789012",
        stateBucket: "keyless-tfstate-123456789012-eu-central-1",
        stateKmsAlias: "alias/keyless-tfstate",
      }),
    );
    assert.ok(JSON.stringify(policy).includes("arn:aws:s3:::keyless-tfstate-123456789012-eu-central-1"));
    assert.match(r.stderr, /^PlatformBoundary: .*parameters from .*infra\.yaml\./);
  });

  it("--help explains it with examples", async () => {
    const r = await keyless(["catalog", "boundary", "--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /permissions boundary policy/);
    assert.match(r.stdout, /Examples:\n {2}keyless catalog boundary > boundary\.json/);
  });

  it("a broken keyless.yaml: exit 65 naming the file and line, nothing on stdout, no file written", async () => {
    writeFileSync(
      join(dirs.work, "bad.yaml"),
      "version: 1\nidentityCenter:\n  region: eu-central-1\ncatalog:\n  iamPath: terraform\n",
    );
    const before = readdirSync(dirs.work).sort();
    const r = await keyless(["catalog", "boundary", "-c", "bad.yaml"]);
    assert.equal(r.code, 65);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /bad\.yaml:5:12: catalog\.iamPath: "terraform" is not a policy path/);
    assert.deepEqual(readdirSync(dirs.work).sort(), before);
    assert.equal(readFileSync(join(dirs.work, "bad.yaml"), "utf8").includes("iamPath: terraform"), true);
  });

  it("over IAM's 6,144-character quota: exit 65 with what to shorten, nothing on stdout", async () => {
    const buckets = Array.from(
      { length: 40 },
      (_, i) => `      - org-cloudtrail-logs-${String(i).padStart(2, "0")}-${"x".repeat(30)}`,
    );
    writeFileSync(
      join(dirs.work, "huge.yaml"),
      `version: 1\nidentityCenter:\n  region: eu-central-1\ncatalog:\n  auditLogs:\n    buckets:\n${buckets.join("\n")}\n`,
    );
    const r = await keyless(["catalog", "boundary", "-c", "huge.yaml"]);
    assert.equal(r.code, 65);
    assert.equal(r.stdout, "");
    assert.match(
      r.stderr,
      /the permissions boundary TerraformBoundary rendered from .*huge\.yaml has [\d,]+ characters; IAM allows 6,144/,
    );
    assert.match(r.stderr, /Shorten catalog\.iamPath/);
  });

  it("an extra argument is a usage error (64)", async () => {
    const r = await keyless(["catalog", "boundary", "extra"]);
    assert.equal(r.code, 64);
    assert.match(r.stderr, /too many arguments/);
  });
});
