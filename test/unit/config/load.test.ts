import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadConfig } from "../../../src/config/load.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";

describe("config: loadConfig", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "keyless-config-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the file and resolves policy files next to it", async () => {
    mkdirSync(join(dir, "policies"));
    const policy = {
      Version: "2012-10-17",
      Statement: { Effect: "Allow", Action: "s3:ListBucket", Resource: "*" },
    };
    writeFileSync(join(dir, "policies", "p.json"), JSON.stringify(policy, null, 2));
    const path = join(dir, "keyless.yaml");
    writeFileSync(
      path,
      "version: 1\nidentityCenter: { region: eu-west-1 }\npermissionSets:\n  ps: { inlinePolicy: policies/p.json }\n",
    );
    const loaded = await loadConfig(path);
    assert.equal(loaded.path, path);
    assert.equal(loaded.dir, dir);
    assert.equal(loaded.desired.permissionSets[0]?.inlinePolicy, JSON.stringify(policy));
  });

  it("says to run keyless init when the file is missing", async () => {
    const path = join(dir, "missing.yaml");
    await assert.rejects(loadConfig(path), (e: unknown) => {
      assert.ok(e instanceof KeylessError);
      assert.equal(e.code, "CONFIG_NOT_FOUND");
      assert.equal(e.message, `${path} not found`);
      assert.match(e.hint ?? "", /keyless init/);
      return true;
    });
  });

  it("reports a path that cannot be read as a file", async () => {
    await assert.rejects(loadConfig(dir), (e: unknown) => {
      assert.ok(e instanceof KeylessError);
      assert.equal(e.code, "CONFIG_INVALID");
      assert.equal(e.message, `${dir} is not valid: 1 problem(s)`);
      assert.deepEqual(e.details, [`${dir}: the file cannot be read (EISDIR)`]);
      assert.match(e.hint ?? "", /not of its directory/);
      return true;
    });
  });

  it("reports a policy file that is a directory at the line of the reference", async () => {
    const sub = join(dir, "sub");
    mkdirSync(join(sub, "policies", "p.json"), { recursive: true });
    const path = join(sub, "keyless.yaml");
    writeFileSync(
      path,
      "version: 1\nidentityCenter: { region: eu-west-1 }\npermissionSets:\n  ps:\n    inlinePolicy: policies/p.json\n",
    );
    await assert.rejects(loadConfig(path), (e: unknown) => {
      assert.ok(e instanceof KeylessError);
      assert.deepEqual(e.details, [
        `${path}:5:19: permissionSets.ps.inlinePolicy: policy file policies/p.json is a directory; point at a .json file`,
      ]);
      assert.equal(e.exitCode, 65);
      return true;
    });
  });
});
