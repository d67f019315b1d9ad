/** `import --merge`: the file's text, comments and entries stay; what AWS adds goes after them. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseDocument } from "yaml";
import { parseConfig } from "../../../src/config/load.ts";
import { snapshotToActual } from "../../../src/import/actual.ts";
import { buildContent } from "../../../src/import/content.ts";
import { mergeInto, SECTION_ORDER } from "../../../src/import/merge.ts";
import { mergedText } from "../../../src/import/merge-text.ts";
import { renderedPresets } from "../../../src/import/presets.ts";
import { selectForImport } from "../../../src/import/select.ts";
import type { ImportSnapshot } from "../../../src/import/snapshot.ts";
import { verifyImport } from "../../../src/import/verify.ts";

const EXISTING = `# Our Identity Center, reviewed by the platform team.
version: 1
identityCenter:
  region: eu-central-1   # home region
accounts:
  development: "111122223333"   # our name for Dev Account
organizationalUnits: {}
users:
  alice: { displayName: Alice, givenName: Alice, familyName: A, email: alice@example.com }
  mallory: { remove: true }
groups:
permissionSets:
  read:
    description: Read only, our words
    managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]
assignments:
  - principals: [user:alice]
    permissionSets: [read]
    targets: [development]
`;

const spec = (name: string, description = "") => ({
  name,
  description,
  sessionDuration: "PT1H",
  relayState: "",
  inlinePolicy: "",
  managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
  customerManagedPolicies: [],
  permissionsBoundary: null,
  tags: {},
});
const person = (userId: string, userName: string) => ({
  userId,
  userName,
  displayName: userName,
  givenName: userName.charAt(0).toUpperCase() + userName.slice(1),
  familyName: "A",
  email: `${userName}@example.com`,
  external: false,
});

const SNAPSHOT: ImportSnapshot = {
  region: "eu-central-1",
  instanceArn: "arn:aws:sso:::instance/ssoins-1234567890abcdef",
  identityStoreId: "d-1234567890",
  users: [
    { ...person("u1", "alice"), displayName: "Alice", email: "alice@example.com" },
    person("u2", "bob"),
    person("u3", "mallory"),
  ],
  groups: [{ groupId: "g1", name: "ops", description: "", memberUserIds: ["u2", "u3"], external: false }],
  permissionSets: [
    { arn: "arn:read", name: "read", spec: spec("read", "Read only") },
    { arn: "arn:ops", name: "ops", spec: spec("ops") },
  ],
  assignments: [
    { principalType: "USER", principalId: "u1", permissionSetArn: "arn:read", accountId: "111122223333" },
    { principalType: "GROUP", principalId: "g1", permissionSetArn: "arn:ops", accountId: "111122223333" },
    { principalType: "GROUP", principalId: "g1", permissionSetArn: "arn:ops", accountId: "444455556666" },
    { principalType: "GROUP", principalId: "g1", permissionSetArn: "arn:ops", accountId: "777788889999" },
    { principalType: "USER", principalId: "u3", permissionSetArn: "arn:ops", accountId: "444455556666" },
  ],
  organization: {
    rootId: "r-ab12",
    units: [{ id: "ou-ab12-11111111", name: "Work Loads", parentId: "r-ab12" }],
    accounts: [
      { id: "111122223333", name: "Dev Account", status: "ACTIVE", parentId: "r-ab12" },
      { id: "444455556666", name: "prod 1", status: "ACTIVE", parentId: "ou-ab12-11111111" },
      { id: "777788889999", name: "prod 2", status: "ACTIVE", parentId: "ou-ab12-11111111" },
    ],
  },
};

function merge() {
  const existing = parseConfig(EXISTING, "/w/keyless.yaml");
  const doc = parseDocument(EXISTING);
  const { content } = buildContent(SNAPSHOT, selectForImport(SNAPSHOT, {}), {
    presets: renderedPresets(),
    existing: {
      accountNames: new Map([["111122223333", "development"]]),
      ouNames: new Map(),
      takenAccountNames: new Set(["development"]),
      takenOuNames: new Set(),
    },
  });
  const result = mergeInto(doc, existing.desired, content);
  return { result, text: mergedText(EXISTING, doc, result.additions, SECTION_ORDER) };
}

describe("import --merge", () => {
  const { result, text } = merge();

  it("keeps the file's text up to where entries are added, comments included", () => {
    assert.ok(text.startsWith(EXISTING.slice(0, EXISTING.indexOf("organizationalUnits:"))));
    assert.match(text, /region: eu-central-1 {3}# home region/);
    assert.match(
      text,
      /alice: \{ displayName: Alice, givenName: Alice, familyName: A, email: alice@example\.com \}/,
    );
    assert.match(text, /description: Read only, our words\n/);
  });

  it("adds what is missing: the OU (one line per entry), bob, the ops group and set, one new rule", () => {
    assert.match(
      text,
      /organizationalUnits:\n {2}# added by keyless import\n {2}Work-Loads: ou-ab12-11111111 # Work Loads\n/,
    );
    assert.match(text, /users:\n(?: {2}.*\n)+? {2}# added by keyless import\n {2}bob:\n/);
    assert.match(text, /groups:\n {2}# added by keyless import\n {2}ops:\n {4}members: \[bob\]\n/);
    assert.match(
      text,
      /assignments:\n(?:.*\n)+? {2}# added by keyless import\n {2}- principals: \[group:ops\]\n {4}permissionSets: \[ops\]\n {4}targets: \[ou:Work-Loads, account:development\]\n/,
    );
    assert.deepEqual(result.added, {
      accounts: [],
      organizationalUnits: ["Work-Loads"],
      users: ["bob"],
      groups: ["ops"],
      permissionSets: ["ops"],
      assignmentRules: 1,
      assignments: 3,
    });
  });

  it("adds nothing for a user the file marks remove: true, and says so", () => {
    assert.deepEqual(result.conflicts, [
      "group ops: member mallory is marked remove: true in the file; the membership was not imported",
      "user:mallory is marked remove: true in the file; its assignment of ops on 444455556666 was not imported",
    ]);
  });

  it("the merged file loads; what the next plan shows is exactly what the file keeps against AWS", () => {
    const v = verifyImport(text, "/w/keyless.yaml", snapshotToActual(SNAPSHOT));
    assert.ok(v.valid, v.valid ? "" : v.errors.join("\n"));
    assert.deepEqual(v.differences, [
      '~ permission_set["read"] (changed: description)',
      '- assignment["user:mallory", "ops", "444455556666"] (user mallory is marked remove)',
      '- membership["ops", "mallory"] (user mallory is marked remove)',
      '- user["mallory"] (user mallory is marked remove)',
    ]);
  });

  it("every line of the original is still there, byte for byte (aligned comments included)", () => {
    const lines = new Set(text.split("\n"));
    for (const line of EXISTING.split("\n"))
      if (line !== "organizationalUnits: {}") assert.ok(lines.has(line), line);
    assert.match(text, /^organizationalUnits:\n/m);
  });
});

describe("import --merge: sections the file lacks or writes in flow style", () => {
  const mergeText = (existingText: string) => {
    const existing = parseConfig(existingText, "/w/keyless.yaml");
    const doc = parseDocument(existingText);
    const { content } = buildContent(SNAPSHOT, selectForImport(SNAPSHOT, {}), {
      presets: renderedPresets(),
      existing: {
        accountNames: new Map(Object.entries(existing.desired.accounts).map(([k, v]) => [v, k])),
        ouNames: new Map(),
        takenAccountNames: new Set(Object.keys(existing.desired.accounts)),
        takenOuNames: new Set(),
      },
    });
    const result = mergeInto(doc, existing.desired, content);
    const text = mergedText(existingText, doc, result.additions, SECTION_ORDER);
    const v = verifyImport(text, "/w/keyless.yaml", snapshotToActual(SNAPSHOT));
    assert.ok(v.valid, v.valid ? "" : v.errors.join("\n"));
    return { text, v };
  };

  it("missing sections are added in the documented order, before the comments of the next section", () => {
    const { text, v } = mergeText(
      "version: 1\nidentityCenter: { region: eu-central-1 }\n\n# what may be deleted\nprune:\n  enabled: false\n",
    );
    assert.match(text, /^version: 1\nidentityCenter: \{ region: eu-central-1 \}\n\naccounts:\n/);
    assert.ok(text.indexOf("assignments:") < text.indexOf("# what may be deleted"));
    assert.match(text, /# what may be deleted\nprune:\n {2}enabled: false\n$/);
    assert.deepEqual(v.valid && v.differences, []);
  });

  it("a flow-style section with entries: the file is written by the yaml library (comments kept)", () => {
    const { text, v } = mergeText(
      "# top comment\nversion: 1\nidentityCenter: { region: eu-central-1 }\nusers: { alice: { displayName: Alice, givenName: Alice, familyName: A, email: alice@example.com } }\n",
    );
    assert.match(text, /^# top comment\n/);
    assert.match(text, /bob:/);
    assert.deepEqual(v.valid && v.differences, []);
  });
});
