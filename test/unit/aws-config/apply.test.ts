import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KeylessError } from "../../../src/errors/keyless-error.ts";
import {
  type ApplyManagedInput,
  applyManagedProfiles,
  type ManagedProfile,
} from "../../../src/local/aws-config/apply.ts";
import { parseConfigFile } from "../../../src/local/aws-config/parse.ts";
import { MESSY_VALID } from "./fixtures.ts";

const SESSION = { name: "acme", startUrl: "https://d-1234567890.awsapps.com/start", region: "eu-central-1" };
const dev: ManagedProfile = {
  name: "terraform-dev",
  accountId: "111111111111",
  roleName: "terraform-core",
  region: "eu-central-1",
  output: "json",
};
const prod: ManagedProfile = { ...dev, name: "terraform-prod", accountId: "333333333333" };

const apply = (text: string, input: Partial<ApplyManagedInput> = {}) =>
  applyManagedProfiles(parseConfigFile(text, { path: "/home/u/.aws/config" }), {
    session: SESSION,
    profiles: [dev],
    ...input,
  });
const bytes = (s: string) => Buffer.from(s, "utf8");

const BLOCK_DEV = [
  "# BEGIN keyless managed block: sso-session acme (do not edit inside; keyless configure rewrites it)",
  "[sso-session acme]",
  "sso_start_url = https://d-1234567890.awsapps.com/start",
  "sso_region = eu-central-1",
  "sso_registration_scopes = sso:account:access",
  "",
  "[profile terraform-dev]",
  "sso_session = acme",
  "sso_account_id = 111111111111",
  "sso_role_name = terraform-core",
  "region = eu-central-1",
  "output = json",
  "# END keyless managed block: sso-session acme",
  "",
].join("\n");

describe("applyManagedProfiles: writing the block", () => {
  it("writes the whole block into an empty file", () => {
    const r = apply("");
    assert.equal(r.text, BLOCK_DEV);
    assert.equal(r.changed, true);
    assert.deepEqual(r.changes, [
      { action: "add", target: "sso-session", name: "acme" },
      { action: "add", target: "profile", name: "terraform-dev" },
    ]);
    assert.deepEqual(r.conflicts, []);
  });

  it("appends after the user's content, separated by one blank line, leaving it byte for byte", () => {
    const r = apply(MESSY_VALID);
    // MESSY_VALID has no final newline: one is added, then one blank line, then the block.
    assert.ok(bytes(r.text).equals(bytes(`${MESSY_VALID}\n\n${BLOCK_DEV}`)));
  });

  it("does not add a second blank line when the file already ends with one", () => {
    assert.equal(apply("[default]\nregion = x\n\n").text, `[default]\nregion = x\n\n${BLOCK_DEV}`);
    assert.equal(apply("[default]\nregion = x\n").text, `[default]\nregion = x\n\n${BLOCK_DEV}`);
  });

  it("uses CRLF inside the block of a CRLF file", () => {
    const before = "[default]\r\nregion = x\r\n";
    const r = apply(before);
    assert.ok(bytes(r.text).equals(bytes(`${before}\r\n${BLOCK_DEV.replaceAll("\n", "\r\n")}`)));
    const again = apply(r.text, { profiles: [dev, prod] });
    assert.ok(!/[^\r]\n/.test(again.text), "every line ends in CRLF");
  });

  it("is idempotent: the same request twice changes nothing", () => {
    const first = apply(MESSY_VALID, { profiles: [dev, prod] });
    const second = apply(first.text, { profiles: [prod, dev] });
    assert.equal(second.text, first.text);
    assert.equal(second.changed, false);
    assert.deepEqual(
      second.changes.map((c) => c.action),
      ["unchanged", "unchanged", "unchanged"],
    );
  });

  it("replaces the block in place, leaving what is before and after it untouched", () => {
    const before = "[default]\nregion = x\n\n";
    const after = "\n# user stuff after\n[profile mine]\nregion = y";
    const first = apply(before + BLOCK_DEV + after, { profiles: [dev] });
    assert.equal(first.changed, false);
    const r = apply(before + BLOCK_DEV + after, {
      profiles: [{ ...dev, region: "eu-west-1", output: undefined }],
    });
    assert.ok(r.text.startsWith(before));
    assert.ok(r.text.endsWith(after));
    assert.deepEqual(r.changes[1], {
      action: "update",
      target: "profile",
      name: "terraform-dev",
      fields: ["output", "region"],
    });
    assert.match(
      r.text,
      /\[profile terraform-dev\]\nsso_session = acme\nsso_account_id = 111111111111\nsso_role_name = terraform-core\nregion = eu-west-1\n# END/,
    );
  });

  it("keeps a block that ends the file without a final newline that way", () => {
    const text = `[default]\n\n${BLOCK_DEV.slice(0, -1)}`;
    const r = apply(text, { profiles: [prod] });
    assert.ok(r.text.endsWith("# END keyless managed block: sso-session acme"));
  });

  it("writes profiles in name order, the sso-session first, and the default scopes unless given", () => {
    const r = apply("", {
      session: { ...SESSION, scopes: ["sso:account:access", "codewhisperer:completions"] },
      profiles: [prod, dev],
    });
    const headers = r.text.split("\n").filter((l) => l.startsWith("["));
    assert.deepEqual(headers, ["[sso-session acme]", "[profile terraform-dev]", "[profile terraform-prod]"]);
    assert.match(r.text, /\nsso_registration_scopes = sso:account:access,codewhisperer:completions\n/);
  });

  it("writes a profile named default as [default]", () => {
    const r = apply("", { profiles: [{ ...dev, name: "default" }] });
    assert.match(r.text, /\n\[default\]\nsso_session = acme\n/);
  });

  it("never writes legacy sso keys into a profile", () => {
    const r = apply("", { profiles: [dev, prod] });
    const profileLines = r.text.split("[profile")[1]!;
    assert.doesNotMatch(profileLines, /sso_start_url|sso_region/);
  });
});

