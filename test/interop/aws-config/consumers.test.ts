/**
 * The real consumers read what keyless writes: botocore, the AWS CLI and the JS SDK, with
 * AWS_CONFIG_FILE pointing at a file that held a messy user config, which must survive byte for byte.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  applyManagedProfiles,
  configFilePath,
  type ManagedProfile,
  parseConfigFile,
  readConfigFile,
  writeConfigFile,
} from "../../../src/local/aws-config/index.ts";
import { MESSY_VALID } from "../../unit/aws-config/fixtures.ts";
import { awsCli, botocoreLoad, botocoreSession, isolatedEnv, jsSdkLoad } from "./consumers.ts";

const SESSION = { name: "acme", startUrl: "https://d-1234567890.awsapps.com/start", region: "eu-central-1" };
const dev: ManagedProfile = {
  name: "terraform-dev",
  accountId: "111111111111",
  roleName: "terraform-core",
  region: "eu-central-1",
  output: "json",
};
const prod: ManagedProfile = {
  ...dev,
  name: "terraform-prod",
  accountId: "333333333333",
  region: "eu-west-1",
};
/** Collides with the user's own profile in MESSY_VALID. */
const clash: ManagedProfile = { ...dev, name: "corp-admin", accountId: "999999999999" };
/** The user's file as it is on disk: MESSY_VALID with CRLF line ends and no final newline. */
const USER_FILE = MESSY_VALID.replaceAll("\n", "\r\n");

let home: string;
let path: string;
let env: NodeJS.ProcessEnv;
let botocoreBefore: Awaited<ReturnType<typeof botocoreLoad>>[number];

before(async () => {
  home = await mkdtemp(join(tmpdir(), "keyless-interop-config-"));
  env = isolatedEnv(home, "~/custom/aws-config");
  path = configFilePath(env, home);
  assert.equal(path, join(home, "custom", "aws-config"));
  // The consumers get the absolute path; the ~ form was only for configFilePath.
  env = isolatedEnv(home, path);
  await mkdir(join(home, "custom"));
  await writeFile(path, USER_FILE);
  [botocoreBefore] = (await botocoreLoad([path], env)) as [typeof botocoreBefore];
  assert.ok(botocoreBefore.ok, botocoreBefore.error);

  const { text } = await readConfigFile(path);
  const r = applyManagedProfiles(parseConfigFile(text, { path }), {
    session: SESSION,
    profiles: [dev, prod, clash],
  });
  assert.deepEqual(
    r.conflicts.map((c) => [c.name, c.reason]),
    [["corp-admin", "user-profile"]],
  );
  await writeConfigFile(path, r.text, { expectedCurrent: text });
});

after(async () => {
  await rm(home, { recursive: true, force: true });
});

describe("interop: the user's file survives", () => {
  it("byte for byte, with the block after it", async () => {
    const written = await readFile(path);
    const user = Buffer.from(USER_FILE, "utf8");
    assert.ok(written.subarray(0, user.length).equals(user));
    assert.ok(
      written.subarray(user.length).toString("utf8").startsWith("\r\n\r\n# BEGIN keyless managed block"),
    );
    assert.ok((await readFile(`${path}.keyless-backup`)).equals(user));
  });

  it("and botocore sees every user section exactly as before", async () => {
    const [now] = await botocoreLoad([path], env);
    assert.ok(now?.ok, now?.error);
    const profiles = { ...now.profiles };
    delete profiles["terraform-dev"];
    delete profiles["terraform-prod"];
    const sessions = { ...now.sso_sessions };
    delete sessions["acme"];
    assert.deepEqual(profiles, botocoreBefore.profiles);
    assert.deepEqual(sessions, botocoreBefore.sso_sessions);
    assert.deepEqual(now.services, botocoreBefore.services);
    // the nested [services] block is still nested for botocore
    assert.deepEqual(now.services?.["local-stack"]?.["s3"], {
      endpoint_url: "http://localhost:4566",
      addressing_style: "path",
      region: "us-east-1",
    });
  });
});

