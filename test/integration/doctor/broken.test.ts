/**
 * doctor on broken set-ups: each breaks one thing in an otherwise healthy set-up and must fail exactly
 * the check that owns it, with the hint that fixes it; the checks that depend on it say "not checked"
 * (skip) instead of failing too, and every other check still runs. No secret is ever printed.
 */
import assert from "node:assert/strict";
import { appendFileSync, chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { FIXES } from "../../../src/checks/scan/index.ts";
import { readTokenCache, writeTokenCache } from "../../../src/local/sso/index.ts";
import {
  ACCOUNT,
  BUCKET,
  check,
  type DoctorEnv,
  type DoctorJson,
  failing,
  OTHER_ACCOUNT,
  PROFILE,
  REGION,
  secrets,
  startDoctorEnv,
  statuses,
} from "./harness.ts";

let h: DoctorEnv;
before(async () => {
  h = await startDoctorEnv();
});
after(async () => {
  await h?.stop();
});
beforeEach(async () => {
  await h.setUp();
});

/** Not an AWS documentation example: the scan would treat that one as harmless. */
// Built at run time so that `keyless scan` of this repository finds no key-shaped literal.
const LONG_TERM_ID = ["AKIA", "2E0A8F3B244C9986"].join("");
const LONG_TERM_SECRET = ["wJalrXUtnFEMI/K7MDENG", "/bPxRfiCYzz3kq9T0ab"].join("");

function assertNoSecret(run: { stdout: string; stderr: string }, extra: string[] = []): void {
  for (const s of secrets(h, extra)) {
    assert.ok(!run.stdout.includes(s) && !run.stderr.includes(s), `a secret was printed:\n${run.stdout}`);
  }
}

function onlyFailure(json: DoctorJson, id: string): DoctorJson["checks"][number] {
  assert.deepEqual(failing(json), [id], JSON.stringify(json.checks, null, 2));
  return check(json, id);
}

async function sessionName(): Promise<string> {
  const text = readFileSync(h.dev.configPath, "utf8");
  const m = /^\[sso-session ([^\]]+)\]/m.exec(text);
  assert.ok(m?.[1]);
  return m[1];
}

describe("doctor: static credentials", () => {
  test("long-term keys in the environment fail the first check, never the key; the rest still pass", async () => {
    const env = { AWS_ACCESS_KEY_ID: LONG_TERM_ID, AWS_SECRET_ACCESS_KEY: LONG_TERM_SECRET };
    const { run, json } = await h.doctorJson([], { env });
    assert.equal(run.code, 1);
    const c = onlyFailure(json, "static-credentials");
    assert.match(c.message, /env:AWS_ACCESS_KEY_ID/);
    assert.equal(c.hint, FIXES["env-long-term-key"]);
    assert.equal(statuses(json)["role-credentials"], "pass");
    assertNoSecret(run, [LONG_TERM_ID, LONG_TERM_SECRET]);
  });

  test("temporary credentials in the environment only warn (exit 0)", async () => {
    const env = {
      AWS_ACCESS_KEY_ID: "ASIA2E0A8F3B244C9986",
      AWS_SECRET_ACCESS_KEY: LONG_TERM_SECRET,
      AWS_SESSION_TOKEN: "IQoJb3JpZ2luX2VjEXAMPLETOKENxxxxxxxxxxxxxxxxxxxxxxxx",
    };
    const { run, json } = await h.doctorJson([], { env });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(check(json, "static-credentials").status, "warn");
    assert.match(check(json, "static-credentials").message, /temporary credentials in the environment/);
    assertNoSecret(run, Object.values(env));
  });

  test("keys in ~/.aws/credentials fail with the file and line", async () => {
    writeFileSync(
      join(h.dev.home, ".aws", "credentials"),
      `[default]\naws_access_key_id = ${LONG_TERM_ID}\naws_secret_access_key = ${LONG_TERM_SECRET}\n`,
    );
    const { run, json } = await h.doctorJson();
    assert.equal(run.code, 1);
    const c = onlyFailure(json, "static-credentials");
    assert.match(c.message, /~\/\.aws\/credentials:2/);
    assert.equal(c.hint, FIXES["credentials-file"]);
    assertNoSecret(run, [LONG_TERM_ID, LONG_TERM_SECRET]);
  });
});

