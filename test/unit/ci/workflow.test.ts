/**
 * `keyless ci workflow` without the CLI: which roles, branch and environment it picks from
 * keyless.yaml, what it refuses (with the flag and what to change), and the proof that matters: the
 * token each generated job presents (its sub, aud and job_workflow_ref) is allowed by the trust policy
 * keyless renders for the role the job assumes, decided by the IAM evaluator.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { trustPolicy } from "../../../src/ci/trust-policy.ts";
import { ACTIONS, renderGithubWorkflow } from "../../../src/ci/workflow-github.ts";
import { renderGitlabJobs } from "../../../src/ci/workflow-gitlab.ts";
import { resolveWorkflow, type WorkflowRequest } from "../../../src/ci/workflow-spec.ts";
import type { Desired } from "../../../src/engine/model.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";
import { MEMBER_ACCOUNT, webIdentityDecision } from "../../helpers/iam-eval.ts";
import { cfg, load } from "../config/helpers.ts";

const OTHER = "333333333333";
const desired: Desired = load(
  cfg(`accounts:
  member: "${MEMBER_ACCOUNT}"
  other: "${OTHER}"
organizationalUnits:
  workloads: ou-abcd-12345678
ci:
  providers:
    github: {}
    gitlab: { url: "https://gitlab.example.com" }
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
      pullRequests: true
      accounts: [member]
      managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]
    branch-only:
      provider: github
      repository: acme/infra
      branches: [main]
      accounts: [member, other]
      preset: core
    pinned:
      provider: github
      repository: acme/infra
      branches: [main]
      workflows: [.github/workflows/deploy.yml]
      accounts: [member]
      preset: core
    ou-role:
      provider: github
      repository: acme/infra
      branches: [main]
      accounts: [ou:workloads]
      preset: core
    writer-for-prs:
      provider: github
      repository: acme/other
      branches: [main]
      accounts: [member]
      preset: core
    gl-apply:
      provider: gitlab
      repository: acme/platform/infra
      branches: [main]
      accounts: [member]
      preset: core
    gl-plan:
      provider: gitlab
      repository: acme/platform/infra
      branches: ["*"]
      accounts: [member]
      managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]
`),
).desired;

const req = (r: Partial<WorkflowRequest>): WorkflowRequest => ({ role: "apply", dir: "infra", ...r });

function refused(r: Partial<WorkflowRequest>, message: RegExp): void {
  assert.throws(
    () => resolveWorkflow(desired, req(r)),
    (e: unknown) => e instanceof KeylessError && e.code === "USAGE" && message.test(e.message) && !!e.hint,
  );
}

type Job = {
  if: string;
  environment?: string;
  permissions: Record<string, string>;
  steps: Array<{ uses?: string; with?: Record<string, string>; run?: string }>;
};

/** The token a job of the generated workflow presents, as the context keys IAM gives the trust policy. */
function claimsOf(job: Job, wf: { on: Record<string, { branches: string[] }> }, repo: string, out: string) {
  const pr = job.if.includes("pull_request");
  const branch = wf.on.push!.branches[0]!;
  const ref = pr ? "refs/pull/7/merge" : `refs/heads/${branch}`;
  const sub = job.environment
    ? `repo:${repo}:environment:${job.environment}`
    : pr
      ? `repo:${repo}:pull_request`
      : `repo:${repo}:ref:${ref}`;
  const host = "token.actions.githubusercontent.com";
  return {
    [`${host}:sub`]: sub,
    [`${host}:aud`]: "sts.amazonaws.com",
    [`${host}:job_workflow_ref`]: `${repo}/${out}@${ref}`,
  };
}

async function assertJobsAdmitted(spec: ReturnType<typeof resolveWorkflow>): Promise<number> {
  const wf = parse(renderGithubWorkflow(spec)) as {
    on: Record<string, { branches: string[] }>;
    jobs: Record<string, Job>;
  };
  const provider = desired.ci!.providers.find((p) => p.kind === "github")!;
  let checked = 0;
  for (const job of Object.values(wf.jobs)) {
    assert.equal(job.permissions["id-token"], "write");
    const creds = job.steps.find((s) => s.uses === ACTIONS.credentials)!;
    const arn = creds.with!["role-to-assume"]!;
    const role = desired.ci!.roles.find((r) => arn.endsWith(`:role/keyless/ci/${r.name}`))!;
    const decision = await webIdentityDecision(trustPolicy(role, provider, spec.accountId), {
      provider: `arn:aws:iam::${spec.accountId}:oidc-provider/token.actions.githubusercontent.com`,
      role: arn,
      claims: claimsOf(job, wf, spec.repository, spec.out),
    });
    assert.equal(decision, "allowed", `${role.name}: the job's token is refused by its own trust policy`);
    checked++;
  }
  return checked;
}

