/**
 * The tool and clock checks on a healthy set-up: fake `aws` / `terraform` on a temporary PATH print
 * chosen versions (so the thresholds are tested exactly), and an injected clock runs ahead of or
 * behind moto's `Date` header.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, before, describe, test } from "node:test";
import { AWS_V2, check, type DoctorEnv, failing, startDoctorEnv, TERRAFORM_1_11 } from "./harness.ts";

let h: DoctorEnv;
before(async () => {
  h = await startDoctorEnv();
  await h.setUp();
});
after(async () => {
  await h?.stop();
});
afterEach(() => {
  h.fakeTool("aws", AWS_V2);
  h.fakeTool("terraform", TERRAFORM_1_11);
});

const tf = (v: string) => JSON.stringify({ terraform_version: v, platform: "linux_amd64" });

describe("doctor: AWS CLI", () => {
  test("v2 before 2.9.0 warns (exit 0); 2.9.0 passes", async () => {
    h.fakeTool("aws", "aws-cli/2.8.13 Python/3.9.11 Linux/5.15 exe/x86_64.ubuntu.22 prompt/off");
    const old = await h.doctorJson();
    assert.equal(old.run.code, 0);
    assert.equal(check(old.json, "aws-cli").status, "warn");
    assert.equal(
      check(old.json, "aws-cli").message,
      "aws-cli 2.8.13 predates sso-session profiles (needs 2.9.0)",
    );
    assert.match(check(old.json, "aws-cli").hint ?? "", /Upgrade the AWS CLI/);
    h.fakeTool("aws", "aws-cli/2.9.0 Python/3.9.11 Linux/5.15 exe/x86_64");
    assert.equal(check((await h.doctorJson()).json, "aws-cli").status, "pass");
  });

  test("v1 is judged by its botocore (1.29.10), read from stdout or stderr", async () => {
    h.fakeTool("aws", "aws-cli/1.27.9 Python/3.8.10 Linux/5.15 botocore/1.29.9");
    assert.equal(check((await h.doctorJson()).json, "aws-cli").status, "warn");
    writeFileSync(
      join(h.binDir, "aws"),
      "#!/bin/sh\necho 'aws-cli/1.27.10 Python/2.7.18 Linux/5.15 botocore/1.29.10' >&2\n",
    );
    const r = await h.doctorJson();
    assert.equal(check(r.json, "aws-cli").status, "pass");
    assert.equal(
      check(r.json, "aws-cli").message,
      "aws-cli 1.27.10, botocore 1.29.10 (sso-session profiles supported)",
    );
  });

  test("not installed: skip; installed but broken: fail with what it said", async () => {
    h.fakeTool("aws", null);
    const none = await h.doctorJson();
    assert.equal(check(none.json, "aws-cli").status, "skip");
    assert.equal(check(none.json, "aws-cli").message, "not installed");
    h.fakeTool("aws", "ImportError: No module named awscli", 1);
    const broken = await h.doctorJson();
    assert.deepEqual(failing(broken.json), ["aws-cli"]);
    assert.match(check(broken.json, "aws-cli").message, /`aws --version` exited 1: ImportError/);
  });
});

describe("doctor: Terraform", () => {
  test("use_lockfile needs 1.10.0: 1.9.8 fails, naming backend.tf", async () => {
    h.fakeTool("terraform", tf("1.9.8"));
    const { run, json } = await h.doctorJson();
    assert.equal(run.code, 1);
    assert.deepEqual(failing(json), ["terraform"]);
    assert.match(
      check(json, "terraform").message,
      /^terraform 1\.9\.8 is too old: use_lockfile \(backend\.tf:\d+\) needs 1\.10\.0$/,
    );
    assert.match(check(json, "terraform").hint ?? "", /Upgrade Terraform/);
  });

  test("with DynamoDB locking 1.6.0 is enough; 1.5.7 fails", async () => {
    const path = join(h.tfDir, "backend.tf");
    const original = readFileSync(path, "utf8");
    try {
      writeFileSync(path, original.replace(/use_lockfile\s*=\s*true/, 'dynamodb_table = "locks"'));
      h.fakeTool("terraform", tf("1.6.0"));
      assert.equal(check((await h.doctorJson()).json, "terraform").status, "pass");
      h.fakeTool("terraform", tf("1.5.7"));
      const old = await h.doctorJson();
      assert.equal(
        check(old.json, "terraform").message,
        "terraform 1.5.7 is too old: sso-session profiles in the S3 backend needs 1.6.0",
      );
      assert.equal(check(old.json, "terraform").status, "fail");
    } finally {
      writeFileSync(path, original);
    }
  });

  test("without a backend in --dir an old Terraform only warns; old text output is understood", async () => {
    h.fakeTool("terraform", "Terraform v0.12.31\n\nYour version of Terraform is out of date!");
    const r = await h.doctorJson(["--dir", h.dev.home]);
    assert.equal(check(r.json, "terraform").status, "warn");
    assert.match(check(r.json, "terraform").message, /^terraform 0\.12\.31 is too old/);
  });

  test("`terraform version` runs with CHECKPOINT_DISABLE=1: no call to HashiCorp's checkpoint service", async () => {
    // A terraform that, like the real one, would reach the network unless CHECKPOINT_DISABLE is set.
    writeFileSync(
      join(h.binDir, "terraform"),
      `#!/bin/sh\nif [ "$CHECKPOINT_DISABLE" != "1" ]; then echo "would call checkpoint-api.hashicorp.com" >&2; exit 9; fi\necho '${tf("1.11.4")}'\n`,
    );
    const r = await h.doctorJson();
    assert.equal(check(r.json, "terraform").status, "pass", check(r.json, "terraform").message);
  });

  test("not installed: skip", async () => {
    h.fakeTool("terraform", null);
    const r = await h.doctorJson();
    assert.equal(check(r.json, "terraform").status, "skip");
    assert.equal(r.run.code, 0);
  });
});

describe("doctor: clock skew", () => {
  const MIN = 60_000;
  test("2 minutes ahead warns, 10 minutes behind fails, a few seconds pass", async () => {
    const ahead = await h.doctorJson([], { deps: { now: () => Date.now() + 2 * MIN } });
    assert.equal(check(ahead.json, "clock-skew").status, "warn");
    assert.match(
      check(ahead.json, "clock-skew").message,
      /^local clock is (1m 5\ds|2m \ds) ahead of AWS \(Date header of http/,
    );
    assert.equal(ahead.run.code, 0);

    const behind = await h.doctorJson([], { deps: { now: () => Date.now() - 10 * MIN } });
    assert.deepEqual(failing(behind.json), ["clock-skew"]);
    assert.match(
      check(behind.json, "clock-skew").message,
      /^local clock is (9m 5\ds|10m \ds) behind AWS .*5 minutes/,
    );
    assert.match(check(behind.json, "clock-skew").hint ?? "", /time synchronisation/);

    const close = await h.doctorJson([], { deps: { now: () => Date.now() + 5_000 } });
    assert.equal(check(close.json, "clock-skew").status, "pass");
  });

  test("AWS cannot be reached: fail with why, the other checks still run", async () => {
    const r = await h.doctorJson([], {
      deps: {
        serverDate: async () => {
          throw new Error("https://sts.eu-central-1.amazonaws.com: ENOTFOUND");
        },
      },
    });
    assert.deepEqual(failing(r.json), ["clock-skew"]);
    assert.equal(
      check(r.json, "clock-skew").message,
      "could not ask AWS for the time: https://sts.eu-central-1.amazonaws.com: ENOTFOUND",
    );
    assert.equal(check(r.json, "state-backend").status, "pass");
  });
});
