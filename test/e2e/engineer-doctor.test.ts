/**
 * `keyless doctor` as an engineer runs it, in the directory `keyless terraform files` wrote: the built
 * CLI as a child process with only the engineer's environment. The state bucket is the one the
 * platform team's `keyless apply` created (spawned too, with the team's own credentials); fake `aws`
 * and `terraform` on PATH print fixed versions, and `terraform` refuses to answer unless
 * CHECKPOINT_DISABLE=1, as the real one would otherwise call HashiCorp. Healthy: every check passes,
 * exit 0. Broken: one thing at a time fails its own check, exit 1, with the fix in the hint.
 */
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { S3 } from "@aws-sdk/client-s3";
import { runKeyless } from "../helpers/spawn-cli.ts";
import { type DenyingProxy, startDenyingProxy } from "../integration/doctor/denying-proxy.ts";
import { narrowTlsStatementForMoto } from "../integration/doctor/moto-policy.ts";
import {
  ACCOUNT,
  type Engineer,
  engineer,
  installProfileSet,
  PROFILE,
  REGION,
  signIn,
  startWorld,
  type World,
} from "./engineer-world.ts";

const BUCKET = "acme-tfstate";
const STATE_KEY = "env/network/terraform.tfstate";
let world: World;
let eng: Engineer;
let proxy: DenyingProxy;
let infra: string;
let bin: string;

