/**
 * What `keyless configure` + `keyless login` write is accepted by the real consumers: boto3, the AWS
 * CLI, the AWS SDK for JavaScript (fromIni) and Terraform's aws-sdk-go-base each resolve the keyless
 * profile through the token cache and call STS (moto) with role credentials from the portal (the SSO
 * stand-in mints them with moto's AssumeRole, so the ARN proves which call they came from).
 * `credential_process = keyless credentials P` works from botocore, botocore refreshes keyless's
 * cached token, and keyless uses the cache botocore wrote.
 * Consumers run as child processes, asynchronously: the stand-in serving them runs in this process.
 */
import assert from "node:assert/strict";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { tokenCacheFileName } from "../../../src/local/sso/index.ts";
import {
  configureArgs,
  DEV,
  type DevEnv,
  PROD,
  SESSION,
  startDevEnv,
} from "../../integration/developer/harness.ts";
import {
  CONSUMERS,
  expectIdentity,
  listProfilesWithAwsCli,
  resolveWithBotocore,
} from "../consumers/index.ts";

let dev: DevEnv;
const PROFILES = ["dev-terraform-core", "dev-terraform-iam", "prod-terraform-core"];

before(async () => {
  dev = await startDevEnv();
  const configured = await dev.run(configureArgs("--all"));
  assert.equal(configured.code, 0, configured.stderr);
  const login = await dev.run(["login"]);
  assert.equal(login.code, 0, login.stderr);
});
after(async () => {
  await dev?.stop();
});

/** The session part of an assumed-role ARN minted by the stand-in during this call. */
function assertFreshRoleArn(arn: string, account: string, role: string, issuedBefore: number): void {
  const m = new RegExp(`^arn:aws:sts::${account}:assumed-role/${role}/keyless-(\\d+)$`).exec(arn);
  assert.ok(m, `unexpected ARN ${arn}`);
  assert.ok(Number(m[1]) > issuedBefore, `credentials not from this resolve: ${arn}`);
}

describe("consumers resolve the profiles keyless wrote", () => {
  for (const consumer of CONSUMERS) {
    test(`${consumer.name}`, async (t) => {
      t.diagnostic(`${consumer.name}: ${await consumer.version()}`);
      for (const [profile, account] of [
        ["dev-terraform-core", DEV],
        ["prod-terraform-core", PROD],
      ] as const) {
        const before = dev.issued.length;
        dev.standin.clearCalls();
        const result = await consumer.resolve({ env: dev.env(), profile });
        const identity = expectIdentity(consumer.name, result);
        assert.equal(identity.account, account);
        assertFreshRoleArn(identity.arn, account, "terraform-core", before);
        assert.ok(dev.standin.calls().some((c) => c.operation === "GetRoleCredentials"));
      }
    });
  }

  test("the AWS CLI lists the profiles", async () => {
    const listed = await listProfilesWithAwsCli(dev.env());
    assert.ok(listed.ok, listed.ok ? "" : listed.stderr);
    if (!listed.ok) return;
    for (const p of PROFILES)
      assert.ok(listed.profiles.includes(p), `${p} not in ${listed.profiles.join(", ")}`);
  });
});

describe("credential_process and the shared token cache", () => {
  test("credential_process = keyless credentials P works from botocore", async () => {
    const tsx = fileURLToPath(import.meta.resolve("tsx"));
    const cli = fileURLToPath(new URL("../../integration/developer/dev-cli.ts", import.meta.url));
    appendFileSync(
      dev.configPath,
      `\n[profile via-process]\ncredential_process = ${process.execPath} --import ${tsx} ${cli} credentials prod-terraform-core\nregion = eu-central-1\n`,
    );
    const before = dev.issued.length;
    const result = await resolveWithBotocore({ env: dev.env(), profile: "via-process" });
    const identity = expectIdentity("botocore credential_process", result);
    assertFreshRoleArn(identity.arn, PROD, "terraform-core", before);
  });

  test("botocore refreshes keyless's token with its refresh token; keyless then uses botocore's cache", async () => {
    const path = join(dev.home, ".aws", "sso", "cache", tokenCacheFileName(SESSION));
    const ours = JSON.parse(readFileSync(path, "utf8")) as Record<string, string>;
    // Within botocore's 15-minute refresh window, still valid.
    const soon = new Date(Date.now() + 5 * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    writeFileSync(path, JSON.stringify({ ...ours, expiresAt: soon }));
    dev.standin.clearCalls();
    const result = await resolveWithBotocore({ env: dev.env(), profile: "dev-terraform-core" });
    expectIdentity("botocore", result);
    assert.ok(
      dev.standin.calls().some((c) => c.operation === "CreateToken" && c.grantType === "refresh_token"),
      "botocore did not refresh",
    );
    const theirs = JSON.parse(readFileSync(path, "utf8")) as Record<string, string>;
    assert.notEqual(theirs.accessToken, ours.accessToken, "botocore rewrote the cache");
    dev.standin.clearCalls();
    const who = await dev.run(["whoami", "--profile", "dev-terraform-core", "--json"]);
    assert.equal(who.code, 0, who.stderr);
    assert.equal(JSON.parse(who.stdout).accountId, DEV);
    assert.deepEqual(
      dev.standin.calls().map((c) => c.operation),
      ["GetRoleCredentials"],
      "keyless used botocore's token as it was: no sign-in, no refresh",
    );
  });
});
