/** What an import writes for users, groups and accounts, which filters select what, and the YAML style. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { buildContent, type Entry } from "../../../src/import/content.ts";
import { renderedPresets } from "../../../src/import/presets.ts";
import { selectForImport } from "../../../src/import/select.ts";
import type { ImportSnapshot } from "../../../src/import/snapshot.ts";
import { newDocumentText } from "../../../src/import/yaml.ts";

const PRESETS = renderedPresets();
const spec = (name: string) => ({
  name,
  description: "",
  sessionDuration: "PT1H",
  relayState: "",
  inlinePolicy: "",
  managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
  customerManagedPolicies: [],
  permissionsBoundary: null,
  tags: {},
});
const person = (userId: string, userName: string, external = false) => ({
  userId,
  userName,
  displayName: `${userName} X`,
  givenName: userName,
  familyName: "X",
  email: `${userName}@example.com`,
  external,
});

const SNAPSHOT: ImportSnapshot = {
  region: "eu-central-1",
  instanceArn: "arn:aws:sso:::instance/ssoins-1234567890abcdef",
  identityStoreId: "d-1234567890",
  users: [
    person("u1", "alice"),
    person("u2", "okta.bob", true),
    { ...person("u3", "carol"), email: "" },
    person("u4", "dave"),
    person("u5", "yes"),
  ],
  groups: [
    {
      groupId: "g1",
      name: "platform-engineers",
      description: "",
      memberUserIds: ["u1", "u2"],
      external: false,
    },
    { groupId: "g2", name: "idp-admins", description: "from okta", external: true },
    { groupId: "g3", name: "readers", description: "", memberUserIds: ["u4"], external: false },
  ],
  permissionSets: [
    { arn: "arn:ps-core", name: "terraform-core", spec: spec("terraform-core") },
    { arn: "arn:ps-read", name: "read", spec: spec("read") },
  ],
  assignments: [
    { principalType: "GROUP", principalId: "g1", permissionSetArn: "arn:ps-core", accountId: "111122223333" },
    { principalType: "GROUP", principalId: "g2", permissionSetArn: "arn:ps-core", accountId: "111122223333" },
    { principalType: "GROUP", principalId: "g3", permissionSetArn: "arn:ps-read", accountId: "111122223333" },
    { principalType: "USER", principalId: "u3", permissionSetArn: "arn:ps-read", accountId: "444455556666" },
    { principalType: "USER", principalId: "u5", permissionSetArn: "arn:ps-read", accountId: "777788889999" },
  ],
  organization: {
    rootId: "r-ab12",
    units: [],
    accounts: [
      { id: "111122223333", name: "Dev Account", status: "ACTIVE", parentId: "r-ab12" },
      { id: "444455556666", name: "old", status: "SUSPENDED", parentId: "r-ab12" },
      { id: "000011112222", name: "unused", status: "ACTIVE", parentId: "r-ab12" },
    ],
  },
};

describe("import: content", () => {
  const { content, counts } = buildContent(SNAPSHOT, selectForImport(SNAPSHOT, {}), { presets: PRESETS });
  const byKey = (entries: Entry[], key: string) => entries.find((e) => e.key === key);

  it("users: managed, synced from an IdP (ExternalIds), or a record keyless cannot manage", () => {
    assert.deepEqual(byKey(content.users, "alice")?.value, {
      displayName: "alice X",
      givenName: "alice",
      familyName: "X",
      email: "alice@example.com",
    });
    assert.deepEqual(byKey(content.users, "okta.bob"), {
      key: "okta.bob",
      value: { external: true },
      comment: "synced from an external identity provider (ExternalIds): looked up, never written",
    });
    assert.deepEqual(byKey(content.users, "carol")?.comment, "not managed: its email is empty in AWS");
    assert.deepEqual(counts.users, { managed: 3, external: 2 });
  });

  it("groups: managed with members (external members included), external ones without", () => {
    assert.deepEqual(byKey(content.groups, "platform-engineers")?.value, { members: ["alice", "okta.bob"] });
    assert.deepEqual(byKey(content.groups, "idp-admins")?.value, { external: true });
  });

  it("accounts: every active one by its Organizations name, plus assigned ones outside or suspended (warned)", () => {
    assert.deepEqual(
      content.accounts.map((e) => [e.key, e.value, e.comment]),
      [
        ["Dev-Account", "111122223333", "Dev Account"],
        ["account-777788889999", "777788889999", "not an account of the organization"],
        ["old", "444455556666", "SUSPENDED in the organization"],
        ["unused", "000011112222", undefined],
      ],
    );
    assert.equal(content.warnings.length, 2);
    assert.match(
      content.warnings[0] ?? "",
      /account old \(444455556666\) is SUSPENDED but holds assignments/,
    );
  });

  it("the YAML: quoted where YAML 1.1 readers would not see a string, comments on the entries' lines", () => {
    const text = newDocumentText(content, { lines: ["header"] });
    assert.match(text, /^# header\n\nversion: 1\n/);
    assert.match(text, /^ {2}"yes":$/m);
    assert.match(text, /^ {2}Dev-Account: "111122223333" # Dev Account$/m);
    assert.match(text, /^ {2}okta\.bob: \{external: true\} # synced from an external identity provider/m);
    assert.match(text, /^ {4}members: \[alice, okta\.bob\]$/m);
    assert.match(text, /^ {4}managedPolicies: \[arn:aws:iam::aws:policy\/ReadOnlyAccess\]$/m);
    assert.equal(parse(text).users.yes.email, "yes@example.com");
  });
});

describe("import: filters", () => {
  const names = (s: ReturnType<typeof selectForImport>) => ({
    sets: SNAPSHOT.permissionSets.filter((p) => s.permissionSetArns.has(p.arn)).map((p) => p.name),
    groups: SNAPSHOT.groups.filter((g) => s.groupIds.has(g.groupId)).map((g) => g.name),
    users: SNAPSHOT.users.filter((u) => s.userIds.has(u.userId)).map((u) => u.userName),
    assignments: s.assignments.length,
  });

  it("--permission-sets: those sets, the principals holding them, all of their assignments", () => {
    assert.deepEqual(names(selectForImport(SNAPSHOT, { permissionSets: ["terraform-*"] })), {
      sets: ["terraform-core"],
      groups: ["platform-engineers", "idp-admins"],
      users: [],
      assignments: 2,
    });
  });

  it("--groups: those groups and the sets they hold; other holders of those sets are only referenced", () => {
    const selection = selectForImport(SNAPSHOT, { groups: ["platform-*"] });
    assert.deepEqual(names(selection), {
      sets: ["terraform-core"],
      groups: ["platform-engineers"],
      users: [],
      assignments: 2,
    });
    const { content } = buildContent(SNAPSHOT, selection, { presets: PRESETS });
    assert.deepEqual(
      content.groups.map((e) => [e.key, e.referenceOnly ?? false]),
      [
        ["platform-engineers", false],
        ["idp-admins", true],
      ],
    );
    // Members of an imported group are named as users (looked up, not managed, without --users).
    assert.deepEqual(
      content.users.map((e) => [e.key, e.value]),
      [
        ["alice", { external: true }],
        ["okta.bob", { external: true }],
      ],
    );
  });

  it("--users alone: users and the sets they hold directly; --groups with --users: both", () => {
    assert.deepEqual(names(selectForImport(SNAPSHOT, { users: true })).sets, ["read"]);
    const both = names(selectForImport(SNAPSHOT, { users: true, groups: ["readers"] }));
    assert.deepEqual([both.sets, both.groups, both.users.length], [["read"], ["readers"], 5]);
  });

  it("a pattern that matches nothing is reported", () => {
    assert.deepEqual(
      selectForImport(SNAPSHOT, { groups: ["nope*"], permissionSets: ["read", "x"] }).unmatched,
      [
        { flag: "--permission-sets", pattern: "x" },
        { flag: "--groups", pattern: "nope*" },
      ],
    );
  });
});
