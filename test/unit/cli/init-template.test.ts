import assert from "node:assert/strict";
import { test } from "node:test";
import { parse } from "yaml";
import { accountKey, starterConfig } from "../../../src/commands/init-template.ts";

test("account names become YAML-safe keys, duplicates numbered", () => {
  assert.equal(accountKey("Dev Account (EU)"), "dev-account-eu");
  assert.equal(accountKey("***"), "account");
  const text = starterConfig({
    region: "eu-west-1",
    accounts: [
      { name: "Prod", id: "123456789012" },
      { name: "prod", id: "210987654321" },
    ],
    discovered: true,
  });
  const doc = parse(text);
  assert.deepEqual(doc.accounts, { prod: "123456789012", "prod-2": "210987654321" });
});

test("the starter file is YAML with the eight domain permission sets assigned to the dev account", () => {
  const text = starterConfig({
    region: "eu-central-1",
    instanceArn: "arn:aws:sso:::instance/ssoins-0123456789abcdef",
    identityStoreId: "d-0123456789",
    accounts: [
      { name: "management", id: "111111111111" },
      { name: "dev", id: "222222222222" },
    ],
    discovered: true,
  });
  const doc = parse(text);
  assert.equal(doc.identityCenter.instanceArn, "arn:aws:sso:::instance/ssoins-0123456789abcdef");
  assert.equal(Object.keys(doc.permissionSets).length, 8);
  assert.deepEqual(doc.assignments[0].targets, ["account:dev"]);
  assert.match(text, /^# keyless\.yaml/);
});
