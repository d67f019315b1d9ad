/**
 * The pure pieces of the developer commands, without servers: start URL and region checks, durations,
 * the numbered-selection parser, flag selection, and the profile set built from keyless.yaml.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseProfileSet, serializeProfileSet } from "../../../src/commands/developer/profile-set.ts";
import { parseNumbers, selectByFlags } from "../../../src/commands/developer/select.ts";
import { checkStartUrl, defaultSessionName } from "../../../src/commands/developer/start-url.ts";
import { formatRemaining, isoSeconds, parseDuration } from "../../../src/commands/developer/time.ts";
import { buildProfileSet } from "../../../src/commands/profiles.ts";
import { parseConfig } from "../../../src/config/load.ts";

describe("start URL", () => {
  test("portal hosts are accepted and normalised", () => {
    assert.deepEqual(checkStartUrl("https://d-1234567890.awsapps.com/start/#/", "eu-central-1"), {
      url: "https://d-1234567890.awsapps.com/start",
    });
    assert.deepEqual(checkStartUrl("https://ssoins-abc.portal.eu-central-1.app.aws/", "eu-central-1"), {
      url: "https://ssoins-abc.portal.eu-central-1.app.aws",
    });
    assert.equal(defaultSessionName("https://acme.awsapps.com/start"), "acme");
  });

  test("vanity hosts warn; wrong schemes, ports and AWS look-alikes are refused", () => {
    assert.match(checkStartUrl("https://sso.acme.example/start", "eu-west-1").warning ?? "", /vanity/);
    for (const bad of [
      "http://d-1.awsapps.com/start",
      "https://user:pw@d-1.awsapps.com/start",
      "https://d-1.awsapps.com:8443/start",
      "https://x.amazonaws.com/start",
      "https://localhost/start",
      "ftp://d-1.awsapps.com/start",
    ]) {
      assert.throws(() => checkStartUrl(bad, "eu-west-1"), { code: "USAGE" }, bad);
    }
  });
});

describe("durations", () => {
  test("parse and format", () => {
    assert.equal(parseDuration("30m", "x"), 30 * 60_000);
    assert.equal(parseDuration("1h30m", "x"), 90 * 60_000);
    assert.equal(parseDuration("90s", "x"), 90_000);
    assert.equal(parseDuration("45", "x"), 45 * 60_000);
    for (const bad of ["", "m", "1d", "-5m", "1.5h", "30 m"])
      assert.throws(() => parseDuration(bad, "x"), { code: "USAGE" });
    assert.equal(formatRemaining(0), "expired");
    assert.equal(formatRemaining(59_000), "59s");
    assert.equal(formatRemaining(61 * 60_000), "1h 1m");
    assert.equal(isoSeconds(Date.UTC(2025, 0, 15, 9, 0, 0, 999)), "2025-01-15T09:00:00Z");
  });
});

describe("selection", () => {
  const c = [
    { accountId: "111111111111", accountName: "dev", roleName: "a" },
    { accountId: "111111111111", accountName: "dev", roleName: "b" },
    { accountId: "222222222222", accountName: "Prod", roleName: "a" },
  ];
  test("numbers and ranges", () => {
    assert.deepEqual(parseNumbers("1, 3", 3), [0, 2]);
    assert.deepEqual(parseNumbers("2-3 1", 3), [0, 1, 2]);
    assert.equal(parseNumbers("4", 3), undefined);
    assert.equal(parseNumbers("0", 3), undefined);
    assert.equal(parseNumbers("3-1", 3), undefined);
    assert.equal(parseNumbers("dev", 3), undefined);
  });
  test("flags: account by id or name (any case), role, intersection", () => {
    assert.deepEqual(selectByFlags(c, { accounts: ["prod"] }), [c[2]]);
    assert.deepEqual(selectByFlags(c, { roles: ["a"] }), [c[0], c[2]]);
    assert.deepEqual(selectByFlags(c, { accounts: ["111111111111"], roles: ["b"] }), [c[1]]);
    assert.throws(
      () => selectByFlags(c, { accounts: ["Prod"], roles: ["b"] }),
      /no such role in the chosen accounts/,
    );
    assert.throws(() => selectByFlags(c, { all: true, roles: ["a"] }), /--all cannot be combined/);
  });
});

describe("profile set", () => {
  const yaml = `version: 1
identityCenter:
  region: eu-west-1
accounts:
  dev: "111111111111"
organizationalUnits:
  apps: ou-ab12-34cd56ef
groups:
  g:
    members: []
permissionSets:
  terraform-core:
    description: c
assignments:
  - principals: [group:g]
    permissionSets: [terraform-core]
    targets: [account:dev, ou:apps]
  - principals: [group:g]
    permissionSets: [terraform-core]
    targets: [account:dev]
`;
  const session = { name: "acme", startUrl: "https://acme.awsapps.com/start", region: "eu-west-1" };

  test("account targets become profiles once; OU targets become a note", () => {
    const set = buildProfileSet(parseConfig(yaml, "keyless.yaml").desired, session, {
      defaultRegion: "eu-central-1",
    });
    assert.deepEqual(set.profiles, [
      {
        name: "dev-terraform-core",
        accountId: "111111111111",
        accountName: "dev",
        roleName: "terraform-core",
        region: "eu-central-1",
      },
    ]);
    assert.match(set.notes?.[0] ?? "", /terraform-core on OU apps \(ou-ab12-34cd56ef\)/);
  });

  test("JSON and YAML round trip through the reader", () => {
    const set = buildProfileSet(parseConfig(yaml, "keyless.yaml").desired, session);
    assert.deepEqual(parseProfileSet(serializeProfileSet(set), "a.json"), set);
    assert.deepEqual(parseProfileSet(serializeProfileSet(set, "a.yaml"), "a.yaml"), set);
  });

  test("duplicate names and unquoted YAML account ids are refused", () => {
    const dup = {
      keylessProfileSet: 1,
      session,
      profiles: [
        { name: "x", accountId: "111111111111", roleName: "a" },
        { name: "x", accountId: "111111111111", roleName: "b" },
      ],
    };
    assert.throws(
      () => parseProfileSet(JSON.stringify(dup), "d.json"),
      (e: Error & { details?: string[] }) =>
        /profiles\[1\]\.name: "x" is listed twice/.test(e.details?.join("\n") ?? ""),
    );
    const unquoted = `keylessProfileSet: 1\nsession: {name: acme, startUrl: "https://acme.awsapps.com/start", region: eu-west-1}\nprofiles:\n  - {name: x, accountId: 011111111111, roleName: a}\n`;
    assert.throws(
      () => parseProfileSet(unquoted, "u.yaml"),
      (e: Error & { details?: string[] }) => /profiles\[0\]\.accountId/.test(e.details?.join("\n") ?? ""),
    );
  });
});
