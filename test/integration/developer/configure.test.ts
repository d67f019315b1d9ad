/**
 * `keyless configure` end to end: the real SDK against the SSO stand-in, device sign-in approved the
 * way a user would, ~/.aws/config in a throw-away HOME. Covers the non-interactive and terminal
 * paths, byte-for-byte preservation of a messy file, collisions, prune, dry run, and bad input that
 * must stop before any network call with nothing written.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { tokenCacheFileName } from "../../../src/local/sso/index.ts";
import {
  ACCOUNTS,
  configureArgs,
  DEV,
  type DevEnv,
  PROD,
  SESSION,
  START_URL,
  startDevEnv,
} from "./harness.ts";

let dev: DevEnv;

before(async () => {
  dev = await startDevEnv();
});
after(async () => {
  await dev?.stop();
});
beforeEach(() => {
  dev.freshHome();
  dev.standin.setAccounts(ACCOUNTS);
  dev.standin.clearCalls();
});

/** The names of [profile X] sections in the file. */
function profilesIn(text: string): string[] {
  return [...text.matchAll(/^\[profile ([^\]]+)\]/gm)].map((m) => m[1] as string);
}

const MESSY = [
  "# my own settings, keep me\r\n",
  "[default]\r\n",
  "region = us-east-1\r\n",
  "output=json\r\n",
  "\r\n",
  ";   a semicolon comment\r\n",
  "[profile   personal]\r\n",
  "role_arn = arn:aws:iam::123456789012:role/x\r\n",
  "source_profile = default\r\n",
  "\t\r\n",
  "[services local-endpoints]\r\n",
  "s3 =\r\n",
  "  endpoint_url = http://localhost:4566\r\n",
  "[profile ünïcode-ok]\r\n",
  "region = eu-west-1 # not a comment for botocore",
].join("");

describe("keyless configure, no prompt", () => {
  test("--all signs in with the device code and writes every account and role", async () => {
    const r = await dev.run(configureArgs("--all"));
    assert.equal(r.code, 0, r.stderr);
    const text = dev.readConfig() ?? "";
    assert.deepEqual(profilesIn(text), ["dev-terraform-core", "dev-terraform-iam", "prod-terraform-core"]);
    assert.match(
      text,
      new RegExp(
        `\\[sso-session ${SESSION}\\]\\nsso_start_url = ${START_URL}\\nsso_region = eu-central-1\\nsso_registration_scopes = sso:account:access\\n`,
      ),
    );
    assert.match(
      text,
      /\[profile prod-terraform-core\]\nsso_session = d-1234567890\nsso_account_id = 222222222222\nsso_role_name = terraform-core\nregion = eu-central-1\noutput = json\n/,
    );
    assert.equal(dev.cacheFiles().filter((f) => /^[0-9a-f]{40}\.json$/.test(f)).length >= 1, true);
    assert.match(r.stderr, /[A-Z2-7]{4}-[A-Z2-7]{4}/, "the device code is shown");
    assert.match(r.stdout, /\+ profile dev-terraform-core/);
    assert.ok(!existsSync(join(dev.home, ".aws", "credentials")), "never touches ~/.aws/credentials");
    const ops = dev.standin.calls().map((c) => c.operation);
    assert.ok(ops.includes("ListAccounts") && ops.includes("ListAccountRoles"));
  });

  test("a second run with a valid token does not sign in again and changes nothing", async () => {
    assert.equal((await dev.run(configureArgs("--all"))).code, 0);
    const first = dev.readConfig();
    dev.standin.clearCalls();
    const r = await dev.run(configureArgs("--all"));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(dev.readConfig(), first);
    assert.match(r.stdout, /already up to date/);
    assert.ok(!dev.standin.calls().some((c) => c.operation === "StartDeviceAuthorization"));
  });

  test("--account / --role (names or ids) and a profile name template", async () => {
    const r = await dev.run(
      configureArgs(
        "--account",
        "dev",
        PROD,
        "--role",
        "terraform-core",
        "--profile-name",
        "terraform-{account}",
        "--default-region",
        "eu-west-1",
        "--output",
        "text",
      ),
    );
    assert.equal(r.code, 0, r.stderr);
    const text = dev.readConfig() ?? "";
    assert.deepEqual(profilesIn(text), ["terraform-dev", "terraform-prod"]);
    assert.match(
      text,
      /\[profile terraform-dev\]\nsso_session = d-1234567890\nsso_account_id = 111111111111\nsso_role_name = terraform-core\nregion = eu-west-1\noutput = text\n/,
    );
  });

  test("an unknown --account or --role names what exists; nothing is written", async () => {
    const r = await dev.run(configureArgs("--account", "staging"));
    assert.equal(r.code, 64);
    assert.match(r.stderr, /--account staging.*\n.*dev \(111111111111\), prod \(222222222222\)/);
    const r2 = await dev.run(configureArgs("--role", "admin"));
    assert.equal(r2.code, 64);
    assert.match(r2.stderr, /terraform-core, terraform-iam/);
    assert.equal(dev.readConfig(), undefined);
  });

  test("off a terminal without --all / --account / --role: exit 64 with a hint, before any network call", async () => {
    const r = await dev.run(configureArgs());
    assert.equal(r.code, 64);
    assert.match(r.stderr, /not on a terminal/);
    assert.match(r.stderr, /--all/);
    assert.deepEqual(r.asked, []);
    assert.deepEqual(dev.standin.calls(), []);
    assert.equal(dev.readConfig(), undefined);
  });

  test("--json prints the changes as data", async () => {
    const r = await dev.run(configureArgs("--all", "--json"));
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.written, true);
    assert.equal(out.session.name, SESSION);
    assert.deepEqual(
      out.changes
        .filter((c: { target: string }) => c.target === "profile")
        .map((c: { name: string; action: string }) => `${c.action} ${c.name}`),
      ["add dev-terraform-core", "add dev-terraform-iam", "add prod-terraform-core"],
    );
    assert.doesNotMatch(r.stderr, /Listing/, "no progress under --json");
  });
});