describe("interop: botocore", () => {
  it("resolves the managed profiles and their sso-session", async () => {
    const s = await botocoreSession(["terraform-dev", "terraform-prod", "corp-admin"], env);
    for (const name of [
      "terraform-dev",
      "terraform-prod",
      "corp-admin",
      "personal",
      "spaced-name",
      "default",
    ]) {
      assert.ok(s.available.includes(name), `${name} in ${s.available.join(",")}`);
    }
    assert.deepEqual(s.scoped["terraform-dev"], {
      sso_session: "acme",
      sso_account_id: "111111111111",
      sso_role_name: "terraform-core",
      region: "eu-central-1",
      output: "json",
    });
    assert.equal(s.scoped["terraform-prod"]?.["sso_account_id"], "333333333333");
    assert.equal(s.scoped["terraform-prod"]?.["region"], "eu-west-1");
    // the user's profile of the clashing name is untouched
    assert.equal(s.scoped["corp-admin"]?.["sso_account_id"], "999999999999");
    assert.equal(s.scoped["corp-admin"]?.["sso_session"], "corp");
    assert.deepEqual(s.sso_sessions["acme"], {
      sso_start_url: SESSION.startUrl,
      sso_region: SESSION.region,
      sso_registration_scopes: "sso:account:access",
    });
    assert.equal(s.sso_sessions["corp"]?.["sso_start_url"], "https://corp.awsapps.com/start/");
  });
});

describe("interop: AWS CLI", () => {
  // The installed CLI v1 has no `configure list-profiles` (v2 implements it with botocore's
  // available_profiles, checked above), and `configure list` wants an SSO token; `configure get`
  // reads the file only and fails on an unknown profile.
  it("finds the managed profiles and the user's own", async () => {
    const get = async (key: string, profile: string) =>
      (await awsCli(["configure", "get", key, "--profile", profile], env)).trim();
    assert.equal(await get("sso_session", "terraform-dev"), "acme");
    assert.equal(await get("sso_session", "terraform-prod"), "acme");
    assert.equal(await get("role_arn", "personal"), "arn:aws:iam::123456789012:role/ünicode-rolé");
    assert.equal(await get("region", "spaced-name"), "eu-west-1");
    await assert.rejects(get("region", "not-there"), /could not be found/);
  });

  it("reads the managed profile's keys", async () => {
    const get = async (key: string, profile: string) =>
      (await awsCli(["configure", "get", key, "--profile", profile], env)).trim();
    assert.equal(await get("sso_account_id", "terraform-dev"), "111111111111");
    assert.equal(await get("sso_role_name", "terraform-prod"), "terraform-core");
    assert.equal(await get("sso_session", "terraform-prod"), "acme");
    assert.equal(await get("region", "terraform-prod"), "eu-west-1");
    assert.equal(await get("sso_account_id", "corp-admin"), "999999999999");
  });
});

describe("interop: AWS SDK for JavaScript (shared-ini-file-loader)", () => {
  it("loads the managed profiles, the sso-session and the user's sections", async () => {
    const { configFile } = await jsSdkLoad(path, home);
    assert.deepEqual(configFile["terraform-dev"], {
      sso_session: "acme",
      sso_account_id: "111111111111",
      sso_role_name: "terraform-core",
      region: "eu-central-1",
      output: "json",
    });
    assert.equal(configFile["terraform-prod"]?.["sso_account_id"], "333333333333");
    assert.deepEqual(configFile["sso-session.acme"], {
      sso_start_url: SESSION.startUrl,
      sso_region: SESSION.region,
      sso_registration_scopes: "sso:account:access",
    });
    assert.equal(configFile["corp-admin"]?.["sso_account_id"], "999999999999");
    assert.equal(configFile["services.local-stack"]?.["s3.endpoint_url"], "http://localhost:4566");
  });
});

describe("interop: a second run", () => {
  it("with prune removes only keyless's stale profile, and the consumers agree", async () => {
    const { text } = await readConfigFile(path);
    const r = applyManagedProfiles(parseConfigFile(text, { path }), {
      session: SESSION,
      profiles: [dev],
      prune: true,
    });
    assert.deepEqual(
      r.changes.map((c) => `${c.action} ${c.name}`),
      ["unchanged acme", "unchanged terraform-dev", "remove terraform-prod"],
    );
    const scratch = join(home, "pruned-config");
    await writeConfigFile(scratch, r.text);
    const scratchEnv = isolatedEnv(home, scratch);
    const s = await botocoreSession([], scratchEnv);
    assert.ok(s.available.includes("terraform-dev"));
    assert.ok(!s.available.includes("terraform-prod"));
    assert.ok(s.available.includes("corp-admin"));
    await assert.rejects(
      awsCli(["configure", "get", "sso_account_id", "--profile", "terraform-prod"], scratchEnv),
    );
    assert.equal(
      (await awsCli(["configure", "get", "sso_account_id", "--profile", "terraform-dev"], scratchEnv)).trim(),
      "111111111111",
    );
    const { configFile } = await jsSdkLoad(scratch, home);
    assert.equal(configFile["terraform-prod"], undefined);
    assert.ok(r.text.startsWith(USER_FILE));
  });
});