describe("applyManagedProfiles: conflicts", () => {
  it("does not overwrite a user's profile of the same name, but writes the rest", () => {
    const user = "[profile terraform-dev]\nregion = us-east-1\n";
    const r = apply(user, { profiles: [dev, prod] });
    assert.ok(r.text.startsWith(user));
    assert.equal(r.text.match(/\[profile terraform-dev\]/g)?.length, 1);
    assert.match(r.text, /\[profile terraform-prod\]/);
    assert.deepEqual(
      r.conflicts.map((c) => [c.target, c.name, c.reason, c.lineNo]),
      [["profile", "terraform-dev", "user-profile", 1]],
    );
    assert.match(r.conflicts[0]!.message, /\/home\/u\/\.aws\/config/);
  });

  it("counts a user's profile under any header botocore files it under", () => {
    for (const header of [
      "[profile   terraform-dev]",
      '[profile "terraform-dev"]',
      "[profilex terraform-dev]",
    ]) {
      const r = apply(`${header}\nregion = x\n`);
      assert.equal(r.conflicts[0]?.reason, "user-profile", header);
    }
    assert.equal(
      apply("[default]\n", { profiles: [{ ...dev, name: "default" }] }).conflicts[0]?.reason,
      "user-profile",
    );
    // not a profile for botocore: no conflict
    assert.deepEqual(apply("[ profile terraform-dev ]\nregion = x\n").conflicts, []);
  });

  it("does not take a profile from another session's block", () => {
    const other = applyManagedProfiles(parseConfigFile(""), {
      session: { ...SESSION, name: "other", startUrl: "https://other.awsapps.com/start" },
      profiles: [dev],
    }).text;
    const r = apply(other, { profiles: [dev, prod] });
    assert.ok(r.text.startsWith(other));
    assert.deepEqual(
      r.conflicts.map((c) => [c.name, c.reason, c.otherSession]),
      [["terraform-dev", "other-session", "other"]],
    );
    // and rewriting the other session later leaves acme's block alone
    const back = applyManagedProfiles(parseConfigFile(r.text), {
      session: { ...SESSION, name: "other", startUrl: "https://other.awsapps.com/start" },
      profiles: [],
      prune: true,
    });
    assert.ok(back.text.endsWith(r.text.slice(other.length)));
  });

  it("reports the same name asked twice and writes the first", () => {
    const r = apply("", { profiles: [dev, { ...prod, name: dev.name }] });
    assert.deepEqual(
      r.conflicts.map((c) => [c.name, c.reason]),
      [["terraform-dev", "duplicate-request"]],
    );
    assert.match(r.text, /sso_account_id = 111111111111/);
    assert.doesNotMatch(r.text, /333333333333/);
  });

  it("writes nothing when a user's sso-session of that name points elsewhere", () => {
    const user =
      "[sso-session acme]\nsso_start_url = https://elsewhere.awsapps.com/start\nsso_region = us-east-1\n";
    const r = apply(user);
    assert.equal(r.text, user);
    assert.equal(r.changed, false);
    assert.deepEqual(
      r.conflicts.map((c) => [c.target, c.reason, c.lineNo]),
      [["sso-session", "session-mismatch", 1]],
    );
  });

  it("reuses an identical sso-session outside the block instead of writing a duplicate", () => {
    const user = `[sso-session acme]\nsso_start_url = ${SESSION.startUrl}/\nsso_region = ${SESSION.region}\n`;
    const r = apply(user);
    assert.equal(r.text.match(/\[sso-session acme\]/g)?.length, 1);
    assert.equal(r.changes[0]?.action, "reuse");
    assert.deepEqual(parseConfigFile(r.text).problems, []);
  });
});