describe("doctor: profile and session", () => {
  test("a profile that does not exist fails the profile check; STS and the backend are not checked", async () => {
    const { run, json } = await h.doctorJson([], { env: { AWS_PROFILE: "no-such-profile" } });
    assert.equal(run.code, 1);
    const c = onlyFailure(json, "profile");
    assert.match(c.message, /profile "no-such-profile" \(from AWS_PROFILE\) is not in .*config/);
    assert.match(c.hint ?? "", /keyless configure/);
    assert.equal(check(json, "role-credentials").status, "skip");
    assert.match(
      check(json, "state-backend").message,
      /not checked: no credentials for profile "no-such-profile"/,
    );
  });

  test("a legacy SSO profile warns (no refresh) and exit is 0", async () => {
    appendFileSync(
      h.dev.configPath,
      `\n[profile legacy]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = ${REGION}\nsso_account_id = ${ACCOUNT}\nsso_role_name = terraform-core\n`,
    );
    const { run, json } = await h.doctorJson(["--profile", "legacy"]);
    assert.equal(run.code, 0, run.stdout);
    const c = check(json, "profile");
    assert.equal(c.status, "warn");
    assert.match(c.message, /legacy SSO format .* cannot be refreshed/);
    assert.match(c.hint ?? "", /keyless configure/);
    assert.equal(check(json, "role-credentials").status, "skip");
  });

  test("an expired session without a refresh token fails the profile check with `keyless login`", async () => {
    const name = await sessionName();
    const read = await readTokenCache({ home: h.dev.home }, name);
    assert.equal(read.kind, "ok");
    if (read.kind !== "ok") return;
    await writeTokenCache({ home: h.dev.home }, name, {
      ...read.token,
      expiresAt: Date.now() - 60_000,
      refreshToken: undefined,
    });
    const { run, json } = await h.doctorJson();
    assert.equal(run.code, 1);
    const c = onlyFailure(json, "profile");
    assert.match(c.message, /the SSO session has expired \(no refresh token\)/);
    assert.equal(c.hint, `Run \`keyless login --profile ${PROFILE}\`.`);
    assert.equal(check(json, "role-credentials").status, "skip");
    assert.equal(check(json, "state-backend").status, "skip");
    assertNoSecret(run);
  });

  test("an expired but refreshable token warns, and the role check refreshes it and passes", async () => {
    const name = await sessionName();
    const read = await readTokenCache({ home: h.dev.home }, name);
    if (read.kind !== "ok") assert.fail("no token cache");
    await writeTokenCache({ home: h.dev.home }, name, { ...read.token, expiresAt: Date.now() - 60_000 });
    const { run, json } = await h.doctorJson();
    assert.equal(run.code, 0, run.stdout);
    assert.equal(check(json, "profile").status, "warn");
    assert.match(check(json, "profile").message, /can be refreshed without a browser/);
    assert.equal(check(json, "role-credentials").status, "pass");
    assert.equal(check(json, "state-backend").status, "pass");
  });

  test("a corrupted ~/.aws/config fails the profile check with file:line", async () => {
    const text = readFileSync(h.dev.configPath, "utf8");
    writeFileSync(h.dev.configPath, `${text}\n[profile broken]\nthis line is not a setting\n`);
    const { run, json } = await h.doctorJson();
    assert.equal(run.code, 1);
    const c = onlyFailure(json, "profile");
    assert.match(c.message, /does not parse: .*config:\d+:/);
    assert.match(c.hint ?? "", /fix that line by hand/);
    assert.equal(check(json, "static-credentials").status, "pass");
  });
});

describe("doctor: role credentials", () => {
  test("STS naming another account fails the role check; the backend is not read with them", async () => {
    h.stsAccount = OTHER_ACCOUNT;
    const { run, json } = await h.doctorJson();
    assert.equal(run.code, 1);
    const c = onlyFailure(json, "role-credentials");
    assert.equal(c.message, `STS answered account ${OTHER_ACCOUNT}, the profile names ${ACCOUNT}`);
    assert.match(c.hint ?? "", /sso_account_id/);
    assert.match(check(json, "state-backend").message, /not checked: .*see the role-credentials check/);
    assertNoSecret(run);
  });
});

