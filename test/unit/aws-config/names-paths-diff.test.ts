import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KeylessError } from "../../../src/errors/keyless-error.ts";
import { dryRunDiff } from "../../../src/local/aws-config/diff.ts";
import { configFilePath } from "../../../src/local/aws-config/paths.ts";
import { DEFAULT_PROFILE_TEMPLATE, profileName } from "../../../src/local/aws-config/profile-name.ts";

const vars = { account: "Dev", accountId: "111111111111", role: "terraform-core", session: "acme" };

describe("profileName", () => {
  it("expands the default template {account}-{role}", () => {
    assert.equal(DEFAULT_PROFILE_TEMPLATE, "{account}-{role}");
    assert.equal(profileName(DEFAULT_PROFILE_TEMPLATE, vars), "dev-terraform-core");
  });

  it("expands every placeholder", () => {
    assert.equal(profileName("terraform-{account}", vars), "terraform-dev");
    assert.equal(profileName("{session}-{accountId}-{role}", vars), "acme-111111111111-terraform-core");
  });

  it("lower-cases and replaces unsafe characters with a single -", () => {
    assert.equal(
      profileName("{account}-{role}", { ...vars, account: "Acme Prod (EU)", role: "Admin/Access" }),
      "acme-prod-eu-admin-access",
    );
    assert.equal(profileName("{account}", { ...vars, account: "  Ünï Prod  " }), "uni-prod");
    assert.equal(profileName("{account}.{role}", { ...vars, account: "a_b" }), "a_b.terraform-core");
  });

  it("rejects unknown placeholders and empty results", () => {
    assert.throws(
      () => profileName("{acount}", vars),
      (e: unknown) => e instanceof KeylessError && /\{acount\}/.test(e.message),
    );
    assert.throws(() => profileName("{account}", { ...vars, account: "***" }), /empty name/);
  });
});

describe("configFilePath", () => {
  it("defaults to <home>/.aws/config", () => {
    assert.equal(configFilePath({}, "/home/u"), "/home/u/.aws/config");
    assert.equal(configFilePath({ AWS_CONFIG_FILE: "" }, "/home/u"), "/home/u/.aws/config");
  });

  it("honours AWS_CONFIG_FILE with ~ expansion", () => {
    assert.equal(configFilePath({ AWS_CONFIG_FILE: "/etc/aws/config" }, "/home/u"), "/etc/aws/config");
    assert.equal(
      configFilePath({ AWS_CONFIG_FILE: "~/work/aws-config" }, "/home/u"),
      "/home/u/work/aws-config",
    );
  });

  it("ignores the credentials file variables", () => {
    assert.equal(
      configFilePath({ AWS_SHARED_CREDENTIALS_FILE: "/x/credentials" }, "/home/u"),
      "/home/u/.aws/config",
    );
  });
});

describe("dryRunDiff", () => {
  it("is empty when nothing changes", () => {
    assert.equal(dryRunDiff("[default]\n", "[default]\n"), "");
  });

  it("is a unified diff naming the file", () => {
    const d = dryRunDiff(
      "[default]\nregion = x\n",
      "[default]\nregion = x\n\n[profile p]\n",
      "/home/u/.aws/config",
    );
    assert.match(d, /^--- \/home\/u\/\.aws\/config\tcurrent$/m);
    assert.match(d, /^\+\+\+ \/home\/u\/\.aws\/config\tafter keyless configure$/m);
    assert.match(d, /^@@ -1,2 \+1,4 @@$/m);
    assert.match(d, /^\+\[profile p\]$/m);
  });
});