describe("applyManagedProfiles: stale profiles and prune", () => {
  const withBoth = apply("[default]\nregion = x\n", { profiles: [dev, prod] }).text;

  it("keeps this session's profiles that are no longer asked for, and says so", () => {
    const r = apply(withBoth, { profiles: [prod] });
    assert.match(r.text, /\[profile terraform-dev\]\nsso_session = acme\nsso_account_id = 111111111111/);
    assert.deepEqual(
      r.changes.map((c) => `${c.action} ${c.name}`),
      ["unchanged acme", "unchanged terraform-prod", "keep-stale terraform-dev"],
    );
    assert.equal(r.changed, false);
  });

  it("removes them with prune, and only them", () => {
    const user = "[profile mine]\nregion = y\n\n";
    const r = apply(user + withBoth, { profiles: [prod], prune: true });
    assert.doesNotMatch(r.text, /terraform-dev/);
    assert.ok(r.text.startsWith(`${user}[default]\nregion = x\n\n`));
    assert.deepEqual(
      r.changes.map((c) => `${c.action} ${c.name}`),
      ["unchanged acme", "unchanged terraform-prod", "remove terraform-dev"],
    );
  });

  it("prune never touches the user's profiles or another session's block", () => {
    const other = applyManagedProfiles(parseConfigFile("[profile mine]\n"), {
      session: { ...SESSION, name: "other" },
      profiles: [{ ...dev, name: "other-dev" }],
    }).text;
    const r = apply(other, { profiles: [], prune: true });
    assert.ok(r.text.startsWith(other));
    assert.deepEqual(r.changes, [{ action: "add", target: "sso-session", name: "acme" }]);
  });

  it("drops a foreign section found inside the block and reports it", () => {
    const tampered = withBoth.replace(
      "[profile terraform-prod]",
      "[plugins]\nx = 1\n\n[profile terraform-prod]",
    );
    const r = apply(tampered, { profiles: [dev, prod] });
    assert.equal(r.text, withBoth);
    assert.ok(r.changes.some((c) => c.action === "remove" && c.target === "section" && c.name === "plugins"));
  });
});

describe("applyManagedProfiles: refuses what it cannot edit safely", () => {
  const refuses = (text: string, re: RegExp) =>
    assert.throws(
      () => apply(text),
      (err: unknown) => err instanceof KeylessError && err.code === "CONFIG_INVALID" && re.test(err.message),
    );

  it("a file botocore rejects, naming file and line", () => {
    refuses("region = x\n[default]\n", /^\/home\/u\/\.aws\/config:1: text before the first \[section\]/);
    refuses("[default]\nregion = x\n[default]\n", /config:3: section \[default\] appears twice/);
  });

  it("a block whose BEGIN has no END", () => {
    refuses(BLOCK_DEV.split("# END")[0]!, /config:1: keyless managed block for sso-session acme has no END/);
  });

  it("bad input values, before producing any text", () => {
    const bad = (input: Partial<ApplyManagedInput>) =>
      assert.throws(
        () => apply("", input),
        (e: unknown) => e instanceof KeylessError && e.code === "USAGE",
      );
    bad({ profiles: [{ ...dev, name: "has space" }] });
    bad({ profiles: [{ ...dev, name: "a]b" }] });
    bad({ profiles: [{ ...dev, accountId: "12345" }] });
    bad({ profiles: [{ ...dev, region: "eu-central-1 # x" }] });
    bad({ session: { ...SESSION, startUrl: "http://insecure.example.com" } });
    bad({ session: { ...SESSION, startUrl: "https://x.awsapps.com/start ;x" } });
    bad({ session: { ...SESSION, name: "a\nb" } });
    bad({ profiles: [{ ...dev, extra: { aws_access_key_id: "x" } }] });
    bad({ profiles: [{ ...dev, extra: { keyless_state_bucket: "a b" } }] });
    bad({ profiles: [{ ...dev, extra: { keyless_state_bucket: "a#b" } }] });
    bad({ profiles: [{ ...dev, extra: { keyless_state_bucket: "a\n[profile x]" } }] });
  });
});

describe("applyManagedProfiles: keyless's own profile keys", () => {
  it("are written after the standard keys, and a change to them is an update naming them", () => {
    const extra = { keyless_state_bucket: "acme-tfstate", keyless_state_region: "eu-central-1" };
    const first = apply("", { profiles: [{ ...dev, extra }] });
    assert.match(
      first.text,
      /\[profile terraform-dev\]\nsso_session = acme\nsso_account_id = 111111111111\nsso_role_name = terraform-core\nregion = eu-central-1\noutput = json\nkeyless_state_bucket = acme-tfstate\nkeyless_state_region = eu-central-1\n/,
    );
    const again = apply(first.text, {
      profiles: [{ ...dev, extra: { ...extra, keyless_state_bucket: "other" } }],
    });
    assert.deepEqual(
      again.changes.filter((c) => c.target === "profile").map((c) => [c.action, c.fields]),
      [["update", ["keyless_state_bucket"]]],
    );
    const without = apply(again.text, { profiles: [dev] });
    assert.doesNotMatch(without.text, /keyless_state_/);
  });
});