describe("doctor: state backend", () => {
  test("versioning suspended", async () => {
    await h.s3.putBucketVersioning({ Bucket: BUCKET, VersioningConfiguration: { Status: "Suspended" } });
    const { run, json } = await h.doctorJson();
    assert.equal(run.code, 1);
    const c = onlyFailure(json, "state-backend");
    assert.equal(c.message, `bucket ${BUCKET}: versioning is Suspended`);
    assert.match(c.hint ?? "", /keyless apply.*put-bucket-versioning/);
  });

  test("no public access block", async () => {
    await h.s3.deletePublicAccessBlock({ Bucket: BUCKET });
    const { json } = await h.doctorJson();
    const c = onlyFailure(json, "state-backend");
    assert.equal(c.message, `bucket ${BUCKET}: no public access block`);
    assert.match(c.hint ?? "", /all four public access block settings/);
  });

  test("no TLS-only policy statement (other statements kept)", async () => {
    const policy = JSON.parse((await h.s3.getBucketPolicy({ Bucket: BUCKET })).Policy ?? "{}") as {
      Statement: { Sid?: string }[];
    };
    policy.Statement = policy.Statement.filter((s) => s.Sid !== "keyless-DenyInsecureTransport");
    assert.ok(policy.Statement.length > 0);
    await h.s3.putBucketPolicy({ Bucket: BUCKET, Policy: JSON.stringify(policy) });
    const { json } = await h.doctorJson();
    const c = onlyFailure(json, "state-backend");
    assert.match(c.message, /no TLS-only bucket policy statement/);
    assert.match(c.hint ?? "", /keyless-DenyInsecureTransport/);
  });

  test("a backend naming a lock table that does not exist", async () => {
    const path = join(h.tfDir, "backend.tf");
    const text = readFileSync(path, "utf8");
    assert.match(text, /use_lockfile\s*=\s*true/);
    writeFileSync(path, text.replace(/use_lockfile\s*=\s*true/, 'dynamodb_table = "missing-locks"'));
    const { json } = await h.doctorJson();
    const c = onlyFailure(json, "state-backend");
    assert.equal(c.message, `bucket ${BUCKET}: lock table missing-locks does not exist`);
    assert.match(c.hint ?? "", /use_lockfile += true/);
    assert.match(check(json, "terraform").message, />= 1\.6\.0/);
  });

  test("a bucket that does not exist", async () => {
    const path = join(h.tfDir, "backend.tf");
    writeFileSync(path, readFileSync(path, "utf8").replace(`"${BUCKET}"`, '"no-such-bucket-4711"'));
    const { json } = await h.doctorJson();
    const c = onlyFailure(json, "state-backend");
    assert.match(
      c.message,
      /bucket no-such-bucket-4711 \(backend\.tf:\d+\) does not exist in account 123456789012/,
    );
  });

  test("no backend.tf: not configured (skip)", async () => {
    const { json, run } = await h.doctorJson(["--dir", h.dev.home, "--profile", PROFILE]);
    assert.equal(run.code, 0, run.stdout);
    assert.equal(check(json, "state-backend").status, "skip");
    assert.match(check(json, "state-backend").message, /^not configured: no backend "s3" block/);
  });

  test("an unreadable --dir fails the backend check only; the rest still run", async () => {
    const missing = join(h.tfDir, "does-not-exist");
    const { run, json } = await h.doctorJson(["--dir", missing], { env: { AWS_PROFILE: PROFILE } });
    assert.equal(run.code, 1);
    const c = onlyFailure(json, "state-backend");
    assert.equal(c.message, `cannot read ${missing}: no such directory`);
    assert.equal(check(json, "role-credentials").status, "pass");

    const file = join(h.tfDir, "backend.tf");
    const asFile = await h.doctorJson(["--dir", file], { env: { AWS_PROFILE: PROFILE } });
    assert.equal(onlyFailure(asFile.json, "state-backend").message, `cannot read ${file}: not a directory`);
  });

  test("a directory without read permission", {
    skip: process.getuid?.() === 0 ? "root reads any directory" : false,
  }, async () => {
    chmodSync(h.tfDir, 0o000);
    try {
      const { json } = await h.doctorJson([], { env: { AWS_PROFILE: PROFILE } });
      assert.equal(onlyFailure(json, "state-backend").message, "cannot read .: permission denied");
    } finally {
      chmodSync(h.tfDir, 0o755);
    }
  });
});
