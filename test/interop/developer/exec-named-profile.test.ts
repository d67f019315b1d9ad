/**
 * What docs/developer.md says about `keyless exec` and files that name the profile, shown with
 * Terraform's own credential library (aws-sdk-go-base, as in the S3 backend and the AWS provider):
 * given `profile = P` in its configuration, it resolves P itself, through the SSO token cache and its
 * own GetRoleCredentials call, and ignores the role credentials exec put in the environment (it says
 * so only in its debug log).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { configureArgs, DEV, type DevEnv, startDevEnv } from "../../integration/developer/harness.ts";
import { buildGoResolver } from "../consumers/index.ts";

let dev: DevEnv;
const P = "dev-terraform-core";

before(async () => {
  dev = await startDevEnv();
  const configured = await dev.run(configureArgs("--all"));
  assert.equal(configured.code, 0, configured.stderr);
});
after(async () => {
  await dev?.stop();
});

test("under keyless exec, aws-sdk-go-base with profile P uses P through the token cache, not the environment", async (t) => {
  const built = await buildGoResolver();
  if (!built.ok) {
    t.skip(built.stderr);
    return;
  }
  const out = join(dev.home, "identity.json");
  const err = join(dev.home, "warnings.txt");
  dev.standin.clearCalls();
  const issuedBefore = dev.issued.length;
  const r = await dev.run([
    "exec",
    P,
    "--",
    "sh",
    "-c",
    `'${built.binary}' -profile ${P} > '${out}' 2> '${err}'`,
  ]);
  assert.equal(r.code, 0, `${r.stderr}\n${readFileSync(err, "utf8")}`);
  const roleCalls = dev.standin.calls().filter((c) => c.operation === "GetRoleCredentials");
  assert.equal(
    roleCalls.length,
    2,
    "one GetRoleCredentials by keyless exec, one by the Go SDK for profile P",
  );
  const arn = (JSON.parse(readFileSync(out, "utf8")) as { arn: string }).arn;
  // The stand-in names each issued session keyless-N: N = issuedBefore + 1 went into exec's
  // environment, N = issuedBefore + 2 is what the Go SDK fetched for itself and used.
  assert.equal(arn, `arn:aws:sts::${DEV}:assumed-role/terraform-core/keyless-${issuedBefore + 2}`);
});