before(async () => {
  world = await startWorld();
  eng = engineer(world);
  // The platform team creates the hardened state bucket (and its key) with keyless apply.
  writeFileSync(
    join(eng.home, "backend.yaml"),
    `version: 1\nidentityCenter:\n  region: ${REGION}\naccounts:\n  shared: "${ACCOUNT}"\nstateBackend:\n  account: shared\n  region: ${REGION}\n  bucket: ${BUCKET}\n  keyPrefix: env/\n`,
  );
  const applied = await runKeyless(["apply", "--auto-approve", "-c", "backend.yaml"], {
    cwd: eng.home,
    env: { HOME: eng.home, ...world.adminEnv() },
  });
  assert.equal(applied.code, 0, applied.stdout + applied.stderr);
  const s3 = new S3({
    region: REGION,
    endpoint: world.moto.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
  await narrowTlsStatementForMoto(s3, BUCKET);
  s3.destroy();

  // The engineer: profile set installed, signed in, Terraform files written.
  await signIn(world, eng);
  await installProfileSet(eng);
  infra = join(eng.work, "infra");
  const files = await eng.run([
    "terraform",
    "files",
    "--profile",
    PROFILE,
    "--key",
    "network/terraform.tfstate",
    "--dir",
    infra,
  ]);
  assert.equal(files.code, 0, files.stderr);

  bin = join(eng.home, "bin");
  mkdirSync(bin);
  tool("aws", 'echo "aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0 exe/x86_64.ubuntu.22 prompt/off"');
  tool(
    "terraform",
    `if [ "$CHECKPOINT_DISABLE" != "1" ]; then echo "would call checkpoint-api.hashicorp.com" >&2; exit 9; fi\necho '{"terraform_version":"1.11.4","platform":"linux_amd64"}'`,
  );
  proxy = await startDenyingProxy(world.moto.endpoint);
});
after(async () => {
  await proxy?.stop();
  await world?.stop();
  eng?.remove();
});
beforeEach(async () => {
  proxy.reset();
  await signIn(world, eng);
});

function tool(name: string, body: string): void {
  writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
  chmodSync(join(bin, name), 0o755);
}

const doctor = (args: string[] = [], env: Record<string, string> = {}) =>
  runKeyless(["doctor", ...args], {
    cwd: infra,
    env: eng.env({ PATH: `${bin}:/usr/bin:/bin`, AWS_ENDPOINT_URL_S3: proxy.endpoint, ...env }),
  });

function statusOf(stdout: string): Record<string, string> {
  const json = JSON.parse(stdout) as { checks: { id: string; status: string }[] };
  return Object.fromEntries(json.checks.map((c) => [c.id, c.status]));
}

describe("keyless doctor, spawned", () => {
  test("healthy: every check passes, the profile from backend.tf, the state readable; exit 0", async () => {
    const r = await doctor();
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const lines = r.stdout.trim().split("\n");
    assert.equal(lines.filter((l) => l.startsWith("PASS ")).length, 8, r.stdout);
    assert.equal(lines.at(-1), "8 checks: 8 passed, 0 warnings, 0 failed, 0 skipped");
    assert.match(
      r.stdout,
      new RegExp(`^PASS SSO profile and session: profile "${PROFILE}" \\(from backend\\.tf:\\d+\\)`, "m"),
    );
    assert.match(r.stdout, /^PASS Terraform version: terraform 1\.11\.4/m);
    assert.match(
      r.stdout,
      new RegExp(
        `^PASS state readable with the profile: profile ${PROFILE} can list ${BUCKET} under env/network/; no state at ${STATE_KEY} yet`,
        "m",
      ),
    );
    assert.ok(proxy.calls().includes(`HEAD /${BUCKET}/${STATE_KEY}`), proxy.calls().join("\n"));
    for (const c of world.issued)
      assert.ok(!r.stdout.includes(c.secretAccessKey) && !r.stderr.includes(c.sessionToken));
  });

  test("broken: the role may not read the state key (403): the state-read check fails naming s3:GetObject", async () => {
    proxy.deny({ method: "HEAD", path: `/${BUCKET}/${STATE_KEY}` });
    const r = await doctor();
    assert.equal(r.code, 1, r.stdout);
    assert.match(
      r.stdout,
      new RegExp(
        `^FAIL state readable with the profile: profile ${PROFILE} may not read the state \\(access denied\\): missing s3:GetObject on arn:aws:s3:::${BUCKET}/${STATE_KEY}$`,
        "m",
      ),
    );
    assert.match(r.stdout, /^ {5}hint: Add it to the profile's permission set and run `keyless apply`/m);
    assert.equal(r.stdout.trim().split("\n").at(-1), "8 checks: 7 passed, 0 warnings, 1 failed, 0 skipped");
  });

  test("broken: no s3:ListBucket under the prefix (--json): only state-read fails", async () => {
    proxy.deny({ method: "GET", path: `/${BUCKET}`, query: "list-type" });
    const r = await doctor(["--json"]);
    assert.equal(r.code, 1);
    const s = statusOf(r.stdout);
    assert.equal(s["state-read"], "fail");
    assert.deepEqual(
      Object.entries(s)
        .filter(([, v]) => v !== "pass")
        .map(([k]) => k),
      ["state-read"],
    );
    assert.match(
      r.stdout,
      /missing s3:ListBucket on arn:aws:s3:::acme-tfstate \(s3:prefix \\"env\/network\/\\"\)/,
    );
  });

  test("broken: signed out: the profile check fails with `keyless login`; role and state checks are skipped", async () => {
    rmSync(join(eng.home, ".aws", "sso"), { recursive: true, force: true });
    const r = await doctor(["--json"]);
    assert.equal(r.code, 1);
    const s = statusOf(r.stdout);
    assert.equal(s.profile, "fail");
    assert.equal(s["role-credentials"], "skip");
    assert.equal(s["state-read"], "skip");
    assert.match(r.stdout, /keyless login/);
  });

  test("broken: a long-term key in the environment fails the first check; the key is never printed", async () => {
    const id = ["AKIA", "2E0A8F3B244C9986"].join("");
    const secret = ["wJalrXUtnFEMI/K7MDENG", "/bPxRfiCYzz3kq9T0ab"].join("");
    const r = await doctor([], { AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^FAIL no static credentials: .*env:AWS_ACCESS_KEY_ID/m);
    assert.ok(!r.stdout.includes(id) && !r.stdout.includes(secret) && !r.stderr.includes(secret));
  });
});
