/**
 * `keyless ci workflow` as a user runs it: the built CLI from a repository checkout outside keyless's
 * own, with its own HOME and no AWS settings (the command makes no AWS call). What it writes is
 * checked by the tools that judge such files: actionlint (built from the Go module proxy by
 * scripts/ensure-actionlint.mjs, cached under .cache/tools) for the GitHub workflow, `terraform init
 * -backend=false` + `terraform validate` with the local provider mirror for backend.tf / provider.tf.
 * GitLab has no linter that runs offline: its jobs are parsed as YAML and their required keys checked.
 * Wrong input: a clear message, a non-zero exit, nothing written, an existing file left as it was.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { promisify } from "node:util";
import { parse } from "yaml";
import { findProviderMirror, mirrorCliConfig } from "../../scripts/demo-terraform-env.ts";
import { ensureActionlint } from "../../scripts/ensure-actionlint.mjs";
import { runKeyless, type UserDirs, userDirs } from "../helpers/spawn-cli.ts";
import { runTerraform, TERRAFORM } from "../unit/terraform-files/terraform-bin.ts";

const run = promisify(execFile);

const KEYLESS_YAML = `version: 1
identityCenter:
  region: eu-central-1
accounts:
  dev: "123456789012"
  prod: "210987654321"
stateBackend:
  account: dev
  region: eu-central-1
  bucket: acme-tfstate
  encryption:
    type: kms
ci:
  providers:
    github: {}
    gitlab: { url: https://gitlab.example.com }
  roles:
    terraform-apply:
      provider: github
      repository: acme/infra
      branches: [main]
      environments: [production]
      accounts: [dev, prod]
      preset: core
    terraform-plan:
      provider: github
      repository: acme/infra
      pullRequests: true
      accounts: [dev, prod]
      managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]
    gitlab-apply:
      provider: gitlab
      repository: acme/platform/infra
      branches: [main]
      accounts: [prod]
      preset: core
    gitlab-plan:
      provider: gitlab
      repository: acme/platform/infra
      branches: ["*"]
      accounts: [prod]
      managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]
`;
const KEY_ARN = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const WORKFLOW = ".github/workflows/terraform-infra.yml";

let user: UserDirs;
let actionlint: { path?: string; skip?: string };

before(async () => {
  actionlint = await ensureActionlint();
});

beforeEach(() => {
  user?.remove();
  user = userDirs("keyless-ci-");
  writeFileSync(join(user.work, "keyless.yaml"), KEYLESS_YAML);
  mkdirSync(join(user.work, "infra"));
});
after(() => user?.remove());

const keyless = (args: string[]) => runKeyless(args, { cwd: user.work, env: { HOME: user.home } });

/** Every file under the checkout except keyless.yaml and the infra directory itself. */
function written(dir = user.work, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = `${prefix}${e.name}`;
    if (e.isDirectory()) return written(join(dir, e.name), `${rel}/`);
    return rel === "keyless.yaml" ? [] : [rel];
  });
}

