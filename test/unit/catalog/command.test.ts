/** `keyless catalog list|show|boundary`, driven through a commander program as the CLI declares it. */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Command } from "@commander-js/extra-typings";
import { renderBoundary } from "../../../src/catalog/boundary.ts";
import { findPreset, PRESETS } from "../../../src/catalog/registry.ts";
import type { CliIO } from "../../../src/cli/io.ts";
import { registerCatalogCommands } from "../../../src/cli/register-catalog.ts";
import { runCatalogBoundary, runCatalogShow } from "../../../src/commands/catalog.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";

let dir: string;

async function run(args: string[], cwd = dir): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  let code = -1;
  const io: CliIO = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    stdoutIsTTY: false,
    stdinIsTTY: false,
    env: {},
    cwd,
    ask: async () => "",
  };
  const program = new Command().exitOverride();
  registerCatalogCommands(program, io, (c) => {
    code = c;
  });
  await program.parseAsync(args, { from: "user" });
  return { code, out, err };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "keyless-catalog-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("keyless catalog", () => {
  it("list: one line per preset with its purpose", async () => {
    const { code, out } = await run(["catalog", "list"]);
    assert.equal(code, 0);
    const lines = out.split("\n").filter((l) => l.startsWith("terraform-"));
    assert.deepEqual(
      lines.map((l) => l.split(/\s{2,}/)),
      PRESETS.map((p) => [p.name, p.purpose]),
    );
  });

  it("list --json", async () => {
    const { out } = await run(["catalog", "list", "--json"]);
    assert.deepEqual(
      JSON.parse(out).presets.map((p: { shortName: string }) => p.shortName),
      ["core", "storage", "compute", "iam", "networking", "database", "serverless", "monitoring"],
    );
  });

  it("show without keyless.yaml: grants, denials with reasons, defaults (said so) and the policy", async () => {
    const { code, out } = await run(["catalog", "show", "core"]);
    assert.equal(code, 0);
    assert.match(out, /^terraform-core \(preset: core\)\n/);
    assert.match(out, /Grants:\n {2}\+ s3:ListBucket on the state bucket/);
    assert.match(out, /Denies:\n {2}- apigateway:GET on \/apikeys/);
    assert.match(out, / {2}- static credentials and new ways in: iam:CreateUser, access keys/);
    assert.match(out, / {6}why: people and pipelines sign in through Identity Center/);
    assert.match(
      out,
      /Cannot prevent \(docs\/permission-sets.md has the SCP\/RCP that close most of it\):\n {2}! listing/,
    );
    assert.match(
      out,
      new RegExp(
        `Parameters \\(defaults: ${join(dir, "keyless.yaml").replace(/[/.]/g, "\\$&")} not found\\):`,
      ),
    );
    assert.match(out, / {2}stateBucket: default: the pattern keyless-tfstate-\*/);
    const json = out.slice(out.indexOf("{\n"));
    assert.deepEqual(JSON.parse(json), findPreset("core")!.render({}).inlinePolicy);
  });

  it("show with keyless.yaml: rendered with its parameters; --json gives everything as data", async () => {
    const sub = await mkdtemp(join(dir, "cfg-"));
    await writeFile(
      join(sub, "keyless.yaml"),
      `version: 1
identityCenter:
  region: eu-central-1
catalog:
  allowedRegions: [eu-central-1]
stateBackend:
  account: "444444444444"
  region: eu-central-1
  keyPrefix: team-a/
`,
    );
    const human = await run(["catalog", "show", "terraform-core"], sub);
    assert.match(
      human.out,
      new RegExp(`Parameters \\(from ${join(sub, "keyless.yaml").replace(/[/.]/g, "\\$&")}\\):`),
    );
    assert.match(human.out, / {2}stateBucket: "keyless-tfstate-444444444444-eu-central-1"/);
    assert.match(human.out, / {2}stateKeyPrefix: "team-a\/"/);

    const { code, out } = await run(["catalog", "show", "core", "--json"], sub);
    assert.equal(code, 0);
    const data = JSON.parse(out);
    const params = {
      allowedRegions: ["eu-central-1"],
      stateAccountId: "444444444444",
      stateBucket: "keyless-tfstate-444444444444-eu-central-1",
      stateKeyPrefix: "team-a/",
      stateKmsAlias: "alias/keyless-tfstate",
    };
    assert.equal(data.name, "terraform-core");
    assert.equal(data.parameters.source, join(sub, "keyless.yaml"));
    assert.deepEqual(data.parameters.values, {
      stateBucket: params.stateBucket,
      stateKeyPrefix: "team-a/",
      stateScope: null,
      lockTable: null,
      stateKmsKeyArn: null,
      stateKmsAlias: "alias/keyless-tfstate",
      stateAccountId: "444444444444",
      objectBuckets: null,
      auditBuckets: null,
      auditLogGroups: null,
      auditKmsKeyArns: null,
      iamPath: null,
      allowedRegions: ["eu-central-1"],
    });
    assert.deepEqual(data.cannotPrevent, findPreset("core")!.cannotPrevent);
    assert.deepEqual(data.rendered.inlinePolicy, findPreset("core")!.render(params).inlinePolicy);
    assert.deepEqual(data.denies, findPreset("core")!.denies);
    assert.equal(data.rendered.size.limit, 10240);
    assert.ok(data.rendered.size.characters > 0 && data.rendered.size.characters < 10240);
  });

  it("show with an invalid keyless.yaml: the config error, not a half-used file", async () => {
    const sub = await mkdtemp(join(dir, "bad-"));
    await writeFile(
      join(sub, "keyless.yaml"),
      "version: 1\nidentityCenter:\n  region: eu-central-1\ncatalog:\n  iamPth: /x/\n",
    );
    await assert.rejects(run(["catalog", "show", "iam"], sub), (e: unknown) => {
      assert.ok(e instanceof KeylessError);
      assert.equal(e.code, "CONFIG_INVALID");
      assert.match(
        e.details.join("\n"),
        /keyless\.yaml:5:3: catalog: unknown key "iamPth"; did you mean "iamPath"\?/,
      );
      return true;
    });
  });

  it("boundary: the policy JSON alone on stdout, rendered with keyless.yaml; what to do on stderr", async () => {
    const sub = await mkdtemp(join(dir, "boundary-"));
    await writeFile(
      join(sub, "keyless.yaml"),
      "version: 1\nidentityCenter:\n  region: eu-central-1\ncatalog:\n  iamPath: /platform/\n  permissionsBoundary: PlatformBoundary\n",
    );
    const { code, out, err } = await run(["catalog", "boundary"], sub);
    assert.equal(code, 0);
    const params = { iamPath: "/platform/", permissionsBoundaryName: "PlatformBoundary" };
    assert.deepEqual(JSON.parse(out), renderBoundary(params));
    assert.match(err, /^PlatformBoundary: [\d,]+ of 6,144 characters, parameters from .*keyless\.yaml\./);
    assert.match(
      err,
      /aws iam create-policy --policy-name PlatformBoundary --policy-document file:\/\/boundary\.json/,
    );
    const defaults = await run(["catalog", "boundary"]);
    assert.deepEqual(JSON.parse(defaults.out), renderBoundary({}));
    assert.match(defaults.err, /^TerraformBoundary: .*defaults \(.*keyless\.yaml not found\)/);
  });

  it("boundary: a rendering over the managed-policy quota is a config error (exit 65), nothing on stdout", async () => {
    const sub = await mkdtemp(join(dir, "huge-"));
    const buckets = Array.from(
      { length: 40 },
      (_, i) => `      - org-cloudtrail-logs-${String(i).padStart(2, "0")}-${"x".repeat(30)}`,
    );
    await writeFile(
      join(sub, "keyless.yaml"),
      `version: 1\nidentityCenter:\n  region: eu-central-1\ncatalog:\n  auditLogs:\n    buckets:\n${buckets.join("\n")}\n`,
    );
    let out = "";
    const io = {
      cwd: sub,
      out: (t: string) => {
        out += t;
      },
      err: () => {},
      env: {},
    } as unknown as CliIO;
    await assert.rejects(runCatalogBoundary({}, io), (e: unknown) => {
      assert.ok(e instanceof KeylessError);
      assert.equal(e.exitCode, 65);
      assert.match(
        e.message,
        /the permissions boundary TerraformBoundary rendered from .* has [\d,]+ characters; IAM allows 6,144/,
      );
      assert.match(e.hint ?? "", /Shorten catalog.iamPath/);
      return true;
    });
    assert.equal(out, "");
  });

  it("unknown name: usage error (exit 64) with did-you-mean", async () => {
    const io = { cwd: dir, out: () => {}, err: () => {}, env: {} } as unknown as CliIO;
    await assert.rejects(runCatalogShow("computee", {}, io), (e: unknown) => {
      assert.ok(e instanceof KeylessError);
      assert.equal(e.exitCode, 64);
      assert.equal(e.message, 'unknown preset "computee"; did you mean "compute"?');
      assert.match(e.hint ?? "", /keyless catalog list/);
      return true;
    });
  });
});
