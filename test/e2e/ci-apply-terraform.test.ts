/**
 * The CI side of a CI role, end to end on the emulator: keyless applies a state backend (S3 lockfile)
 * and a CI role in a member account; then real Terraform, given only what a CI job has (the role ARN
 * and a file with its OIDC token: AWS_ROLE_ARN / AWS_WEB_IDENTITY_TOKEN_FILE, as GitLab's AWS guide
 * sets them; no access key, no profile), calls AssumeRoleWithWebIdentity itself and runs
 * `terraform init` and `terraform plan` against the keyless state backend, holding the S3 lockfile.
 *
 * The emulator does not verify the token or evaluate the trust policy (the trust-policy matrix tests
 * do, test/unit/ci/trust-matrix.test.ts); nor can it apply the bucket policy's TLS-only statement over
 * plain HTTP, so the policy is removed first, as in test/integration/terraform/keyless-bucket.test.ts.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { DeleteBucketPolicyCommand, ListObjectVersionsCommand, S3Client } from "@aws-sdk/client-s3";
import { skipWithoutTerraform, TERRAFORM } from "../unit/terraform-files/terraform-bin.ts";
import { type AdminWorld, REGION, startAdminWorld } from "./admin-harness.ts";

const ACCOUNT = "123456789012";
const BUCKET = `keyless-tfstate-${ACCOUNT}-${REGION}`;
const KEY = "dev/network/terraform.tfstate";

let w: AdminWorld;

/** Terraform run asynchronously: the stand-in proxy answering it lives in this process. */
function terraform(
  args: string[],
  opts: { cwd: string; env: Record<string, string> },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TERRAFORM ?? "terraform", args, { cwd: opts.cwd, env: opts.env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

before(async () => {
  w = await startAdminWorld();
  await w.reset({ accounts: ["dev", "prod", "ops"] });
});
after(async () => {
  await w?.stop();
});

function config(): string {
  return `${w.config().replace("accounts:\n", `accounts:\n  shared: "${ACCOUNT}"\n`)}stateBackend:
  account: shared
  region: ${REGION}
  keyPrefix: env/
  locking: s3
  encryption:
    type: aes256
ci:
  providers:
    github: {}
  roles:
    terraform-apply:
      provider: github
      repository: acme/infra
      branches: [main]
      accounts: [dev]
      preset: core
`;
}

test("terraform init and plan with the CI role's web identity credentials, against the keyless state backend with the S3 lockfile", {
  skip: skipWithoutTerraform,
}, async () => {
  await w.writeConfig(config());
  const applied = await w.keyless(["apply", "--auto-approve", "--no-color"]);
  assert.equal(applied.code, 0, applied.stdout + applied.stderr);
  assert.match(applied.stdout, new RegExp(`ci_role\\["${w.org.accounts.dev}", "terraform-apply"\\]`));

  const s3 = new S3Client({
    region: REGION,
    endpoint: w.proxy.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
  await s3.send(new DeleteBucketPolicyCommand({ Bucket: BUCKET }));

  // backend.tf as `keyless terraform files` writes it, minus the profile: in CI the credentials come
  // from the environment (`keyless ci workflow` writes profile-less files; another slice).
  const files = await w.keyless(["terraform", "files", "--profile", "unused", "--key", KEY]);
  assert.equal(files.code, 0, files.stdout + files.stderr);
  const backend = (await readFile(join(w.dirs.work, "backend.tf"), "utf8")).replace(
    /^\s*profile\s*=.*\n/m,
    "",
  );
  assert.doesNotMatch(backend, /profile/);
  assert.match(backend, /use_lockfile += true/);

  const root = await mkdtemp(join(tmpdir(), "keyless-ci-tf-"));
  try {
    const dir = join(root, "work");
    await mkdir(dir);
    await mkdir(join(root, "no-providers"));
    await writeFile(
      join(root, "terraformrc"),
      `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(join(root, "no-providers"))}\n  }\n}\n`,
    );
    await writeFile(join(dir, "backend.tf"), backend);
    await writeFile(join(dir, "main.tf"), 'resource "terraform_data" "x" {\n  input = 1\n}\n');
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const token = `${b64({ alg: "RS256", typ: "JWT" })}.${b64({
      iss: "https://token.actions.githubusercontent.com",
      aud: "sts.amazonaws.com",
      sub: "repo:acme/infra:ref:refs/heads/main",
    })}.c2lnbmF0dXJl`;
    await writeFile(join(root, "token"), token);
    const roleArn = `arn:aws:iam::${w.org.accounts.dev}:role/keyless/ci/terraform-apply`;
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: root,
      AWS_CONFIG_FILE: join(root, "no-aws-config"),
      AWS_SHARED_CREDENTIALS_FILE: join(root, "no-aws-credentials"),
      AWS_ROLE_ARN: roleArn,
      AWS_WEB_IDENTITY_TOKEN_FILE: join(root, "token"),
      AWS_ROLE_SESSION_NAME: "gh-run-1",
      AWS_ENDPOINT_URL_S3: w.proxy.endpoint,
      AWS_ENDPOINT_URL_STS: w.proxy.endpoint,
      AWS_EC2_METADATA_DISABLED: "true",
      TF_IN_AUTOMATION: "1",
      TF_DATA_DIR: join(root, "tf-data"),
      TF_CLI_CONFIG_FILE: join(root, "terraformrc"),
      CHECKPOINT_DISABLE: "1",
    };
    w.proxy.clearCalls();
    const init = await terraform(
      ["init", "-no-color", "-input=false", "-backend-config=use_path_style=true"],
      {
        cwd: dir,
        env,
      },
    );
    assert.equal(init.code, 0, init.stdout + init.stderr);
    const plan = await terraform(["plan", "-no-color", "-input=false", "-lock=true"], { cwd: dir, env });
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /terraform_data\.x will be created/);
    const calls = w.calls();
    assert.ok(calls.includes("sts.AssumeRoleWithWebIdentity"), calls.join("\n"));
    // The lockfile was taken and released: a .tflock object was written and deleted (versioned bucket).
    const versions = await s3.send(
      new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: `env/${KEY}.tflock` }),
    );
    assert.ok((versions.Versions?.length ?? 0) > 0, "terraform wrote the .tflock object");
    assert.ok((versions.DeleteMarkers?.length ?? 0) > 0, "terraform released the lock");
  } finally {
    s3.destroy();
    await rm(root, { recursive: true, force: true });
  }
});