describe("keyless configure on a terminal", () => {
  test("filter, then pick a row by its number", async () => {
    const r = await dev.run(configureArgs(), { tty: true, answers: ["core", "3"] });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.asked.length, 2);
    // Rows keep their number in the whole list under a filter.
    assert.match(
      r.stderr,
      /Filter: core ▏\n\s+\[ \]\s+1\s+dev \(111111111111\)\s+terraform-core\n\s+\[ \]\s+3\s+prod \(222222222222\)\s+terraform-core\n/,
    );
    assert.match(r.stderr, /^Chose 1 of 3 account and role pairs\.$/m);
    assert.deepEqual(profilesIn(dev.readConfig() ?? ""), ["prod-terraform-core"]);
  });

  test('"all", and numbers out of range are asked again', async () => {
    const r = await dev.run(configureArgs(), { tty: true, answers: ["9", "all"] });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /"9" is neither a row number shown nor part of an account id/);
    assert.equal(profilesIn(dev.readConfig() ?? "").length, 3);
  });

  test("an empty answer cancels: a plain message, exit 1, nothing written", async () => {
    const r = await dev.run(configureArgs(), { tty: true, answers: [""] });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Configure cancelled: nothing was selected, no profile written\.$/m);
    assert.doesNotMatch(r.stderr, /Error:|Hint:/);
    assert.equal(dev.readConfig(), undefined);
  });
});

