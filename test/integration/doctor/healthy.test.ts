/**
 * doctor on a healthy set-up built with keyless itself (configure, apply, terraform files): every
 * check passes, the human list and the JSON agree, and no secret reaches the output.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  ACCOUNT,
  BUCKET,
  type DoctorEnv,
  PROFILE,
  ROLE,
  STATE_KEY,
  secrets,
  startDoctorEnv,
  statuses,
} from "./harness.ts";

let h: DoctorEnv;
before(async () => {
  h = await startDoctorEnv();
  await h.setUp();
});
after(async () => {
  await h?.stop();
});

describe("doctor: healthy set-up", () => {
  test("every check passes; the profile comes from backend.tf; exit 0", async () => {
    const { run, json } = await h.doctorJson();
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(statuses(json), {
      "static-credentials": "pass",
      profile: "pass",
      "role-credentials": "pass",
      "aws-cli": "pass",
      terraform: "pass",
      "clock-skew": "pass",
      "state-backend": "pass",
      "state-read": "pass",
    });
    assert.equal(json.ok, true);
    assert.deepEqual(json.summary, { pass: 8, warn: 0, fail: 0, skip: 0 });
    const byId = Object.fromEntries(json.checks.map((c) => [c.id, c.message]));
    assert.match(
      byId.profile ?? "",
      new RegExp(`"${PROFILE}" \\(from backend\\.tf:\\d+\\).*account ${ACCOUNT}.*logged in, 7h \\d+m left`),
    );
    assert.match(
      byId["role-credentials"] ?? "",
      new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE}/`),
    );
    assert.match(byId["aws-cli"] ?? "", /aws-cli 2\.15\.30/);
    assert.match(
      byId.terraform ?? "",
      /terraform 1\.11\.4 \(use_lockfile \(backend\.tf:\d+\): >= 1\.10\.0\)/,
    );
    assert.match(
      byId["state-backend"] ?? "",
      new RegExp(
        `bucket ${BUCKET} .*hardened: versioning, KMS encryption, public access blocked, TLS only, ACLs disabled; lock: S3 lockfile`,
      ),
    );
    assert.equal(
      byId["state-read"],
      `profile ${PROFILE} can list ${BUCKET} under env/dev/network/; no state at ${STATE_KEY} yet (the first \`terraform apply\` writes it)`,
    );
  });

  test("human output off a terminal: one PASS line per check and the summary; no secret", async () => {
    const run = await h.doctor([]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const lines = run.stdout.trim().split("\n");
    assert.equal(lines.filter((l) => l.startsWith("PASS ")).length, 8, run.stdout);
    assert.equal(lines.at(-1), "8 checks: 8 passed, 0 warnings, 0 failed, 0 skipped");
    assert.doesNotMatch(run.stdout, /[✓✗]/);
    assert.ok(!run.stdout.includes("\u001b["), "no colour off a terminal");
    for (const s of secrets(h))
      assert.ok(!run.stdout.includes(s) && !run.stderr.includes(s), "a secret was printed");
  });

  test("--profile and AWS_PROFILE name the profile instead of backend.tf", async () => {
    const flag = await h.doctorJson(["--profile", PROFILE]);
    assert.match(flag.json.checks[1]?.message ?? "", /\(from --profile\)/);
    const env = await h.doctorJson([], { env: { AWS_PROFILE: PROFILE } });
    assert.match(env.json.checks[1]?.message ?? "", /\(from AWS_PROFILE\)/);
    assert.equal(env.run.code, 0);
  });
});
