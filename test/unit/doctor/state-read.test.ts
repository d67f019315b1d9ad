/**
 * The state-read check with a fake probe (the real reads against moto and a denying proxy are in
 * test/integration/doctor/state-read.test.ts), and `terraform version` run with CHECKPOINT_DISABLE.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import type { StateReadProbe } from "../../../src/aws/state-read.ts";
import { listingPrefix, stateReadCheck } from "../../../src/checks/doctor/checks/state-read.ts";
import { terraformCheck } from "../../../src/checks/doctor/checks/terraform.ts";
import { type DoctorDeps, runChecks } from "../../../src/checks/doctor/index.ts";
import { fakeDeps } from "./helpers.ts";

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A directory with a backend.tf, and no profile anywhere (the default credential chain). */
function tfDir(backend: string): string {
  const d = mkdtempSync(join(tmpdir(), "keyless-doctor-state-"));
  dirs.push(d);
  writeFileSync(join(d, "backend.tf"), `terraform {\n  backend "s3" {\n${backend}  }\n}\n`);
  return d;
}

const FULL =
  '    bucket = "acme-tfstate"\n    key = "env/dev/network/terraform.tfstate"\n    region = "eu-central-1"\n';

async function run(dir: string, probe: StateReadProbe | Error, seen: unknown[] = []) {
  const deps: Partial<DoctorDeps> = {
    probeStateRead: async (q, credentials) => {
      seen.push({ q, credentials });
      if (probe instanceof Error) throw probe;
      return probe;
    },
  };
  const [r] = await runChecks([stateReadCheck], { env: { HOME: dir }, cwd: dir, deps: fakeDeps(deps) });
  assert.ok(r);
  return r;
}

describe("state-read", () => {
  test("the listing prefix is the key's folder", () => {
    assert.equal(listingPrefix("env/dev/network/terraform.tfstate"), "env/dev/network/");
    assert.equal(listingPrefix("terraform.tfstate"), "terraform.tfstate");
  });

  test("listed and no state yet: pass; the probe gets bucket, folder, key and region", async () => {
    const seen: unknown[] = [];
    const r = await run(tfDir(FULL), { list: "ok", head: "absent" }, seen);
    assert.equal(r.status, "pass");
    assert.equal(
      r.message,
      "the default credential chain can list acme-tfstate under env/dev/network/; no state at env/dev/network/terraform.tfstate yet (the first `terraform apply` writes it)",
    );
    assert.deepEqual(seen, [
      {
        q: {
          region: "eu-central-1",
          bucket: "acme-tfstate",
          key: "env/dev/network/terraform.tfstate",
          prefix: "env/dev/network/",
        },
        credentials: undefined,
      },
    ]);
  });

  test("state found: pass", async () => {
    const r = await run(tfDir(FULL), { list: "ok", head: "found" });
    assert.equal(r.status, "pass");
    assert.match(r.message, /and read the state env\/dev\/network\/terraform\.tfstate$/);
  });

  test("listing denied: fail naming s3:ListBucket with the bucket and prefix", async () => {
    const r = await run(tfDir(FULL), { list: "denied", head: "absent" });
    assert.equal(r.status, "fail");
    assert.equal(
      r.message,
      'the default credential chain may not read the state (access denied): missing s3:ListBucket on arn:aws:s3:::acme-tfstate (s3:prefix "env/dev/network/")',
    );
    assert.match(r.hint ?? "", /permission set and run `keyless apply`/);
  });

  test("object denied while listing works: fail naming s3:GetObject on the key", async () => {
    const r = await run(tfDir(FULL), { list: "ok", head: "denied" });
    assert.equal(r.status, "fail");
    assert.match(
      r.message,
      /missing s3:GetObject on arn:aws:s3:::acme-tfstate\/env\/dev\/network\/terraform\.tfstate$/,
    );
  });

  test("both denied: both named, and why the 403 on the key may only mean a missing state", async () => {
    const r = await run(tfDir(FULL), { list: "denied", head: "denied" });
    assert.equal(r.status, "fail");
    assert.match(
      r.message,
      /missing s3:ListBucket on .* and s3:GetObject on .*\(or the state does not exist yet/,
    );
  });

  test("no bucket: skip (the backend check reports it); no backend or no literal key: skip", async () => {
    assert.equal((await run(tfDir(FULL), { list: "no-bucket", head: "no-bucket" })).status, "skip");
    const noKey = await run(tfDir('    bucket = "acme-tfstate"\n    region = "eu-central-1"\n'), {
      list: "ok",
      head: "absent",
    });
    assert.equal(noKey.status, "skip");
    assert.match(noKey.message, /no literal bucket, key or region/);
  });

  test("another error: fail with what happened", async () => {
    const r = await run(tfDir(FULL), new Error("connect ECONNREFUSED 127.0.0.1:9"));
    assert.equal(r.status, "fail");
    assert.match(
      r.message,
      /cannot read the state in acme-tfstate with the default credential chain: connect ECONNREFUSED/,
    );
  });
});

test("terraform version runs with CHECKPOINT_DISABLE=1 (no call to HashiCorp's checkpoint service)", async () => {
  const envs: Record<string, string | undefined>[] = [];
  const deps = fakeDeps({
    runTool: async (_cmd, _args, env) => {
      envs.push(env);
      return { exitCode: 0, stdout: '{"terraform_version":"1.11.4"}', stderr: "" };
    },
  });
  const dir = tfDir(FULL);
  const [r] = await runChecks([terraformCheck], { env: { HOME: dir, PATH: "/usr/bin" }, cwd: dir, deps });
  assert.equal(r?.status, "pass", r?.message);
  assert.equal(envs[0]?.CHECKPOINT_DISABLE, "1");
  assert.equal(envs[0]?.PATH, "/usr/bin", "the rest of the environment is passed on");
});