describe("keyless configure and an existing ~/.aws/config", () => {
  test("a messy file survives byte for byte; the previous version is kept as a backup", async () => {
    writeFileSync(dev.configPath, MESSY);
    const r = await dev.run(configureArgs("--all"));
    assert.equal(r.code, 0, r.stderr);
    const text = dev.readConfig() ?? "";
    assert.ok(text.startsWith(MESSY), "everything before keyless's block is unchanged");
    assert.match(
      text.slice(MESSY.length),
      /^\r\n\r\n# BEGIN keyless managed block: sso-session d-1234567890/,
    );
    assert.equal(readFileSync(`${dev.configPath}.keyless-backup`, "utf8"), MESSY);
    // Re-running with another selection rewrites only the block.
    const r2 = await dev.run(configureArgs("--role", "terraform-iam", "--prune"));
    assert.equal(r2.code, 0, r2.stderr);
    const text2 = dev.readConfig() ?? "";
    assert.ok(text2.startsWith(MESSY));
    assert.deepEqual(
      profilesIn(text2).filter((p) => p.includes("terraform")),
      ["dev-terraform-iam"],
    );
  });

  test("AWS_CONFIG_FILE is honoured", async () => {
    const other = join(dev.home, "elsewhere", "aws-config");
    const r = await dev.run(configureArgs("--all"), { env: { AWS_CONFIG_FILE: other } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(profilesIn(readFileSync(other, "utf8")).length, 3);
    assert.equal(dev.readConfig(), undefined);
  });

  test("a name the user already has is reported, left untouched, and the rest is written (exit 1)", async () => {
    const mine = "[profile dev-terraform-core]\nregion = us-west-2\n";
    writeFileSync(dev.configPath, mine);
    const r = await dev.run(configureArgs("--all"));
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /Not written: profile dev-terraform-core already exists on line 1 .* not written by keyless/,
    );
    const text = dev.readConfig() ?? "";
    assert.ok(text.startsWith(mine));
    assert.deepEqual(profilesIn(text), ["dev-terraform-core", "dev-terraform-iam", "prod-terraform-core"]);
    assert.equal(text.match(/\[profile dev-terraform-core\]/g)?.length, 1);
  });

  test("a same-named sso-session for another portal stops before sign-in", async () => {
    const theirs = `[sso-session ${SESSION}]\nsso_start_url = https://d-9999999999.awsapps.com/start\nsso_region = eu-central-1\n`;
    writeFileSync(dev.configPath, theirs);
    const r = await dev.run(configureArgs("--all"));
    assert.equal(r.code, 64);
    assert.match(r.stderr, /another start URL or region/);
    assert.match(r.stderr, /--session-name/);
    assert.deepEqual(dev.standin.calls(), []);
    assert.equal(dev.readConfig(), theirs);
  });

  test("stale profiles are kept and reported without --prune, removed with it", async () => {
    assert.equal((await dev.run(configureArgs("--all"))).code, 0);
    dev.standin.setAccounts([{ ...(ACCOUNTS[0] as (typeof ACCOUNTS)[number]), roles: ["terraform-core"] }]);
    const kept = await dev.run(configureArgs("--all"));
    assert.equal(kept.code, 0, kept.stderr);
    assert.match(
      kept.stdout,
      /! profile dev-terraform-iam \(no longer offered; kept, use --prune to remove\)/,
    );
    assert.match(kept.stdout, /! profile prod-terraform-core/);
    assert.equal(profilesIn(dev.readConfig() ?? "").length, 3);
    const pruned = await dev.run(configureArgs("--all", "--prune"));
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.match(pruned.stdout, /- profile dev-terraform-iam/);
    assert.deepEqual(profilesIn(dev.readConfig() ?? ""), ["dev-terraform-core"]);
  });

  test("--prune never touches the user's profiles or another session's block", async () => {
    writeFileSync(dev.configPath, "[profile mine]\nregion = us-east-1\n");
    assert.equal((await dev.run(configureArgs("--all", "--session-name", "other"))).code, 0);
    assert.equal(
      (await dev.run(configureArgs("--account", "prod", "--prune", "--profile-name", "{session}-{account}")))
        .code,
      0,
    );
    const text = dev.readConfig() ?? "";
    assert.ok(text.startsWith("[profile mine]\nregion = us-east-1\n"));
    assert.deepEqual(profilesIn(text), [
      "mine",
      "dev-terraform-core",
      "dev-terraform-iam",
      "prod-terraform-core",
      "d-1234567890-prod",
    ]);
  });

  test("--dry-run prints the diff and writes nothing", async () => {
    writeFileSync(dev.configPath, MESSY);
    const r = await dev.run(configureArgs("--all", "--dry-run"));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\+\[profile dev-terraform-core\]/m);
    assert.match(r.stdout, /dry run: nothing written/);
    assert.equal(readFileSync(dev.configPath, "utf8"), MESSY);
    assert.ok(!existsSync(`${dev.configPath}.keyless-backup`));
  });
});

