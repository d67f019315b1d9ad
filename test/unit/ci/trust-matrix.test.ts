/**
 * The trust-policy matrix: roles declared in keyless.yaml, rendered by src/ci/trust-policy.ts, and
 * evaluated by a real IAM evaluator (iam-simulate, test/helpers/iam-eval.ts webIdentityDecision)
 * against example token claims. The declared repository and refs are allowed; another repository, a
 * fork, a look-alike name, another branch, a pull request, a missing or wrong audience, another
 * provider or account are denied. Each row is one sts:AssumeRoleWithWebIdentity request.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { oidcProviderArn, trustPolicy } from "../../../src/ci/trust-policy.ts";
import type { DesiredCiRole } from "../../../src/engine/model.ts";
import { type Decision, MEMBER_ACCOUNT, webIdentityDecision } from "../../helpers/iam-eval.ts";
import { cfg, load } from "../config/helpers.ts";

const YAML = cfg(`accounts:
  member: "${MEMBER_ACCOUNT}"
ci:
  providers:
    github: {}
    gitlab: {}
  roles:
    apply:
      provider: github
      repository: acme/infra
      branches: [main]
      environments: [production]
      accounts: [member]
      preset: core
    plan:
      provider: github
      repository: acme/infra
      branches: ["*"]
      pullRequests: true
      accounts: [member]
      managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]
    release:
      provider: github
      repository: acme/infra
      branches: ["release/*"]
      accounts: [member]
      preset: core
    pinned-workflow:
      provider: github
      repository: acme/infra
      branches: [main]
      workflows: [.github/workflows/terraform.yml]
      accounts: [member]
      preset: core
    reusable-workflow:
      provider: github
      repository: acme/infra
      branches: [main]
      workflows: [acme/shared/.github/workflows/deploy.yml@refs/heads/main]
      accounts: [member]
      preset: core
    gitlab-apply:
      provider: gitlab
      repository: acme/platform/infra
      branches: [main]
      gitTags: ["v*"]
      accounts: [member]
      preset: core
`);

const SELF_MANAGED = cfg(`accounts:
  member: "${MEMBER_ACCOUNT}"
ci:
  providers:
    gitlab: { url: "https://gitlab.example.com" }
  roles:
    apply:
      provider: gitlab
      repository: acme/infra
      branches: [main]
      accounts: [member]
      preset: core
`);

const GH = "token.actions.githubusercontent.com";
const GH_PROVIDER = `arn:aws:iam::${MEMBER_ACCOUNT}:oidc-provider/${GH}`;
const GL = "gitlab.com";
const GL_PROVIDER = `arn:aws:iam::${MEMBER_ACCOUNT}:oidc-provider/${GL}`;

interface Row {
  what: string;
  claims: Record<string, string>;
  /** Default: the role's own provider in MEMBER_ACCOUNT. */
  provider?: string;
  expect: Decision;
}

const gh = (sub: string, extra: Record<string, string> = {}) => ({
  [`${GH}:sub`]: sub,
  [`${GH}:aud`]: "sts.amazonaws.com",
  ...extra,
});
const gl = (host: string, sub: string, aud = `https://${host}`) => ({
  [`${host}:sub`]: sub,
  [`${host}:aud`]: aud,
});

const ALLOW: Decision = "allowed";
const DENY: Decision = "implicit-deny";

function roles(yaml: string): Map<string, DesiredCiRole> {
  const ci = load(yaml).desired.ci;
  assert.ok(ci);
  return new Map(ci.roles.map((r) => [r.name, r]));
}

async function check(yaml: string, roleName: string, rows: Row[]): Promise<void> {
  const ci = load(yaml).desired.ci;
  assert.ok(ci);
  const role = ci.roles.find((r) => r.name === roleName);
  assert.ok(role, roleName);
  const provider = ci.providers.find((p) => p.kind === role.provider);
  assert.ok(provider);
  const policy = trustPolicy(role, provider, MEMBER_ACCOUNT);
  const got: string[] = [];
  const want: string[] = [];
  for (const row of rows) {
    const decision = await webIdentityDecision(policy, {
      provider: row.provider ?? oidcProviderArn(provider, MEMBER_ACCOUNT, "aws"),
      role: `arn:aws:iam::${MEMBER_ACCOUNT}:role/keyless/ci/${role.name}`,
      claims: row.claims,
    });
    got.push(`${row.what}: ${decision}`);
    want.push(`${row.what}: ${row.expect}`);
  }
  assert.deepEqual(got, want);
  matrixSize += rows.length;
}

let matrixSize = 0;

