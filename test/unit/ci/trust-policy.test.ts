/** The rendered trust policy, written out: aud always, sub with StringEquals unless a pattern needs StringLike. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { subjects, trustPolicy } from "../../../src/ci/trust-policy.ts";
import type { DesiredCi } from "../../../src/engine/model.ts";
import { cfg, load } from "../config/helpers.ts";

function ciOf(roles: string, providers = "    github: {}\n"): DesiredCi {
  const ci = load(cfg(`accounts:\n  dev: "123456789012"\nci:\n  providers:\n${providers}  roles:\n${roles}`))
    .desired.ci;
  assert.ok(ci);
  return ci;
}

describe("CI trust policy rendering", () => {
  it("exact refs: StringEquals on aud and sub, one subject per branch, environment and pull request", () => {
    const ci = ciOf(`    plan:
      provider: github
      repository: acme/infra
      branches: [main]
      environments: [production]
      pullRequests: true
      accounts: [dev]
`);
    assert.deepEqual(trustPolicy(ci.roles[0]!, ci.providers[0]!, "123456789012"), {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "GitHubActions",
          Effect: "Allow",
          Principal: {
            Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
          },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
              "token.actions.githubusercontent.com:sub": [
                "repo:acme/infra:ref:refs/heads/main",
                "repo:acme/infra:environment:production",
                "repo:acme/infra:pull_request",
              ],
            },
          },
        },
      ],
    });
  });

  it("a pattern moves sub (only sub) to StringLike; workflows add job_workflow_ref; partition from the caller", () => {
    const ci = ciOf(`    apply:
      provider: github
      repository: acme/infra
      branches: [main, "release/*"]
      workflows: [.github/workflows/terraform.yml, acme/shared/.github/workflows/deploy.yml@refs/heads/main]
      accounts: [dev]
`);
    const policy = trustPolicy(ci.roles[0]!, ci.providers[0]!, "123456789012", "aws-us-gov");
    assert.equal(
      policy.Statement[0]?.Principal.Federated,
      "arn:aws-us-gov:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
    );
    assert.deepEqual(policy.Statement[0]?.Condition, {
      StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
      StringLike: {
        "token.actions.githubusercontent.com:sub": [
          "repo:acme/infra:ref:refs/heads/main",
          "repo:acme/infra:ref:refs/heads/release/*",
        ],
        "token.actions.githubusercontent.com:job_workflow_ref": [
          "acme/infra/.github/workflows/terraform.yml@*",
          "acme/shared/.github/workflows/deploy.yml@refs/heads/main",
        ],
      },
    });
  });

  it("GitLab (self-managed): the host names provider and keys, the audience defaults to the URL", () => {
    const ci = ciOf(
      `    apply:
      provider: gitlab
      repository: acme/platform/infra
      branches: [main]
      gitTags: [v1.0.0]
      accounts: [dev]
`,
      "    gitlab: { url: https://gitlab.example.com }\n",
    );
    assert.deepEqual(subjects(ci.roles[0]!), [
      "project_path:acme/platform/infra:ref_type:branch:ref:main",
      "project_path:acme/platform/infra:ref_type:tag:ref:v1.0.0",
    ]);
    assert.deepEqual(trustPolicy(ci.roles[0]!, ci.providers[0]!, "123456789012").Statement[0], {
      Sid: "GitLabCI",
      Effect: "Allow",
      Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com" },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: {
          "gitlab.example.com:aud": "https://gitlab.example.com",
          "gitlab.example.com:sub": [
            "project_path:acme/platform/infra:ref_type:branch:ref:main",
            "project_path:acme/platform/infra:ref_type:tag:ref:v1.0.0",
          ],
        },
      },
    });
  });
});