describe("ci workflow: choices from keyless.yaml", () => {
  it("apply behind the role's environment, pull requests with the read-only role, ARNs under /keyless/ci/", async () => {
    const spec = resolveWorkflow(desired, req({}));
    assert.equal(spec.main.arn, `arn:aws:iam::${MEMBER_ACCOUNT}:role/keyless/ci/apply`);
    assert.equal(spec.main.environment, "production");
    assert.equal(spec.main.applies, true);
    assert.equal(spec.review?.arn, `arn:aws:iam::${MEMBER_ACCOUNT}:role/keyless/ci/plan`);
    assert.equal(spec.out, ".github/workflows/terraform-infra.yml");
    assert.equal(spec.region, "eu-central-1");
    const text = renderGithubWorkflow(spec);
    assert.match(text, /environment: "production"/);
    assert.match(text, /terraform apply -input=false tfplan/);
    assert.equal(await assertJobsAdmitted(spec), 2);
  });

  it("a role without environments applies on its branch (its sub) and the note says no reviewer approves", async () => {
    const spec = resolveWorkflow(desired, req({ role: "branch-only", account: "member" }));
    assert.equal(spec.main.environment, undefined);
    assert.ok(spec.notes.some((n) => /admits no environment/.test(n)));
    assert.equal(await assertJobsAdmitted(spec), 2);
  });

  it("a role limited to a workflow file writes that file, and its job's job_workflow_ref is admitted", async () => {
    const spec = resolveWorkflow(desired, req({ role: "pinned" }));
    assert.equal(spec.out, ".github/workflows/deploy.yml");
    assert.equal(await assertJobsAdmitted(spec), 2);
  });

  it("no role admits pull requests: no pull_request trigger and no plan job", () => {
    const spec = resolveWorkflow(desired, req({ role: "writer-for-prs" }));
    assert.equal(spec.review, undefined);
    const wf = parse(renderGithubWorkflow(spec)) as { on: object; jobs: object };
    assert.deepEqual(Object.keys(wf.on), ["push"]);
    assert.deepEqual(Object.keys(wf.jobs), ["apply"]);
  });

  it("a read-only role as --role only plans on the branch", () => {
    const spec = resolveWorkflow(desired, req({ role: "gl-plan", branch: "main" }));
    assert.equal(spec.main.applies, false);
    assert.doesNotMatch(renderGitlabJobs(spec, "1.11.4"), /terraform apply/);
  });

  it("an OU target: an account named in the file is taken, with a note that keyless cannot check membership offline", () => {
    const spec = resolveWorkflow(desired, req({ role: "ou-role", account: "other" }));
    assert.equal(spec.accountId, OTHER);
    assert.ok(spec.notes.some((n) => /cannot check offline/.test(n)));
  });

  it("GitLab: id_tokens with the instance's audience, the role ARN, MR and default-branch rules", () => {
    const spec = resolveWorkflow(desired, req({ role: "gl-apply", gitlab: true }));
    assert.equal(spec.review?.name, "gl-plan");
    const doc = parse(renderGitlabJobs(spec, "1.11.4")) as Record<string, Record<string, unknown>>;
    const base = doc[".keyless-terraform-infra"]!;
    assert.deepEqual(base.id_tokens, { KEYLESS_ID_TOKEN: { aud: "https://gitlab.example.com" } });
    assert.match(JSON.stringify(base.before_script), /AWS_WEB_IDENTITY_TOKEN_FILE/);
    const apply = doc["terraform-apply-infra"]!;
    assert.deepEqual(apply.variables, {
      AWS_ROLE_ARN: `arn:aws:iam::${MEMBER_ACCOUNT}:role/keyless/ci/gl-apply`,
    });
    assert.match(JSON.stringify(apply.rules), /CI_COMMIT_BRANCH == \\"main\\"/);
    assert.match(JSON.stringify(doc["terraform-plan-infra"]!.rules), /merge_request_event/);
  });
});

describe("ci workflow: refusals name the flag and what to change", () => {
  it("an unknown role lists the declared ones", () =>
    refused({ role: "nope" }, /--role "nope": keyless\.yaml declares no CI role/));
  it("an account the role is not created in", () =>
    refused(
      { role: "apply", account: "other" },
      /CI role "apply" is not created in account "other": its accounts are member/,
    ));
  it("several accounts and no --account", () => refused({ role: "branch-only" }, /which account\?/));
  it("a branch the role does not admit", () =>
    refused(
      { role: "branch-only", account: "member", branch: "develop" },
      /does not admit branch "develop"/,
    ));
  it("an environment the role does not admit", () =>
    refused({ environment: "staging" }, /does not admit environment "staging"/));
  it("--gitlab with a GitHub role", () => refused({ gitlab: true }, /trusts GitHub Actions tokens/));
  it("a --plan-role that can apply", () =>
    refused({ planRole: "branch-only" }, /can apply: a pull request must never/));
  it("a --plan-role of another repository", () =>
    refused({ planRole: "writer-for-prs" }, /trusts github acme\/other/));
  it("--out outside .github/workflows", () =>
    refused({ out: "ci/terraform.yml" }, /GitHub runs only workflow files/));
  it("--out that a role limited to workflows would refuse", () =>
    refused(
      { role: "pinned", out: ".github/workflows/other.yml" },
      /admits only the workflow\(s\) \.github\/workflows\/deploy\.yml/,
    ));
  it("--environment for GitLab", () =>
    refused({ role: "gl-apply", environment: "prod" }, /GitLab's token carries no environment/));
});