describe("keyless configure: bad input stops before the network, nothing written", () => {
  const cases: [string, string[], RegExp][] = [
    ["http start URL", ["--start-url", "http://d-1234567890.awsapps.com/start"], /must start with https/],
    ["not a URL", ["--start-url", "d-1234567890"], /is not a URL/],
    [
      "awsapps host without /start",
      ["--start-url", "https://d-1234567890.awsapps.com/portal"],
      /should end in \/start/,
    ],
    [
      "portal in another region",
      ["--start-url", "https://ssoins-1.portal.us-east-1.app.aws"],
      /--region us-east-1/,
    ],
    ["bad region", ["--region", "Frankfurt"], /"Frankfurt" is not an AWS region name/],
    ["bad default region", ["--default-region", "eu-central"], /--default-region/],
    ["bad output", ["--output", "xml"], /--output "xml"/],
    ["bad template", ["--profile-name", "{acount}"], /unknown placeholder \{acount\}/],
    ["bad session name", ["--session-name", "my session"], /--session-name/],
  ];
  for (const [what, flags, message] of cases) {
    test(what, async () => {
      const args = configureArgs("--all");
      for (let i = 0; i < flags.length; i += 2) {
        const at = args.indexOf(flags[i] as string);
        if (at >= 0) args[at + 1] = flags[i + 1] as string;
        else args.push(flags[i] as string, flags[i + 1] as string);
      }
      const r = await dev.run(args);
      assert.equal(r.code, 64, r.stderr);
      assert.match(r.stderr, message);
      assert.deepEqual(dev.standin.calls(), []);
      assert.equal(dev.readConfig(), undefined);
      assert.deepEqual(dev.cacheFiles(), []);
    });
  }

  test("a vanity start URL is accepted with a warning", async () => {
    const r = await dev.run(
      configureArgs("--all", "--dry-run").map((a) => (a === START_URL ? "https://sso.example.com/start" : a)),
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Warning: sso\.example\.com is not an AWS access portal host/);
  });

  test("missing --start-url / --region", async () => {
    const r = await dev.run(["configure", "--all"]);
    assert.equal(r.code, 64);
    assert.match(r.stderr, /needs --start-url and --region/);
  });

  test("a config file keyless cannot edit safely: exit 65 naming the line, before sign-in", async () => {
    const broken = "[profile a]\nregion = x\n[profile a]\nregion = y\n";
    writeFileSync(dev.configPath, broken);
    const r = await dev.run(configureArgs("--all"));
    assert.equal(r.code, 65);
    assert.match(r.stderr, /config:3: /);
    assert.deepEqual(dev.standin.calls(), []);
    assert.equal(dev.readConfig(), broken);
  });

  test("a damaged keyless block (BEGIN without END)", async () => {
    const broken = `# BEGIN keyless managed block: sso-session ${SESSION} (do not edit inside; keyless configure rewrites it)\n[profile x]\nregion = eu-west-1\n`;
    writeFileSync(dev.configPath, broken);
    const r = await dev.run(configureArgs("--all"));
    assert.equal(r.code, 65);
    assert.equal(dev.readConfig(), broken);
  });

  test("the user declines the device authorization: clear message, nothing written", async () => {
    const r = await dev.run(configureArgs("--all"), { device: "deny" });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Hint: The sign-in was declined/);
    assert.equal(dev.readConfig(), undefined);
    assert.ok(!dev.cacheFiles().includes(tokenCacheFileName(SESSION)), "no token cached");
  });
});

