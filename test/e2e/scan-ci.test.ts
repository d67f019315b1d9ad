/**
 * `keyless scan` of repositories whose CI is fed static AWS keys, as a user runs it: the built CLI on
 * copies of the fixture repositories (test/fixtures/scan/ci-keys, ci-oidc) from a HOME of its own,
 * with the environment and ~/.aws left out. Each finding names file:line:column, what was found and the
 * fix; the exit code is 1 with findings, 0 for the OIDC repository and for what `keyless ci workflow`
 * writes.
 */
import assert from "node:assert/strict";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { runKeyless, type UserDirs, userDirs } from "../helpers/spawn-cli.ts";

const FIXTURES = join(import.meta.dirname, "../fixtures/scan");
let user: UserDirs;

before(() => {
  user = userDirs("keyless-scan-ci-");
  for (const name of ["ci-keys", "ci-oidc"])
    cpSync(join(FIXTURES, name), join(user.work, name), { recursive: true });
});
after(() => user?.remove());

const scan = (args: string[]) =>
  runKeyless(["scan", "--no-env", "--no-home", ...args], { cwd: user.work, env: { HOME: user.home } });

describe("keyless scan: static AWS keys fed to CI", () => {
  test("GitHub secrets, GitLab variables and project variables: exit 1, file:line:col and the CI fix", async () => {
    const r = await scan(["ci-keys"]);
    assert.equal(r.code, 1, r.stderr);
    const rows = r.stdout.split("\n").filter((l) => /^high /.test(l));
    assert.deepEqual(
      rows.map((l) =>
        l
          .split(/\s{2,}/)
          .slice(1, 3)
          .join(" "),
      ),
      [
        "ci-github-static-key ci-keys/.github/workflows/deploy.yml:4:3",
        "ci-github-static-key ci-keys/.github/workflows/deploy.yml:9:7",
        "ci-github-static-key ci-keys/.github/workflows/deploy.yml:13:11",
        "ci-github-static-key ci-keys/.github/workflows/deploy.yml:14:11",
        "ci-gitlab-static-key ci-keys/gitlab-project-vars/.gitlab-ci.yml:5:44",
        "ci-gitlab-static-key ci-keys/gitlab-vars/.gitlab-ci.yml:5:5",
        "ci-gitlab-static-key ci-keys/gitlab-vars/.gitlab-ci.yml:6:5",
      ],
    );
    assert.match(r.stdout, /secrets\.PROD_KEY_ID, in aws-access-key-id/);
    assert.match(
      r.stdout,
      /ci-github-static-key: Declare a CI role in keyless\.yaml \(ci\.roles\) and use `keyless ci workflow`/,
    );
    assert.match(
      r.stdout,
      /ci-gitlab-static-key: Declare a CI role in keyless\.yaml \(ci\.roles\) and use `keyless ci workflow`/,
    );
    assert.match(r.stdout, /7 failing findings \(7 high\)/);
  });

  test("--json carries kind, path, line, what and the fix", async () => {
    const r = await scan(["--json", "ci-keys"]);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout) as {
      summary: { failing: number };
      findings: { kind: string; path: string; line: number; what: string; masked: string; fix: string }[];
    };
    assert.equal(out.summary.failing, 7);
    const first = out.findings[0]!;
    assert.equal(first.kind, "ci-github-static-key");
    assert.equal(first.path, ".github/workflows/deploy.yml");
    assert.equal(first.line, 4);
    assert.equal(first.masked, "secrets.AWS_ACCESS_KEY_ID");
    assert.match(first.fix, /declare a CI role in keyless\.yaml/i);
  });

  test("--allow accepts a CI finding by kind with a reason (exit 0)", async () => {
    writeFileSync(
      join(user.work, "allow.yaml"),
      "- path: .github/workflows/*\n  kind: ci-github-static-key\n  reason: migrating to OIDC this sprint\n- path: '**/.gitlab-ci.yml'\n  reason: legacy runners\n",
    );
    const r = await scan(["--allow", "allow.yaml", "ci-keys"]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /7 allowed/);
  });

  test("OIDC workflows and jobs, and credentials a job produced itself: no finding, exit 0", async () => {
    const r = await scan(["ci-oidc"]);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /No static AWS credentials found\. 2 files scanned/);
  });

  test("what keyless ci workflow writes scans clean", async () => {
    const repo = join(user.work, "generated");
    mkdirSync(join(repo, "infra"), { recursive: true });
    writeFileSync(
      join(repo, "keyless.yaml"),
      [
        "version: 1",
        "identityCenter: { region: eu-central-1 }",
        'accounts: { dev: "123456789012" }',
        "ci:",
        "  providers: { github: {} }",
        "  roles:",
        "    apply: { provider: github, repository: acme/infra, branches: [main], accounts: [dev], preset: core }",
        "",
      ].join("\n"),
    );
    const w = await runKeyless(["ci", "workflow", "--role", "apply", "--dir", "infra"], {
      cwd: repo,
      env: { HOME: user.home },
    });
    assert.equal(w.code, 0, w.stderr);
    const r = await runKeyless(["scan", "--no-env", "--no-home", "."], {
      cwd: repo,
      env: { HOME: user.home },
    });
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /No static AWS credentials found/);
  });
});
