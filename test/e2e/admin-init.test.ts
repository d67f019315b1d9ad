/**
 * The platform engineer's first steps as a child process of the built CLI: `init` discovers the
 * instance and the organization's accounts through the endpoint, `validate` and `schema` work offline
 * (no AWS call at all), and the starter file goes through plan -out and apply FILE as written.
 */
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { type AdminWorld, startAdminWorld } from "./admin-harness.ts";

let w: AdminWorld;

before(async () => {
  w = await startAdminWorld();
});
after(async () => {
  await w?.stop();
});
beforeEach(async () => {
  await w.reset();
});

describe("init", () => {
  test("discovers the instance and the accounts; the file validates, plans and applies as written", async () => {
    const path = join(w.dirs.work, "starter.yaml");
    const r = await w.keyless(["init", "-c", "starter.yaml"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /^Discovered IAM Identity Center arn:aws:sso:::instance\/ssoins-\w+ and 3 accounts\./,
    );
    assert.match(
      r.stdout,
      /Wrote .*starter\.yaml\.\nNext: edit it, then run `keyless validate` and `keyless plan`\./,
    );
    const text = await readFile(path, "utf8");
    assert.match(text, /instanceArn: arn:aws:sso:::instance\/ssoins-/);
    assert.match(text, new RegExp(`  dev: "${w.org.accounts.dev}"`));
    assert.match(text, new RegExp(`  prod: "${w.org.accounts.prod}"`));
    assert.deepEqual(w.writeCalls(), []);

    const v = await w.keyless(["validate", "-c", "starter.yaml"]);
    assert.equal(v.code, 0, v.stderr);
    assert.match(
      v.stdout,
      /starter\.yaml is valid: 1 users, 1 groups, 8 permission sets, 1 assignment rules, 3 accounts/,
    );

    const plan = await w.keyless(["plan", "-c", "starter.yaml", "-out", "starter.plan"]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /Plan: 19 to add/);
    const applied = await w.keyless(["apply", "starter.plan"]);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.match(applied.stdout, /Apply complete! Resources: 19 added/);
    const again = await w.keyless(["plan", "-c", "starter.yaml", "--detailed-exitcode"]);
    assert.equal(again.code, 0, again.stdout + again.stderr);
  });

  test("--offline writes placeholders without any AWS call; an existing file is never overwritten", async () => {
    const r = await w.keyless(["init", "--offline", "--region", "eu-west-1", "-c", "offline.yaml"]);
    assert.equal(r.code, 0, r.stderr);
    const path = join(w.dirs.work, "offline.yaml");
    const first = await readFile(path, "utf8");
    assert.match(first, /region: eu-west-1/);
    assert.match(first, /dev: "111111111111"/);
    const again = await w.keyless(["init", "-c", "offline.yaml"]);
    assert.equal(again.code, 1, again.stderr);
    assert.match(again.stderr, /offline\.yaml already exists; keyless init never overwrites it/);
    assert.equal(await readFile(path, "utf8"), first);
    assert.deepEqual(w.calls(), []);
  });
});

describe("validate and schema: offline", () => {
  test("validate: valid file (0), invalid file with file:line:column (65), --json as data; no AWS call", async () => {
    const ok = await w.keyless(["validate"]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(
      ok.stdout,
      /keyless\.yaml is valid: 1 users, 1 groups, 1 permission sets, 1 assignment rules, 2 accounts, 0 OUs\./,
    );
    const okJson = JSON.parse((await w.keyless(["validate", "--json"])).stdout);
    assert.equal(okJson.valid, true);
    assert.deepEqual(okJson.counts.permissionSets, 1);

    await writeFile(
      join(w.dirs.work, "bad.yaml"),
      w.config().replace("members: [dave]", "members: [dave, mallory]").replace("region:", "regoin:"),
    );
    const bad = await w.keyless(["validate", "-c", "bad.yaml"]);
    assert.equal(bad.code, 65, bad.stderr);
    assert.match(bad.stderr, /bad\.yaml:3:3: identityCenter: unknown key "regoin"; did you mean "region"\?/);
    assert.match(
      bad.stderr,
      /bad\.yaml:\d+:\d+: groups\.platform-engineers\.members\[1\]: unknown user "mallory"/,
    );
    const badJson = await w.keyless(["validate", "-c", "bad.yaml", "--json"]);
    assert.equal(badJson.code, 65);
    const body = JSON.parse(badJson.stdout);
    assert.equal(body.valid, false);
    assert.ok(
      body.errors.some((e: string) =>
        e.endsWith('bad.yaml:3:3: identityCenter: unknown key "regoin"; did you mean "region"?'),
      ),
    );
    assert.deepEqual(w.calls(), []);
  });

  test("schema prints the JSON Schema of keyless.yaml; no AWS call", async () => {
    const r = await w.keyless(["schema"]);
    assert.equal(r.code, 0, r.stderr);
    const schema = JSON.parse(r.stdout);
    assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
    assert.equal(schema.title, "keyless.yaml");
    assert.ok(schema.properties.permissionSets);
    assert.deepEqual(w.calls(), []);
  });
});