describe("keyless ci workflow (GitHub Actions)", () => {
  test("writes the workflow and CI backend/provider files; actionlint passes", async (t) => {
    const r = await keyless([
      "ci",
      "workflow",
      "--role",
      "terraform-apply",
      "--account",
      "prod",
      "--dir",
      "infra",
      "--key",
      "prod/infra.tfstate",
      "--kms-key-id",
      KEY_ARN,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /\.github\/workflows\/terraform-infra\.yml: created\ninfra\/backend\.tf: created\ninfra\/provider\.tf: created\n/,
    );
    assert.match(r.stderr, /Note: pull requests plan with CI role "terraform-plan"/);
    assert.deepEqual(written().sort(), [WORKFLOW, "infra/backend.tf", "infra/provider.tf"]);
    const text = readFileSync(join(user.work, WORKFLOW), "utf8");
    assert.match(text, /id-token: write/);
    assert.match(text, /uses: aws-actions\/configure-aws-credentials@v6/);
    assert.match(text, /role-to-assume: arn:aws:iam::210987654321:role\/keyless\/ci\/terraform-apply/);
    assert.match(text, /role-to-assume: arn:aws:iam::210987654321:role\/keyless\/ci\/terraform-plan/);
    assert.match(text, /aws-region: eu-central-1/);
    assert.match(text, /environment: "production"/);
    assert.doesNotMatch(text, /aws-access-key-id|secrets\./);
    for (const f of ["infra/backend.tf", "infra/provider.tf"]) {
      assert.doesNotMatch(
        readFileSync(join(user.work, f), "utf8"),
        /^\s*profile\s*=/m,
        `${f} names no profile`,
      );
    }
    if (actionlint.skip) return t.skip(actionlint.skip);
    const lint = await run(actionlint.path!, ["-no-color", WORKFLOW], { cwd: user.work }).catch((e) => e);
    assert.equal(lint.code ?? 0, 0, `actionlint: ${lint.stdout}${lint.stderr}`);
  });

  test("a second run leaves identical files unchanged", async () => {
    const args = ["ci", "workflow", "--role", "terraform-apply", "--account", "dev", "--dir", "infra"];
    assert.equal((await keyless(args)).code, 0);
    const again = await keyless(args);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /terraform-infra\.yml: unchanged/);
  });

  test("terraform init -backend=false and validate accept the CI files (provider from the local mirror)", async (t) => {
    const mirror = findProviderMirror();
    if (!TERRAFORM) return t.skip("terraform is not on PATH");
    if (!mirror)
      return t.skip("no local Terraform provider mirror with hashicorp/aws (e.g. /opt/tf-plugins)");
    const r = await keyless([
      "ci",
      "workflow",
      "--role",
      "terraform-apply",
      "--account",
      "dev",
      "--dir",
      "infra",
      "--key",
      "infra.tfstate",
      "--kms-key-id",
      KEY_ARN,
    ]);
    assert.equal(r.code, 0, r.stderr);
    writeFileSync(join(user.home, "terraformrc"), mirrorCliConfig(mirror));
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: user.home,
      TF_CLI_CONFIG_FILE: join(user.home, "terraformrc"),
      TF_DATA_DIR: join(user.home, "tf-data"),
      TF_IN_AUTOMATION: "1",
      CHECKPOINT_DISABLE: "1",
    };
    const cwd = join(user.work, "infra");
    const init = runTerraform(["init", "-backend=false", "-input=false", "-no-color"], { cwd, env });
    assert.equal(init.code, 0, init.stderr);
    const valid = runTerraform(["validate", "-no-color"], { cwd, env });
    assert.equal(valid.code, 0, valid.stderr);
    assert.match(valid.stdout, /Success! The configuration is valid/);
  });

  test("--print and --json write nothing; --json carries the roles and the files", async () => {
    const base = ["ci", "workflow", "--role", "terraform-apply", "--account", "prod", "--dir", "infra"];
    const printed = await keyless([...base, "--print"]);
    assert.equal(printed.code, 0, printed.stderr);
    assert.match(printed.stdout, /^# Generated by `keyless ci workflow`/);
    const json = await keyless([...base, "--print", "--json"]);
    assert.equal(json.code, 0, json.stderr);
    const out = JSON.parse(json.stdout) as {
      roles: { main: { arn: string; environment: string }; review: { name: string } };
      files: { path: string; action: string }[];
      written: boolean;
    };
    assert.equal(out.roles.main.arn, "arn:aws:iam::210987654321:role/keyless/ci/terraform-apply");
    assert.equal(out.roles.main.environment, "production");
    assert.equal(out.roles.review.name, "terraform-plan");
    assert.deepEqual(
      out.files.map((f) => [f.path, f.action]),
      [[WORKFLOW, "create"]],
    );
    assert.equal(out.written, false);
    assert.deepEqual(written(), []);
  });

  test("--help shows examples and exit codes", async () => {
    const r = await keyless(["ci", "workflow", "--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Examples:\n {2}keyless ci workflow --role terraform-apply/);
    assert.match(r.stdout, /Exit codes: 0 written/);
  });
});

describe("keyless ci workflow (GitLab CI)", () => {
  test("writes the jobs to include: id_tokens with the instance audience, the web identity file, MR and branch rules", async () => {
    const r = await keyless(["ci", "workflow", "--role", "gitlab-apply", "--gitlab", "--dir", "infra"]);
    assert.equal(r.code, 0, r.stderr);
    const path = ".gitlab/ci/terraform-infra.gitlab-ci.yml";
    assert.deepEqual(written(), [path]);
    // No GitLab CI linter runs offline (GitLab's lint is an API of an instance): parse and check keys.
    const doc = parse(readFileSync(join(user.work, path), "utf8")) as Record<string, Record<string, unknown>>;
    const base = doc[".keyless-terraform-infra"]!;
    assert.deepEqual(base.id_tokens, { KEYLESS_ID_TOKEN: { aud: "https://gitlab.example.com" } });
    const before = (base.before_script as string[]).join("\n");
    assert.match(before, /export AWS_WEB_IDENTITY_TOKEN_FILE=/);
    assert.match(before, /printf '%s' "\$KEYLESS_ID_TOKEN" > "\$AWS_WEB_IDENTITY_TOKEN_FILE"/);
    for (const [job, role, rule] of [
      ["terraform-plan-infra", "gitlab-plan", /merge_request_event/],
      ["terraform-apply-infra", "gitlab-apply", /\$CI_COMMIT_BRANCH == "main"/],
    ] as const) {
      const j = doc[job]!;
      assert.equal(j.extends, ".keyless-terraform-infra");
      assert.deepEqual(j.variables, { AWS_ROLE_ARN: `arn:aws:iam::210987654321:role/keyless/ci/${role}` });
      assert.match((j.rules as { if: string }[])[0]!.if, rule);
      assert.ok(Array.isArray(j.script) && j.script.length > 0);
    }
  });
});

describe("keyless ci workflow: wrong input writes nothing", () => {
  const cases: [string, string[], number, RegExp][] = [
    [
      "an unknown role",
      ["--role", "deploy", "--account", "dev"],
      64,
      /--role "deploy": keyless\.yaml declares no CI role/,
    ],
    [
      "an account the role is not in",
      ["--role", "gitlab-apply", "--account", "dev"],
      64,
      /CI role "gitlab-apply" is not created in account "dev": its accounts are prod \(210987654321\)/,
    ],
    [
      "--gitlab with a GitHub role",
      ["--role", "terraform-apply", "--account", "dev", "--gitlab"],
      64,
      /trusts GitHub Actions tokens/,
    ],
    [
      "a missing --dir",
      ["--role", "terraform-apply", "--account", "dev", "--dir", "nope"],
      64,
      /--dir nope: no such directory/,
    ],
    [
      "--key with a keyless-created state key and no --kms-key-id",
      ["--role", "terraform-apply", "--account", "dev", "--dir", "infra", "--key", "a.tfstate"],
      64,
      /makes no AWS call/,
    ],
  ];
  for (const [name, args, code, message] of cases) {
    test(name, async () => {
      const r = await keyless(["ci", "workflow", ...args]);
      assert.equal(r.code, code, r.stderr);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /Hint: /);
      assert.equal(r.stdout, "");
      assert.deepEqual(written(), []);
    });
  }

  test("an existing workflow with other content: exit 1, the diff, the file untouched; --force replaces it", async () => {
    mkdirSync(join(user.work, ".github/workflows"), { recursive: true });
    const path = join(user.work, WORKFLOW);
    writeFileSync(path, "name: mine\n");
    const args = ["ci", "workflow", "--role", "terraform-apply", "--account", "dev", "--dir", "infra"];
    const r = await keyless(args);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /would be replaced \(needs --force\)/);
    assert.match(r.stderr, /already exists with different content; nothing was written/);
    assert.equal(readFileSync(path, "utf8"), "name: mine\n");
    assert.ok(!existsSync(join(user.work, "infra/backend.tf")));
    const forced = await keyless([...args, "--force"]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(readFileSync(path, "utf8"), /configure-aws-credentials/);
  });
});