describe("keyless configure --from / keyless profiles", () => {
  test("the platform team's profile set is installed without listing the portal", async () => {
    mkdirSync(join(dev.home, "infra"));
    writeFileSync(
      join(dev.home, "infra", "keyless.yaml"),
      `version: 1
identityCenter:
  region: eu-central-1
accounts:
  dev: "${DEV}"
  prod: "${PROD}"
organizationalUnits:
  workloads: ou-ab12-34cd56ef
groups:
  platform-engineers:
    description: Platform
    members: []
permissionSets:
  terraform-core:
    description: core
  terraform-iam:
    description: iam
assignments:
  - principals: [group:platform-engineers]
    permissionSets: [terraform-core, terraform-iam]
    targets: [account:dev]
  - principals: [group:platform-engineers]
    permissionSets: [terraform-core]
    targets: [account:prod, ou:workloads]
`,
    );
    const p = await dev.run([
      "profiles",
      "-c",
      "infra/keyless.yaml",
      "--start-url",
      START_URL,
      "--out",
      "profiles.json",
    ]);
    assert.equal(p.code, 0, p.stderr);
    assert.match(
      p.stderr,
      /Note: Assignments to organizational units are not expanded offline: terraform-core on OU workloads \(ou-ab12-34cd56ef\)/,
    );
    const set = JSON.parse(readFileSync(join(dev.home, "profiles.json"), "utf8"));
    assert.equal(set.keylessProfileSet, 1);
    assert.deepEqual(set.session, { name: SESSION, startUrl: START_URL, region: "eu-central-1" });
    assert.deepEqual(
      set.profiles.map(
        (x: { name: string; accountId: string; roleName: string }) =>
          `${x.name} ${x.accountId} ${x.roleName}`,
      ),
      [
        "dev-terraform-core 111111111111 terraform-core",
        "dev-terraform-iam 111111111111 terraform-iam",
        "prod-terraform-core 222222222222 terraform-core",
      ],
    );

    const dry = await dev.run(["configure", "--from", "profiles.json", "--dry-run"]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(dev.standin.calls(), [], "a dry run of a profile set needs no network");
    assert.equal(dev.readConfig(), undefined);

    const r = await dev.run(["configure", "--from", "profiles.json", "--use-device-code", "--no-browser"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(profilesIn(dev.readConfig() ?? ""), [
      "dev-terraform-core",
      "dev-terraform-iam",
      "prod-terraform-core",
    ]);
    const ops = dev.standin.calls().map((c) => c.operation);
    assert.ok(ops.includes("StartDeviceAuthorization"), "still signs in for the token");
    assert.ok(!ops.includes("ListAccounts") && !ops.includes("ListAccountRoles"));
  });

  test("YAML output and a filter on install", async () => {
    writeFileSync(
      join(dev.home, "keyless.yaml"),
      `version: 1\nidentityCenter:\n  region: eu-central-1\naccounts:\n  dev: "${DEV}"\ngroups:\n  g:\n    members: []\npermissionSets:\n  terraform-core:\n    description: core\nassignments:\n  - principals: [group:g]\n    permissionSets: [terraform-core]\n    targets: [account:dev]\n`,
    );
    const p = await dev.run([
      "profiles",
      "--start-url",
      START_URL,
      "--profile-name",
      "terraform-{account}",
      "--out",
      "set.yaml",
    ]);
    assert.equal(p.code, 0, p.stderr);
    const yaml = readFileSync(join(dev.home, "set.yaml"), "utf8");
    assert.match(yaml, /^# keyless profile set/);
    assert.match(yaml, /name: terraform-dev/);
    const r = await dev.run(["configure", "--from", "set.yaml", "--role", "terraform-core", "--dry-run"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\+\[profile terraform-dev\]/);
  });

  test("a bad profile-set file: every problem named, exit 65, nothing written", async () => {
    writeFileSync(
      join(dev.home, "bad.json"),
      JSON.stringify({
        keylessProfileSet: 3,
        session: { name: "x", startUrl: "http://nope", region: "eu-central-1" },
        profiles: [{ name: "a", accountId: "123", roleName: "r", extra: 1 }],
      }),
    );
    const r = await dev.run(["configure", "--from", "bad.json"]);
    assert.equal(r.code, 65);
    assert.match(r.stderr, /bad\.json is not a valid keyless profile set/);
    assert.match(r.stderr, /keylessProfileSet: must be 1 or 2 \(the profile-set format version/);
    assert.match(r.stderr, /session\.startUrl: must be an https:\/\/ URL/);
    assert.match(r.stderr, /profiles\[0\]\.accountId: must be a 12-digit account id/);
    assert.match(r.stderr, /profiles\[0\]/);
    writeFileSync(join(dev.home, "notjson.json"), "{ nope: [");
    const r2 = await dev.run(["configure", "--from", "notjson.json"]);
    assert.equal(r2.code, 65);
    assert.match(r2.stderr, /not valid JSON or YAML/);
    const r3 = await dev.run(["configure", "--from", "missing.json"]);
    assert.equal(r3.code, 64);
    assert.match(r3.stderr, /cannot read the file \(ENOENT\)/);
    assert.deepEqual(dev.standin.calls(), []);
    assert.equal(dev.readConfig(), undefined);
  });

  test("profiles without --start-url, or with a keyless.yaml that is invalid", async () => {
    const r = await dev.run(["profiles"]);
    assert.equal(r.code, 64);
    assert.match(r.stderr, /needs --start-url/);
    writeFileSync(join(dev.home, "keyless.yaml"), "version: 1\nidentityCenter: {}\n");
    const r2 = await dev.run(["profiles", "--start-url", START_URL]);
    assert.equal(r2.code, 65);
  });
});
