/**
 * `keyless import` as a platform engineer adopting an existing Identity Center runs it: the built CLI
 * as a child process against moto behind the Identity Center stand-in, on an instance set up through
 * the AWS API (test/e2e/import-seed.ts: 44 permission sets of mixed kinds, 111 assignments, most of
 * them OU-shaped, managed and externally synced users). The round trip: import, then `plan
 * --detailed-exitcode` exits 0 and `apply` makes no write call at all. Import itself never writes AWS;
 * wrong input is refused with a documented exit code, and no file is written.
 */
import assert from "node:assert/strict";
import { chmod, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parse } from "yaml";
import { type AdminWorld, startAdminWorld } from "./admin-harness.ts";
import { IMPORT_ORG, type SeededInstance, seedInstance } from "./import-seed.ts";

const FAST = ["--requests-per-second", "500"];

let w: AdminWorld;
let seeded: SeededInstance;

/** A fresh organization and instance, seeded, with no keyless.yaml in the working directory. */
async function freshInstance(): Promise<void> {
  await w.reset(IMPORT_ORG);
  await rm(join(w.dirs.work, "keyless.yaml"));
  seeded = await seedInstance(w.proxy.endpoint, "eu-central-1", w.proxy, w.org.accounts);
  w.proxy.clearCalls();
}

const file = (name = "keyless.yaml") => join(w.dirs.work, name);
const readYaml = async (name?: string) => parse(await readFile(file(name), "utf8"));

before(async () => {
  w = await startAdminWorld();
});
after(async () => {
  await w?.stop();
});