describe("CI trust policies against a real IAM evaluator", () => {
  it("the declared roles load (the matrix below evaluates what the loader produces)", () => {
    assert.deepEqual(
      [...roles(YAML).keys()],
      ["apply", "gitlab-apply", "pinned-workflow", "plan", "release", "reusable-workflow"],
    );
  });

  it("GitHub apply role: main and the production environment of acme/infra only", async () => {
    await check(YAML, "apply", [
      { what: "declared branch", claims: gh("repo:acme/infra:ref:refs/heads/main"), expect: ALLOW },
      { what: "declared environment", claims: gh("repo:acme/infra:environment:production"), expect: ALLOW },
      { what: "another repository", claims: gh("repo:acme/other:ref:refs/heads/main"), expect: DENY },
      { what: "a fork (other owner)", claims: gh("repo:evil/infra:ref:refs/heads/main"), expect: DENY },
      { what: "a look-alike name", claims: gh("repo:acme/infra-evil:ref:refs/heads/main"), expect: DENY },
      { what: "another case", claims: gh("repo:ACME/infra:ref:refs/heads/main"), expect: DENY },
      { what: "another branch", claims: gh("repo:acme/infra:ref:refs/heads/feature"), expect: DENY },
      { what: "a tag named main", claims: gh("repo:acme/infra:ref:refs/tags/main"), expect: DENY },
      { what: "a pull request", claims: gh("repo:acme/infra:pull_request"), expect: DENY },
      { what: "another environment", claims: gh("repo:acme/infra:environment:staging"), expect: DENY },
      {
        what: "missing audience",
        claims: { [`${GH}:sub`]: "repo:acme/infra:ref:refs/heads/main" },
        expect: DENY,
      },
      {
        what: "wrong audience",
        claims: gh("repo:acme/infra:ref:refs/heads/main", { [`${GH}:aud`]: "https://github.com/acme" }),
        expect: DENY,
      },
      { what: "missing subject", claims: { [`${GH}:aud`]: "sts.amazonaws.com" }, expect: DENY },
      {
        what: "the provider of another account",
        claims: gh("repo:acme/infra:ref:refs/heads/main"),
        provider: `arn:aws:iam::999999999999:oidc-provider/${GH}`,
        expect: DENY,
      },
      {
        what: "another provider with GitHub's claims",
        claims: gh("repo:acme/infra:ref:refs/heads/main"),
        provider: GL_PROVIDER,
        expect: DENY,
      },
    ]);
  });

  it("GitHub read-only plan role: pull requests and any branch of acme/infra, nothing else", async () => {
    await check(YAML, "plan", [
      { what: "a pull request", claims: gh("repo:acme/infra:pull_request"), expect: ALLOW },
      { what: "any branch", claims: gh("repo:acme/infra:ref:refs/heads/feature/x"), expect: ALLOW },
      { what: "a fork's pull request", claims: gh("repo:evil/infra:pull_request"), expect: DENY },
      { what: "another repository's pull request", claims: gh("repo:acme/other:pull_request"), expect: DENY },
      { what: "a look-alike name", claims: gh("repo:acme/infra2:ref:refs/heads/main"), expect: DENY },
      { what: "an environment", claims: gh("repo:acme/infra:environment:production"), expect: DENY },
      { what: "a tag", claims: gh("repo:acme/infra:ref:refs/tags/v1"), expect: DENY },
      { what: "missing audience", claims: { [`${GH}:sub`]: "repo:acme/infra:pull_request" }, expect: DENY },
    ]);
  });

  it("a branch pattern matches inside the one repository only (StringLike)", async () => {
    await check(YAML, "release", [
      { what: "matching branch", claims: gh("repo:acme/infra:ref:refs/heads/release/1.0"), expect: ALLOW },
      { what: "main", claims: gh("repo:acme/infra:ref:refs/heads/main"), expect: DENY },
      {
        what: "matching branch of a look-alike",
        claims: gh("repo:acme/infra-evil:ref:refs/heads/release/1.0"),
        expect: DENY,
      },
      {
        what: "matching branch of a fork",
        claims: gh("repo:evil/infra:ref:refs/heads/release/1.0"),
        expect: DENY,
      },
      { what: "a pull request", claims: gh("repo:acme/infra:pull_request"), expect: DENY },
      {
        what: "missing audience",
        claims: { [`${GH}:sub`]: "repo:acme/infra:ref:refs/heads/release/1.0" },
        expect: DENY,
      },
    ]);
  });

  it("workflows: only the declared workflow file may assume the role (job_workflow_ref)", async () => {
    const main = "repo:acme/infra:ref:refs/heads/main";
    const wf = (ref: string) => gh(main, { [`${GH}:job_workflow_ref`]: ref });
    await check(YAML, "pinned-workflow", [
      {
        what: "declared workflow",
        claims: wf("acme/infra/.github/workflows/terraform.yml@refs/heads/main"),
        expect: ALLOW,
      },
      {
        what: "another workflow file",
        claims: wf("acme/infra/.github/workflows/debug.yml@refs/heads/main"),
        expect: DENY,
      },
      {
        what: "same file in a fork",
        claims: wf("evil/infra/.github/workflows/terraform.yml@refs/heads/main"),
        expect: DENY,
      },
      { what: "no job_workflow_ref", claims: gh(main), expect: DENY },
    ]);
    await check(YAML, "reusable-workflow", [
      {
        what: "declared reusable workflow",
        claims: wf("acme/shared/.github/workflows/deploy.yml@refs/heads/main"),
        expect: ALLOW,
      },
      {
        what: "same workflow, another ref",
        claims: wf("acme/shared/.github/workflows/deploy.yml@refs/heads/dev"),
        expect: DENY,
      },
      {
        what: "the repository's own workflow",
        claims: wf("acme/infra/.github/workflows/deploy.yml@refs/heads/main"),
        expect: DENY,
      },
    ]);
  });

  it("GitLab.com: the project's main branch and v* tags only, audience https://gitlab.com", async () => {
    const sub = (project: string, type: string, ref: string) =>
      `project_path:${project}:ref_type:${type}:ref:${ref}`;
    await check(YAML, "gitlab-apply", [
      {
        what: "declared branch",
        claims: gl(GL, sub("acme/platform/infra", "branch", "main")),
        expect: ALLOW,
      },
      {
        what: "declared tag pattern",
        claims: gl(GL, sub("acme/platform/infra", "tag", "v1.2.0")),
        expect: ALLOW,
      },
      {
        what: "another branch",
        claims: gl(GL, sub("acme/platform/infra", "branch", "feature")),
        expect: DENY,
      },
      { what: "a tag named main", claims: gl(GL, sub("acme/platform/infra", "tag", "main")), expect: DENY },
      { what: "a branch named v1", claims: gl(GL, sub("acme/platform/infra", "branch", "v1")), expect: DENY },
      { what: "another project", claims: gl(GL, sub("acme/platform/other", "branch", "main")), expect: DENY },
      {
        what: "a fork (other group)",
        claims: gl(GL, sub("evil/platform/infra", "branch", "main")),
        expect: DENY,
      },
      {
        what: "a look-alike name",
        claims: gl(GL, sub("acme/platform/infra-x", "branch", "main")),
        expect: DENY,
      },
      { what: "a parent group's project", claims: gl(GL, sub("acme/infra", "branch", "main")), expect: DENY },
      {
        what: "missing audience",
        claims: { [`${GL}:sub`]: sub("acme/platform/infra", "branch", "main") },
        expect: DENY,
      },
      {
        what: "GitHub's audience",
        claims: gl(GL, sub("acme/platform/infra", "branch", "main"), "sts.amazonaws.com"),
        expect: DENY,
      },
      {
        what: "GitHub's provider",
        claims: gl(GL, sub("acme/platform/infra", "branch", "main")),
        provider: GH_PROVIDER,
        expect: DENY,
      },
    ]);
  });

  it("self-managed GitLab: its host names the provider and the claims; gitlab.com's tokens are denied", async () => {
    const host = "gitlab.example.com";
    const main = "project_path:acme/infra:ref_type:branch:ref:main";
    await check(SELF_MANAGED, "apply", [
      { what: "declared branch", claims: gl(host, main), expect: ALLOW },
      {
        what: "another branch",
        claims: gl(host, "project_path:acme/infra:ref_type:branch:ref:dev"),
        expect: DENY,
      },
      { what: "missing audience", claims: { [`${host}:sub`]: main }, expect: DENY },
      { what: "gitlab.com's audience", claims: gl(host, main, "https://gitlab.com"), expect: DENY },
      { what: "a gitlab.com token", claims: gl(GL, main), provider: GL_PROVIDER, expect: DENY },
    ]);
  });

  it(`matrix size`, () => {
    // Printed for the record (docs/ci.md quotes it); every row above is one evaluated request.
    assert.ok(matrixSize >= 50, `only ${matrixSize} requests evaluated`);
    console.log(`trust-policy matrix: ${matrixSize} requests evaluated`);
  });
});
