/**
 * keyless.yaml `ci`: what it loads into (Desired.ci), every refusal (message at file:line:col naming
 * the value and what to do), the warnings, and the round trip a saved plan's snapshot takes.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { revalidateDesired } from "../../../src/config/revalidate.ts";
import { cfg, load, problem, problems } from "./helpers.ts";

const HEAD = `accounts:
  dev: "123456789012"
  prod: "210987654321"
organizationalUnits:
  workloads: ou-ab12-cdef3456
`;

/** A file with the providers (default GitHub; from line 11) and the roles (under `roles:`; from line 13 with one provider). */
function ci(roles: string, providers = "    github: {}\n"): string {
  return cfg(`${HEAD}ci:\n  providers:\n${providers}  roles:\n${roles}`);
}

const APPLY = `    apply:
      provider: github
      repository: acme/infra
      branches: [main]
      accounts: [dev]
      preset: core
`;

describe("config: ci", () => {
  it("loads providers with their defaults and roles into Desired.ci", () => {
    const { desired, warnings } = load(
      cfg(`${HEAD}permissionSets:
  terraform-core: { preset: core }
ci:
  providers:
    github:
    gitlab: { url: "https://GitLab.Example.com/" }
  roles:
    terraform-apply:
      description: Applies on main
      provider: github
      repository: acme/infra
      branches: [main]
      environments: [production]
      workflows: [.github/workflows/terraform.yml]
      accounts: [dev, account:prod, ou:workloads, "333333333333"]
      preset: core
      sessionDuration: PT90M
      tags: { team: platform }
    gl-plan:
      provider: gitlab
      repository: acme/platform/infra
      branches: ["*"]
      accounts: [dev]
      managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]
prune:
  ciRoles: ["terraform-*"]
`),
    );
    const c = desired.ci;
    assert.ok(c);
    assert.deepEqual(c.providers, [
      { kind: "github", url: "https://token.actions.githubusercontent.com", audience: "sts.amazonaws.com" },
      { kind: "gitlab", url: "https://gitlab.example.com", audience: "https://gitlab.example.com" },
    ]);
    assert.deepEqual(
      c.roles.map((r) => r.name),
      ["gl-plan", "terraform-apply"],
    );
    const apply = c.roles[1]!;
    const { inlinePolicy, ...rest } = apply;
    assert.deepEqual(rest, {
      name: "terraform-apply",
      description: "Applies on main",
      provider: "github",
      repository: "acme/infra",
      branches: ["main"],
      gitTags: [],
      environments: ["production"],
      pullRequests: false,
      workflows: [".github/workflows/terraform.yml"],
      targets: [
        { kind: "account", name: "dev", accountId: "123456789012" },
        { kind: "account", name: "prod", accountId: "210987654321" },
        { kind: "ou", name: "workloads", ouId: "ou-ab12-cdef3456" },
        { kind: "account", name: "333333333333", accountId: "333333333333" },
      ],
      path: "/keyless/ci/",
      sessionDuration: "PT1H30M",
      managedPolicies: [],
      permissionsBoundary: null,
      tags: { "keyless:ci-role": "terraform-apply", "managed-by": "keyless", team: "platform" },
      canApply: true,
    });
    // The preset is rendered as for a permission set (same parameters, same checks).
    assert.equal(inlinePolicy, desired.permissionSets[0]?.inlinePolicy);
    assert.match(inlinePolicy, /"Sid":"StateReadWrite"/);
    const plan = c.roles[0]!;
    assert.equal(plan.inlinePolicy, "");
    assert.equal(plan.canApply, false, "ReadOnlyAccess grants no write");
    assert.deepEqual(desired.prune.ciRoles, ["terraform-*"]);
    assert.deepEqual(warnings, []);
    assert.deepEqual(c.access, { default: { roleName: "OrganizationAccountAccessRole" }, accounts: {} });
  });

  it("loads ci.accessRole and per-account ci.accessRoles (by name or id, with an external id) keyed by account id", () => {
    const { desired } = load(
      ci(APPLY).replace(
        "  roles:",
        `  accessRole: admin/KeylessCI
  accessRoles:
    prod: { name: KeylessDeployer, externalId: "acme-42" }
    "333333333333": OrganizationAccountAccessRole
  roles:`,
      ),
    );
    assert.deepEqual(desired.ci?.access, {
      default: { roleName: "admin/KeylessCI" },
      accounts: {
        "210987654321": { roleName: "KeylessDeployer", externalId: "acme-42" },
        "333333333333": { roleName: "OrganizationAccountAccessRole" },
      },
    });
    // A saved plan's copy of the Desired goes back through the loader unchanged.
    const again = revalidateDesired(JSON.parse(JSON.stringify(desired)));
    assert.ok(again.ok, again.ok ? "" : again.problems.join("\n"));
  });

  it("refuses an access role for an unknown account, an ARN for a role name and a short external id", () => {
    const all = problems(
      ci(APPLY).replace(
        "  roles:",
        `  accessRole: arn:aws:iam::123456789012:role/X
  accessRoles:
    staging: X
    prod: { name: Y, externalId: "a" }
  roles:`,
      ),
    );
    assert.equal(all.length, 3, all.join("\n"));
    assert.match(
      all.join("\n"),
      /ci\.accessRole: "arn:aws:iam::123456789012:role\/X" is not an IAM role name; write the name/,
    );
    assert.match(
      all.join("\n"),
      /keyless\.yaml:14:5: ci\.accessRoles: unknown account "staging"; write an account name from accounts/,
    );
    assert.match(all.join("\n"), /ci\.accessRoles\.prod\.externalId: externalId is 2-1224 characters/);
  });

  it("a file without ci has no Desired.ci and no prune.ciRoles (the rest of keyless is unchanged)", () => {
    const { desired, warnings } = load(cfg(HEAD));
    assert.equal(desired.ci, undefined);
    assert.equal("ciRoles" in desired.prune, false);
    assert.deepEqual(warnings, []);
  });

  describe("refusals", () => {
    const cases: Array<[string, string, string]> = [
      [
        "a wildcard in the owner",
        ci(APPLY.replace("acme/infra", '"*/infra"')),
        'keyless.yaml:15:19: ci.roles.apply.repository: "*/infra" has a wildcard in the owner: it would admit a repository of that name under any owner, a stranger\'s fork included; write the owner exactly, as OWNER/REPO (e.g. acme/infra)',
      ],
      [
        "a wildcard in the GitLab group",
        ci(APPLY.replace("github", "gitlab").replace("acme/infra", "acme*/infra"), "    gitlab: {}\n"),
        'keyless.yaml:15:19: ci.roles.apply.repository: "acme*/infra" has a wildcard in the group: it would admit a repository of that name under any group, a stranger\'s fork included; write the group exactly, as GROUP/PROJECT (e.g. acme/platform/infra)',
      ],
      [
        "a subject broader than one repository",
        ci(APPLY.replace("acme/infra", "acme/*")),
        'keyless.yaml:15:19: ci.roles.apply.repository: "acme/*" is broader than one repository: a CI role trusts exactly one; write OWNER/REPO (e.g. acme/infra), and declare one role per repository',
      ],
      [
        "an owner alone",
        ci(APPLY.replace("acme/infra", "acme")),
        'keyless.yaml:15:19: ci.roles.apply.repository: "acme" is not a GitHub repository; write OWNER/REPO (e.g. acme/infra)',
      ],
      [
        "no branch, tag, environment or pull request (every ref of the repository)",
        ci(APPLY.replace("      branches: [main]\n", "")),
        "keyless.yaml:15:19: ci.roles.apply.repository: the role admits no run yet: declare branches, gitTags or environments (or pullRequests for a read-only role), so that only those runs of the repository may assume it",
      ],
      [
        "pull requests for a role that can apply",
        ci(`${APPLY}      pullRequests: true\n`),
        'keyless.yaml:19:21: ci.roles.apply.pullRequests: role "apply" can apply (it grants tag:TagResources (statement PlanAnything)), so it must not be assumable from a pull request, whose code is written by whoever opens it. Remove pullRequests here and declare a separate read-only plan role for pull requests',
      ],
      [
        "pull requests for a role whose extra statement writes",
        ci(`    plan:
      provider: github
      repository: acme/infra
      pullRequests: true
      accounts: [dev]
      inlinePolicy:
        Version: "2012-10-17"
        Statement:
          - { Sid: Read, Effect: Allow, Action: "ec2:Describe*", Resource: "*" }
          - { Sid: Sneaky, Effect: Allow, Action: "s3:PutBucketPolicy", Resource: "arn:aws:s3:::state" }
`),
        'keyless.yaml:16:21: ci.roles.plan.pullRequests: role "plan" can apply (it grants s3:PutBucketPolicy (statement Sneaky)), so it must not be assumable from a pull request, whose code is written by whoever opens it. Remove pullRequests here and declare a separate read-only plan role for pull requests',
      ],
      [
        "pull requests for a role with a managed policy that writes",
        ci(`    plan:
      provider: github
      repository: acme/infra
      pullRequests: true
      accounts: [dev]
      managedPolicies: [arn:aws:iam::aws:policy/PowerUserAccess]
`),
        'keyless.yaml:16:21: ci.roles.plan.pullRequests: role "plan" can apply (it grants managed policy arn:aws:iam::aws:policy/PowerUserAccess), so it must not be assumable from a pull request, whose code is written by whoever opens it. Remove pullRequests here and declare a separate read-only plan role for pull requests',
      ],
      [
        "an issuer URL that is not https",
        ci(APPLY, "    github: { url: http://token.actions.githubusercontent.com }\n"),
        "keyless.yaml:11:20: ci.providers.github.url: the issuer URL must use https (IAM refuses any other scheme, and a token fetched over http could be forged in transit); write https://token.actions.githubusercontent.com",
      ],
      [
        "an issuer URL with a query",
        ci(APPLY, '    gitlab: { url: "https://gitlab.example.com?x=1" }\n    github: {}\n'),
        'keyless.yaml:11:20: ci.providers.gitlab.url: "https://gitlab.example.com?x=1" must be the bare issuer URL (no user, port, query or fragment), as the token\'s iss claim names it',
      ],
      [
        "an unknown provider on a role",
        ci(APPLY.replace("provider: github", "provider: circleci")),
        'keyless.yaml:14:17: ci.roles.apply.provider: unknown provider "circleci"; keyless supports github (GitHub Actions) and gitlab (GitLab CI)',
      ],
      [
        "an unknown provider under providers",
        ci(APPLY, "    github: {}\n    bitbucket: {}\n"),
        'keyless.yaml:12:5: ci.providers: unknown key "bitbucket"; allowed keys here: github, gitlab',
      ],
      [
        "a provider that is not declared",
        ci(
          APPLY.replace("provider: github", "provider: gitlab").replace("acme/infra", "acme/platform/infra"),
        ),
        "keyless.yaml:14:17: ci.roles.apply.provider: provider gitlab is not declared under ci.providers; add `gitlab: {}` there (or with its url for a self-managed instance)",
      ],
      [
        "an unknown account",
        ci(APPLY.replace("accounts: [dev]", "accounts: [staging]")),
        'keyless.yaml:17:18: ci.roles.apply.accounts[0]: unknown account "staging"; define it under accounts, or write its 12-digit id as a quoted string',
      ],
      [
        "an OU written as an account",
        ci(APPLY.replace("accounts: [dev]", "accounts: [workloads]")),
        'keyless.yaml:17:18: ci.roles.apply.accounts[0]: unknown account "workloads"; define it under accounts, or write its 12-digit id as a quoted string; "workloads" is an organizational unit: write ou:workloads',
      ],
      [
        "an unknown OU",
        ci(APPLY.replace("accounts: [dev]", "accounts: [ou:workload]")),
        'keyless.yaml:17:18: ci.roles.apply.accounts[0]: unknown organizational unit "workload"; define it under organizationalUnits; did you mean "workloads"?',
      ],
      [
        "no accounts",
        ci(APPLY.replace("accounts: [dev]", "accounts: []")),
        "keyless.yaml:17:17: ci.roles.apply.accounts: list at least one account (NAME, account:NAME, ou:NAME or a 12-digit id)",
      ],
      [
        "? in a branch",
        ci(APPLY.replace("branches: [main]", 'branches: ["ma?n"]')),
        'keyless.yaml:16:18: ci.roles.apply.branches[0]: branch "ma?n" has "?", which IAM matches as any one character; use * as the only wildcard',
      ],
      [
        "a policy variable in an environment",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal IAM policy variable is the input under test
        ci(APPLY.replace("branches: [main]", 'environments: ["${aws:username}"]')),
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the message quotes the literal value
        'keyless.yaml:16:22: ci.roles.apply.environments[0]: environment "${aws:username}" has "${", which IAM reads as a policy variable; remove it',
      ],
      [
        "a full ref as a branch",
        ci(APPLY.replace("branches: [main]", "branches: [refs/heads/main]")),
        'keyless.yaml:16:18: ci.roles.apply.branches[0]: branch "refs/heads/main" is a full ref; write the branch name alone (keyless adds refs/heads/)',
      ],
      [
        "environments on GitLab",
        ci(
          APPLY.replace("github", "gitlab")
            .replace("acme/infra", "acme/platform/infra")
            .replace("branches: [main]", "environments: [production]"),
          "    gitlab: {}\n",
        ),
        "keyless.yaml:16:21: ci.roles.apply.environments: GitLab's sub claim names the branch or tag, not the environment; limit the role with branches or gitTags (protected ones)",
      ],
      [
        "a workflow with a wildcard",
        ci(`${APPLY}      workflows: [".github/workflows/*.yml"]\n`),
        'keyless.yaml:19:19: ci.roles.apply.workflows[0]: workflow ".github/workflows/*.yml" has a wildcard in its repository or path; name the workflow file exactly',
      ],
      [
        "an invalid role name",
        ci(APPLY.replace("    apply:", "    apply role:")),
        'keyless.yaml:13:5: ci.roles: "apply role" is not a valid IAM role name; use 1-64 letters, digits and + = , . @ _ -',
      ],
      [
        "a tag keyless sets",
        ci(`${APPLY}      tags: { "keyless:ci-role": other }\n`),
        'keyless.yaml:19:15: ci.roles.apply.tags: keys starting with "keyless:" are set by keyless; remove this tag',
      ],
      [
        "a prune pattern that can never match a role name",
        cfg(`prune:\n  ciRoles: ["ci role*"]\n`),
        'keyless.yaml:5:13: prune.ciRoles[0]: pattern "ci role*" can never match: IAM role names cannot contain a space (U+0020) (character 3); they may hold only letters, digits and + = , . @ _ - (ASCII only)',
      ],
    ];
    for (const [what, text, expected] of cases) {
      it(`refuses ${what}`, () => {
        assert.equal(problem(text), expected);
      });
    }

    it("reports every problem of several roles at once", () => {
      const all = problems(
        ci(`${APPLY.replace("acme/infra", "acme/*")}    other:
      provider: github
      repository: "*/x"
      branches: [main]
      accounts: [nowhere]
`),
      );
      assert.equal(all.length, 3, all.join("\n"));
    });
  });

  describe("warnings", () => {
    const warningsOf = (text: string) => load(text).warnings.filter((w) => !w.includes("not applied yet"));

    it("an apply role limited to a plain branch or an environment gets none", () => {
      assert.deepEqual(warningsOf(ci(APPLY.replace("branches: [main]", "environments: [production]"))), []);
      assert.deepEqual(warningsOf(ci(APPLY)), []);
    });

    it("an apply role on a branch pattern, a tag or an environment pattern is not limited to a protected branch", () => {
      assert.deepEqual(
        warningsOf(
          ci(
            APPLY.replace(
              "branches: [main]",
              'branches: ["release/*"]\n      gitTags: ["v*"]\n      environments: ["prod-*"]',
            ),
          ),
        ),
        [
          'keyless.yaml:16:18: ci.roles.apply.branches[0]: role "apply" can apply, but branch pattern "release/*" is not limited to a protected branch: anyone who can push a matching branch can apply. Name the protected branch (e.g. main), or use an environment with required reviewers',
          'keyless.yaml:17:17: ci.roles.apply.gitTags[0]: role "apply" can apply from tag "v*": a tag is not a protected branch, and anyone with write access can push one unless a tag ruleset protects it. Protect the tags, or use an environment with required reviewers',
          'keyless.yaml:18:22: ci.roles.apply.environments[0]: role "apply" can apply, but environment pattern "prod-*" admits every matching environment, also ones without protection rules. Name the protected environment (e.g. production)',
        ],
      );
    });

    it("a read-only plan role on any branch and pull requests gets none; the lock file write does not make it an apply role", () => {
      const plan = ci(`    plan:
      provider: github
      repository: acme/infra
      branches: ["*"]
      pullRequests: true
      accounts: [dev]
      inlinePolicy:
        Version: "2012-10-17"
        Statement:
          - { Sid: Read, Effect: Allow, Action: ["s3:GetObject", "s3:ListBucket", "ec2:Describe*"], Resource: "*" }
          - { Sid: Lock, Effect: Allow, Action: ["s3:PutObject", "s3:DeleteObject"], Resource: "arn:aws:s3:::state/env/*.tflock" }
`);
      assert.deepEqual(warningsOf(plan), []);
      assert.equal(load(plan).desired.ci?.roles[0]?.canApply, false);
    });

    it("a role that grants nothing", () => {
      assert.deepEqual(warningsOf(ci(APPLY.replace("      preset: core\n", ""))), [
        'keyless.yaml:13:5: ci.roles: CI role "apply" grants no permissions; add a preset, an inlinePolicy or managedPolicies',
      ]);
    });
  });

  it("a saved plan's snapshot with ci revalidates unchanged, and an edited subject is refused", () => {
    const { desired } = load(
      `${ci(
        `${APPLY}      environments: [production]\n      workflows: [acme/shared/.github/workflows/x.yml@refs/heads/main]\n`,
        "    github: {}\n    gitlab: {}\n",
      )}prune:\n  ciRoles: [apply]\n`,
    );
    const ok = revalidateDesired(desired);
    assert.equal(ok.ok, true, ok.ok ? "" : ok.problems.join("\n"));
    const edited = structuredClone(desired);
    edited.ci!.roles[0]!.repository = "acme/*";
    const bad = revalidateDesired(edited);
    assert.equal(bad.ok, false);
    assert.match(
      bad.ok ? "" : bad.problems.join("\n"),
      /ci\.roles\.apply\.repository: "acme\/\*" is broader than one repository/,
    );
    const widened = structuredClone(desired);
    widened.ci!.roles[0]!.pullRequests = true;
    assert.equal(
      revalidateDesired(widened).ok,
      false,
      "pull requests on an apply role are refused in a snapshot too",
    );
  });
});