describe("keyless import: the round trip", () => {
  before(freshInstance);

  test("imports the whole instance without one write call to AWS", async () => {
    assert.equal(seeded.assignments, 111);
    assert.equal(Object.keys(seeded.permissionSetArns).length, 44);
    const r = await w.keyless(["import", ...FAST]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(w.writeCalls(), []);
    assert.match(
      r.stdout,
      /^Wrote .*keyless\.yaml: 14 users \(4 external\), 5 groups \(1 external\), 44 permission sets \(12 from presets\), 111 assignments in 11 rules, 12 accounts, 4 OUs from arn:aws:sso:::instance\/ssoins-/,
    );
    assert.match(
      r.stderr,
      /^Importing IAM Identity Center arn:aws:sso:::instance\/ssoins-\w+ \(identity store d-/,
    );
    assert.match(r.stderr, /Read 111 account assignments/);
    assert.doesNotMatch(r.stderr, /Warning/);
  });

  test("the file: external users, members, presets, policies, boundaries, tags, compact OU-shaped rules", async () => {
    const doc = await readYaml();
    const { accounts, organizationalUnits: ous } = doc;
    assert.equal(accounts["dev-a"], w.org.accounts["dev-a"]);
    assert.equal(accounts.master, "123456789012");
    assert.deepEqual(Object.keys(ous).sort(), ["dev", "prod", "staging", "workloads"]);
    assert.equal(ous.workloads, w.org.ous.workloads);
    assert.deepEqual(doc.users["okta.mallory"], { external: true });
    assert.deepEqual(doc.users.alice, {
      displayName: "alice Example",
      givenName: "alice",
      familyName: "Example",
      email: "alice@example.com",
    });
    assert.deepEqual(doc.groups["okta-admins"], { external: true });
    assert.deepEqual(doc.groups["platform-engineers"], {
      description: "Platform team",
      members: ["alice", "bob", "okta.mallory"],
    });
    const ps = doc.permissionSets;
    assert.deepEqual(ps["terraform-core"], {
      description: "Terraform: core",
      sessionDuration: "PT8H",
      preset: "terraform-core",
      tags: { team: "platform" },
    });
    assert.equal(ps["terraform-iam-plus"].preset, "terraform-iam");
    assert.deepEqual(ps["terraform-iam-plus"].extraStatements, [
      { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::artifacts-3/*" },
    ]);
    assert.equal(ps["app-00"].inlinePolicy.Statement.Sid, "App0");
    assert.equal(ps["app-00"].relayState, "https://console.aws.amazon.com/s3/home");
    assert.deepEqual(ps["app-00"].tags, { costCenter: "cc-0" }, "managed-by is keyless's own, never written");
    assert.deepEqual(ps["customer-1"].customerManagedPolicies, [
      "Common",
      { name: "TeamPolicy1", path: "/teams/" },
    ]);
    assert.deepEqual(ps["customer-1"].permissionsBoundary, {
      customerManagedPolicy: { name: "Boundary", path: "/fence/" },
    });
    assert.deepEqual(ps["customer-0"].permissionsBoundary, {
      managedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess",
    });
    const rules = doc.assignments as { principals: string[]; permissionSets: string[]; targets: string[] }[];
    const platform = rules.find(
      (r) => r.principals[0] === "group:platform-engineers" && r.targets[0] === "ou:workloads",
    );
    assert.equal(platform?.permissionSets.length, 8);
    assert.deepEqual(
      rules.find((r) => r.principals[0] === "group:security team")?.targets,
      ["account:audit", "account:prod-a", "account:security"],
      "prod-a alone is not an OU's whole set of accounts",
    );
    assert.deepEqual(rules.find((r) => r.principals[0] === "user:alice")?.targets, [
      "account:sandbox-1",
      "account:shared",
    ]);
    assert.ok(rules.every((r) => r.principals.length === 1));
  });

  test("keyless plan --detailed-exitcode exits 0: no changes", async () => {
    const r = await w.keyless(["plan", "--detailed-exitcode", ...FAST]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /No changes\. AWS matches keyless\.yaml\./);
    assert.deepEqual(w.writeCalls(), []);
  });

  test("keyless apply makes zero write calls (no re-provisioning of the 44 adopted sets)", async () => {
    w.proxy.clearCalls();
    const r = await w.keyless(["apply", "--auto-approve", ...FAST]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(w.writeCalls(), []);
    assert.ok(!w.calls().some((c) => c.endsWith(".ProvisionPermissionSet")));
  });

  test("a tag-only change is applied with TagResource and re-provisions nothing", async () => {
    const text = await readFile(file(), "utf8");
    await writeFile(
      file(),
      text.replace('      team: ops\n      tier: "0"\n', '      team: ops\n      tier: "zero"\n'),
    );
    w.proxy.clearCalls();
    const r = await w.keyless(["apply", "--auto-approve", ...FAST]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /~ permission_set\["ops-0"\]/);
    // The ownership tag is written along with the changed one, as information for humans.
    assert.deepEqual(w.writeCalls(), ["SWBExternalService.TagResource"]);
    const again = await w.keyless(["plan", "--detailed-exitcode", ...FAST]);
    assert.equal(again.code, 0, again.stdout + again.stderr);
  });
});

describe("keyless import: options", () => {
  before(freshInstance);

  test("--dry-run prints the file and writes nothing (no file, no AWS write)", async () => {
    const r = await w.keyless(["import", "--dry-run", ...FAST]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^# keyless\.yaml written by `keyless import`/);
    assert.equal(parse(r.stdout).permissionSets["ops-5"].tags.tier, "5");
    assert.match(r.stderr, /Dry run: would write .*keyless\.yaml \(14 users.*\); nothing was written\./);
    await assert.rejects(stat(file()));
    assert.deepEqual(w.writeCalls(), []);
  });

  test("--json prints one JSON document: counts, warnings, and the file's path", async () => {
    const r = await w.keyless(["import", "--json", "-c", "json.yaml", ...FAST]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    const out = JSON.parse(r.stdout);
    assert.equal(out.path, file("json.yaml"));
    assert.equal(out.written, true);
    assert.deepEqual(out.counts.permissionSets, { preset: 12, inline: 12, noInlinePolicy: 20 });
    assert.equal(out.counts.assignments, 111);
    assert.deepEqual(out.differences, []);
    assert.deepEqual(out.errors, []);
  });

  test("--permission-sets 'app-*': those sets and all their holders (the others only looked up)", async () => {
    const r = await w.keyless(["import", "--permission-sets", "app-*", "-c", "apps.yaml", ...FAST]);
    assert.equal(r.code, 0, r.stderr);
    const doc = await readYaml("apps.yaml");
    assert.deepEqual(
      Object.keys(doc.permissionSets),
      [...Array(12).keys()].map((i) => `app-${String(i).padStart(2, "0")}`),
    );
    // The holders of those sets, and the members of the groups among them; nobody else.
    assert.deepEqual(Object.keys(doc.users).sort(), [
      "alice",
      "carol",
      "dave",
      "erin",
      "judy",
      "okta.niaj",
      "okta.olivia",
    ]);
    assert.deepEqual(Object.keys(doc.groups), ["developers"]);
    assert.equal(doc.users.judy.email, "judy@example.com");
    const plan = await w.keyless(["plan", "--detailed-exitcode", "-c", "apps.yaml", ...FAST]);
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
  });

  test("--groups 'platform-*': that group, its members and its sets; other holders are external", async () => {
    const r = await w.keyless(["import", "--groups", "platform-*", "-c", "platform.yaml", ...FAST]);
    assert.equal(r.code, 0, r.stderr);
    const doc = await readYaml("platform.yaml");
    assert.deepEqual(Object.keys(doc.groups), ["platform-engineers"]);
    assert.deepEqual(Object.keys(doc.users).sort(), ["alice", "bob", "okta.mallory"]);
    assert.equal(Object.keys(doc.permissionSets).length, 11);
    const plan = await w.keyless(["plan", "--detailed-exitcode", "-c", "platform.yaml", ...FAST]);
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
  });

  test("--merge adds what the file lacks, keeps its comments and entries, and reports the conflicts", async () => {
    const own = (await readFile(file("platform.yaml"), "utf8"))
      .replace("version: 1\n", "# our platform file: hand-edited\nversion: 1\n")
      .replace('description: "Terraform: core"', "description: Terraform core, our words # a note");
    await writeFile(file("platform.yaml"), own);
    const r = await w.keyless(["import", "--merge", "-c", "platform.yaml", ...FAST]);
    assert.equal(r.code, 0, r.stderr);
    const text = await readFile(file("platform.yaml"), "utf8");
    assert.ok(text.startsWith(own.slice(0, own.indexOf("organizationalUnits:"))), "the start is unchanged");
    assert.match(text, /# our platform file: hand-edited/);
    assert.match(text, /description: Terraform core, our words # a note/);
    assert.match(text, /# added by keyless import\n {2}app-00:/);
    assert.match(
      r.stdout,
      /^Merged into .*platform\.yaml: added 11 users, 4 groups, 33 permission sets, 46 assignments in \d+ new rules, 0 accounts, 3 OUs\./,
    );
    assert.match(r.stderr, /conflict.*\n {2}~ permission_set\["terraform-core"\] \(changed: description\)/);
    const plan = await w.keyless(["plan", "--detailed-exitcode", "-c", "platform.yaml", ...FAST]);
    assert.equal(plan.code, 2, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /Plan: 0 to add, 1 to change, 0 to delete/);
    assert.deepEqual(w.writeCalls(), []);
  });
});

describe("keyless import: wrong input", () => {
  before(async () => {
    await w.reset();
    w.proxy.clearCalls();
  });

  test("an existing keyless.yaml without --merge: 73, untouched, AWS not called", async () => {
    const before = await readFile(file(), "utf8");
    const r = await w.keyless(["import"]);
    assert.equal(r.code, 73, r.stderr);
    assert.match(r.stderr, /keyless\.yaml already exists; keyless import never overwrites a file/);
    assert.match(r.stderr, /Hint: Add what it lacks with --merge/);
    assert.equal(await readFile(file(), "utf8"), before);
    assert.deepEqual(w.calls(), []);
  });

  test("a pattern that cannot match a name: 64 before AWS is called", async () => {
    for (const args of [
      ["--permission-sets", "Read Only*"],
      ["--groups", ""],
    ]) {
      const r = await w.keyless(["import", "-c", "new.yaml", ...args]);
      assert.equal(r.code, 64, r.stderr);
      assert.match(r.stderr, /^Error: --(permission-sets|groups)/);
    }
    assert.deepEqual(w.calls(), []);
    await assert.rejects(stat(file("new.yaml")));
  });

  test("a pattern that matches nothing: 64 naming the names there are, no file written", async () => {
    const r = await w.keyless(["import", "-c", "new.yaml", "--groups", "platfrom-*"]);
    assert.equal(r.code, 64, r.stderr);
    assert.match(r.stderr, /--groups "platfrom-\*" matches none of the 0 groups; nothing was written/);
    await assert.rejects(stat(file("new.yaml")));
    assert.deepEqual(w.writeCalls(), []);
  });

  test("a target that cannot be written (a directory, a path under a file): 73 before AWS is called", async () => {
    w.proxy.clearCalls();
    await mkdir(file("adir"));
    for (const target of ["adir", "keyless.yaml/inner.yaml"]) {
      const r = await w.keyless(["import", "-c", target]);
      assert.equal(r.code, 73, r.stderr);
      assert.match(
        r.stderr,
        /^Error: cannot write .*: (it is a directory|.*keyless\.yaml is not a directory)/,
      );
    }
    assert.deepEqual(w.calls(), []);
  });

  test("no permission to write in the directory: 73 (skipped as root, who may write anywhere)", async (t) => {
    if (process.getuid?.() === 0) return t.skip("root may write into a read-only directory");
    await mkdir(file("locked"));
    await chmod(file("locked"), 0o500);
    const r = await w.keyless(["import", "-c", "locked/keyless.yaml"]);
    assert.equal(r.code, 73, r.stderr);
    await chmod(file("locked"), 0o700);
  });

  test("no Identity Center instance: 69 with what to click, no file written", async () => {
    w.proxy.setNoInstance(true);
    try {
      const r = await w.keyless(["import", "-c", "new.yaml"]);
      assert.equal(r.code, 69, r.stderr);
      assert.match(r.stderr, /IAM Identity Center is not enabled in eu-central-1/);
      await assert.rejects(stat(file("new.yaml")));
    } finally {
      w.proxy.setNoInstance(false);
    }
  });

  test("--merge into an invalid keyless.yaml: 65 with file:line:col, untouched, AWS not called", async () => {
    w.proxy.clearCalls();
    const bad = w.config().replace("sessionDuration: PT8H", "sessionDuration: PT13H");
    await writeFile(file(), bad);
    const r = await w.keyless(["import", "--merge"]);
    assert.equal(r.code, 65, r.stderr);
    assert.match(r.stderr, /keyless\.yaml:\d+:\d+: permissionSets\.terraform-core\.sessionDuration/);
    assert.equal(await readFile(file(), "utf8"), bad);
    assert.deepEqual(w.calls(), []);
  });

  test("--help shows the flags, the exit codes and examples", async () => {
    const r = await w.keyless(["import", "--help"]);
    assert.equal(r.code, 0);
    for (const text of [
      "--merge",
      "--permission-sets <pattern>",
      "--groups <pattern>",
      "--users",
      "--dry-run",
      "73 = ",
      "Examples:",
    ])
      assert.ok(r.stdout.includes(text), text);
  });
});
