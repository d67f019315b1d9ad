/** Single checks with fake deps: static credentials (through the real scan), profile time left, role names. */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { profileCheck } from "../../../src/checks/doctor/checks/profile.ts";
import { assumedRoleName, roleMatches } from "../../../src/checks/doctor/checks/role-credentials.ts";
import { staticCredentialsCheck } from "../../../src/checks/doctor/checks/static-credentials.ts";
import { type DoctorDeps, runChecks } from "../../../src/checks/doctor/index.ts";
import { realScanPort } from "../../../src/checks/doctor/scan-port.ts";
import { writeTokenCache } from "../../../src/local/sso/index.ts";
import { fakeDeps } from "./helpers.ts";

const homes: string[] = [];
after(() => {
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});
function home(): string {
  const h = mkdtempSync(join(tmpdir(), "keyless-doctor-home-"));
  homes.push(h);
  mkdirSync(join(h, ".aws"));
  return h;
}

async function runOne(
  check: typeof profileCheck,
  env: Record<string, string>,
  deps: Partial<DoctorDeps> = {},
) {
  const [r] = await runChecks([check], { env, cwd: env.HOME ?? "/", deps: fakeDeps(deps) });
  assert.ok(r);
  return r;
}

describe("static credentials", () => {
  const scan = { scan: realScanPort };
  test("nothing found: pass", async () => {
    const r = await runOne(staticCredentialsCheck, { HOME: home() }, scan);
    assert.equal(r.status, "pass");
  });
  test("AWS's documentation example key is not a finding", async () => {
    const r = await runOne(
      staticCredentialsCheck,
      {
        HOME: home(),
        AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
        AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      },
      scan,
    );
    assert.equal(r.status, "pass", r.message);
  });
  test("a scan that throws makes the check fail, saying what was not scanned", async () => {
    const r = await runOne(
      staticCredentialsCheck,
      { HOME: home() },
      {
        scan: {
          scanEnvironment: async () => [],
          scanAwsFiles: async () => {
            throw new Error("disk on fire");
          },
        },
      },
    );
    assert.equal(r.status, "fail");
    assert.equal(r.message, "~/.aws was not scanned: disk on fire");
  });
});

describe("profile: time left", () => {
  const NOW = Date.parse("2026-03-01T12:00:00Z");
  async function setUp(refreshable: boolean, leftMs: number) {
    const h = home();
    writeFileSync(
      join(h, ".aws", "config"),
      "[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = terraform-core\n\n[sso-session corp]\nsso_start_url = https://d-1.awsapps.com/start\nsso_region = eu-central-1\n",
    );
    await writeTokenCache({ home: h }, "corp", {
      startUrl: "https://d-1.awsapps.com/start",
      region: "eu-central-1",
      accessToken: "secret-access-token-value",
      expiresAt: NOW + leftMs,
      ...(refreshable
        ? { clientId: "c", clientSecret: "s", registrationExpiresAt: NOW + 86_400_000, refreshToken: "r" }
        : {}),
    });
    return { HOME: h, AWS_PROFILE: "dev" };
  }
  test("under an hour and not refreshable: warn with `keyless login --force`", async () => {
    const r = await runOne(profileCheck, await setUp(false, 30 * 60_000), { now: () => NOW });
    assert.equal(r.status, "warn");
    assert.match(r.message, /only 30m left and the token cannot be refreshed/);
    assert.equal(r.hint, "Run `keyless login --profile dev --force` before a long Terraform run.");
  });
  test("under an hour but refreshable: pass", async () => {
    const r = await runOne(profileCheck, await setUp(true, 30 * 60_000), { now: () => NOW });
    assert.equal(r.status, "pass");
    assert.match(r.message, /logged in, 30m left \(refreshable\)$/);
    assert.doesNotMatch(JSON.stringify(r), /secret-access-token-value/);
  });
  test("no token cache: fail, not logged in", async () => {
    const env = await setUp(true, 1);
    rmSync(join(env.HOME, ".aws", "sso"), { recursive: true });
    const r = await runOne(profileCheck, env, { now: () => NOW });
    assert.equal(r.status, "fail");
    assert.match(r.message, /not logged in/);
  });
  test("a profile that is not an SSO profile fails", async () => {
    const h = home();
    writeFileSync(
      join(h, ".aws", "config"),
      "[profile ci]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = default\n",
    );
    const r = await runOne(profileCheck, { HOME: h, AWS_PROFILE: "ci" });
    assert.equal(r.status, "fail");
    assert.match(r.message, /is not an SSO profile/);
  });
});

test("role names: the role itself or Identity Center's AWSReservedSSO_<name>_<hash>", () => {
  assert.equal(
    assumedRoleName("arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_dev_0123abcd/jane"),
    "AWSReservedSSO_dev_0123abcd",
  );
  assert.equal(assumedRoleName("arn:aws:iam::123456789012:user/jane"), undefined);
  assert.ok(roleMatches("AWSReservedSSO_dev_0123abcd", "dev"));
  assert.ok(roleMatches("dev", "dev"));
  assert.ok(!roleMatches("AWSReservedSSO_dev-admin_0123abcd", "dev"));
  assert.ok(!roleMatches("AWSReservedSSO_dev_xyz", "dev"));
});
