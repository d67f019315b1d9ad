/** `keyless audit` without any AWS credentials: exit 67 with a sign-in hint, before any request. */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { startCloudTrailStandin } from "../../standins/cloudtrail-standin.ts";
import { runAuditCli } from "./run-audit-cli.ts";

test("no credentials anywhere → exit 67, a hint to sign in, no request sent", async () => {
  const trail = await startCloudTrailStandin();
  const dir = await mkdtemp(join(tmpdir(), "keyless-audit-nocreds-"));
  for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"])
    delete process.env[k];
  Object.assign(process.env, {
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/keyless-test/credentials",
    AWS_CONFIG_FILE: "/nonexistent/keyless-test/config",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_ENDPOINT_URL_CLOUDTRAIL: trail.endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  });
  try {
    const r = await runAuditCli(["--region", "eu-central-1"], { cwd: dir });
    assert.equal(r.code, 67, r.stderr);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /Error: No AWS credentials found for LookupEvents/);
    assert.match(r.stderr, /Hint: Sign in first/);
    assert.equal(trail.requests().length, 0);
  } finally {
    await trail.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
