/**
 * plan() for CI roles in member accounts (engine/diff-ci.ts): created where absent, clean when AWS
 * matches, drift shown field by field (a widened trust policy, an extra attached or inline policy),
 * never writing a role keyless does not own, pruning only inside prune.ciRoles, and an unreachable
 * account as a located problem that leaves the other accounts planned.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { desiredCiRoleSpec } from "../../../src/engine/ci-roles.ts";
import type {
  ActualCiAccount,
  ActualCiRole,
  Desired,
  DesiredCi,
  DesiredCiRole,
} from "../../../src/engine/model.ts";
import { plan } from "../../../src/engine/plan.ts";
import type { CiRoleChange } from "../../../src/engine/plan-types.ts";
import { renderPlanHuman } from "../../../src/render/plan-human.ts";
import { planToJson } from "../../../src/render/plan-json.ts";
import { actual, DEV, desired, PROD } from "./fixtures.ts";

const GITHUB = {
  kind: "github" as const,
  url: "https://token.actions.githubusercontent.com",
  audience: "sts.amazonaws.com",
};
const HOST = "token.actions.githubusercontent.com";
const INLINE =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';

function role(overrides: Partial<DesiredCiRole> = {}): DesiredCiRole {
  return {
    name: "terraform-apply",
    description: "",
    provider: "github",
    repository: "acme/infra",
    branches: ["main"],
    gitTags: [],
    environments: [],
    pullRequests: false,
    workflows: [],
    targets: [
      { kind: "account", name: "dev", accountId: DEV },
      { kind: "account", name: "prod", accountId: PROD },
    ],
    path: "/keyless/ci/",
    sessionDuration: "PT1H",
    inlinePolicy: INLINE,
    managedPolicies: [],
    permissionsBoundary: null,
    tags: { "keyless:ci-role": "terraform-apply", "managed-by": "keyless" },
    canApply: false,
    ...overrides,
  };
}

function withCi(
  roles: DesiredCiRole[],
  prune: string[] | undefined = ["terraform-*"],
  enabled = false,
): Desired {
  const ci: DesiredCi = {
    providers: [GITHUB],
    roles,
    access: { default: { roleName: "OrganizationAccountAccessRole" }, accounts: {} },
  };
  const d = desired({ ci });
  return { ...d, prune: { ...d.prune, enabled, ...(prune && { ciRoles: prune }) } };
}

const via = (account: string) => ({
  roleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`,
  externalId: false,
});

function account(
  id: string,
  roles: ActualCiRole[] = [],
  extra: Partial<ActualCiAccount> = {},
): ActualCiAccount {
  return {
    reached: true,
    via: via(id),
    partition: "aws",
    providers: [
      { arn: `arn:aws:iam::${id}:oidc-provider/${HOST}`, host: HOST, clientIds: ["sts.amazonaws.com"] },
    ],
    roles,
    elsewhere: {},
    ...extra,
  } as ActualCiAccount;
}

/** The role exactly as keyless would write it in `id`. */
function asApplied(id: string, r = role()): ActualCiRole {
  return { arn: `arn:aws:iam::${id}:role/keyless/ci/${r.name}`, ...desiredCiRoleSpec(r, GITHUB, id, "aws") };
}

const planOf = (d: Desired, accounts: Record<string, ActualCiAccount>, prune = false) =>
  plan(d, actual({ ci: { accounts } }), { prune });

describe("plan: CI roles", () => {
  it("creates the provider and the role in every target account; the trust policy names that account's provider", () => {
    const p = planOf(withCi([role()]), {
      [DEV]: account(DEV, [], { providers: [] }),
      [PROD]: account(PROD, [], { providers: [] }),
    });
    assert.deepEqual(p.problems, []);
    assert.deepEqual(
      p.changes.map((c) => `${c.action} ${c.address}`),
      [
        `create ci_oidc_provider["${DEV}", "${HOST}"]`,
        `create ci_oidc_provider["${PROD}", "${HOST}"]`,
        `create ci_role["${DEV}", "terraform-apply"]`,
        `create ci_role["${PROD}", "terraform-apply"]`,
      ],
    );
    const dev = p.changes[2] as CiRoleChange;
    assert.equal(dev.after?.path, "/keyless/ci/");
    assert.deepEqual(dev.after?.inlinePolicies, { keyless: INLINE });
    const trust = JSON.parse(dev.after?.trustPolicy ?? "");
    assert.equal(trust.Statement[0].Principal.Federated, `arn:aws:iam::${DEV}:oidc-provider/${HOST}`);
    assert.deepEqual(trust.Statement[0].Condition.StringEquals, {
      [`${HOST}:aud`]: "sts.amazonaws.com",
      [`${HOST}:sub`]: "repo:acme/infra:ref:refs/heads/main",
    });
    assert.deepEqual(p.ciAccess, [
      { accountId: DEV, ...via(DEV), reached: true },
      { accountId: PROD, ...via(PROD), reached: true },
    ]);
  });

  it("is clean when AWS matches (extra tags on the role and extra audiences on the provider are left alone)", () => {
    const tagged = { ...asApplied(DEV), tags: { ...asApplied(DEV).tags, owner: "someone" } };
    const dev = account(DEV, [tagged]);
    if (dev.reached) dev.providers[0]!.clientIds.push("other-audience");
    const p = planOf(withCi([role()]), { [DEV]: dev, [PROD]: account(PROD, [asApplied(PROD)]) });
    assert.deepEqual(p.changes, []);
    assert.deepEqual(p.pruneCandidates, []);
    assert.deepEqual(p.problems, []);
  });

  it("a widened trust policy is an update that restores the declared one", () => {
    const widened = asApplied(DEV);
    widened.trustPolicy = widened.trustPolicy
      .replace("repo:acme/infra:ref:refs/heads/main", "repo:acme/*")
      .replace('"StringEquals"', '"StringLike"');
    const p = planOf(withCi([role()]), {
      [DEV]: account(DEV, [widened]),
      [PROD]: account(PROD, [asApplied(PROD)]),
    });
    assert.equal(p.changes.length, 1);
    const c = p.changes[0] as CiRoleChange;
    assert.equal(c.address, `ci_role["${DEV}", "terraform-apply"]`);
    assert.deepEqual(c.changedFields, ["trustPolicy"]);
    assert.equal(c.after?.trustPolicy, asApplied(DEV).trustPolicy);
    assert.match(c.reason ?? "", /restores the trust policy/);
  });

  it("an extra attached and an extra inline policy are changes that remove them; so are a boundary, session, tag drift", () => {
    const drifted: ActualCiRole = {
      ...asApplied(DEV),
      managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"],
      inlinePolicies: { keyless: INLINE, "by-hand": INLINE },
      permissionsBoundary: "arn:aws:iam::aws:policy/PowerUserAccess",
      maxSessionDuration: 43200,
      tags: { "managed-by": "keyless", "keyless:ci-role": "other" },
    };
    const p = planOf(withCi([role()]), {
      [DEV]: account(DEV, [drifted]),
      [PROD]: account(PROD, [asApplied(PROD)]),
    });
    const c = p.changes[0] as CiRoleChange;
    assert.deepEqual(c.changedFields, [
      "inlinePolicies",
      "managedPolicies",
      "permissionsBoundary",
      "tags",
      "maxSessionDuration",
    ]);
    // Removing the boundary keyless.yaml does not declare widens what the role may do.
    assert.equal(c.broadensAccess, true);
    const noBoundary = planOf(withCi([role()]), {
      [DEV]: account(DEV, [{ ...drifted, permissionsBoundary: null }]),
      [PROD]: account(PROD, [asApplied(PROD)]),
    });
    assert.equal(
      noBoundary.changes[0]?.broadensAccess,
      false,
      "removing policies and a shorter session narrow access",
    );
    assert.deepEqual(c.before?.managedPolicies, ["arn:aws:iam::aws:policy/AdministratorAccess"]);
    assert.deepEqual(c.after?.managedPolicies, []);
  });

  it("a role of that name keyless does not own (untagged under /keyless/ci/, or at another path) is a problem and never written", () => {
    const untagged = { ...asApplied(DEV), tags: {} };
    const p = planOf(withCi([role()]), {
      [DEV]: account(DEV, [untagged]),
      [PROD]: account(PROD, [], {
        elsewhere: { "terraform-apply": `arn:aws:iam::${PROD}:role/terraform-apply` },
      }),
    });
    assert.deepEqual(p.changes, []);
    assert.deepEqual(p.pruneCandidates, []);
    assert.equal(p.problems.length, 2);
    assert.match(
      p.problems[0] ?? "",
      new RegExp(
        `^ci\\.roles\\.terraform-apply: in account dev \\(${DEV}\\): role arn:aws:iam::${DEV}:role/keyless/ci/terraform-apply exists and is not keyless's`,
      ),
    );
    assert.match(
      p.problems[1] ?? "",
      /role arn:aws:iam::333333333333:role\/terraform-apply exists and is not keyless's.*rename|Rename/,
    );
  });

  it("prunes an owned role keyless.yaml no longer places in the account only inside prune.ciRoles, and only with prune", () => {
    const d = withCi([role({ targets: [{ kind: "account", name: "prod", accountId: PROD }] })]);
    // The dev account is still read: another role targets it.
    const other = role({
      name: "plan-only",
      tags: { "managed-by": "keyless", "keyless:ci-role": "plan-only" },
    });
    const both = { ...d, ci: { ...d.ci!, roles: [other, ...d.ci!.roles] } };
    const accounts = {
      [DEV]: account(DEV, [asApplied(DEV, other), asApplied(DEV)]),
      [PROD]: account(PROD, [asApplied(PROD)]),
    };
    const gated = planOf(both, accounts);
    assert.deepEqual(
      gated.changes.map((c) => c.address),
      [`ci_role["${PROD}", "plan-only"]`],
    );
    assert.deepEqual(
      gated.pruneCandidates.map((c) => c.address),
      [`ci_role["${DEV}", "terraform-apply"]`],
    );
    const pruned = planOf(both, accounts, true);
    assert.ok(
      pruned.changes.some(
        (c) => c.action === "delete" && c.address === `ci_role["${DEV}", "terraform-apply"]`,
      ),
    );
    const outside = planOf({ ...both, prune: { ...both.prune, ciRoles: ["plan-*"] } }, accounts, true);
    assert.equal(outside.changes.filter((c) => c.action === "delete").length, 0);
  });

  it("counts the roles under /keyless/ci/ it leaves alone: owned outside prune.ciRoles, and not keyless's", () => {
    const untagged = (name: string, id: string): ActualCiRole => ({
      ...asApplied(id, role({ name })),
      tags: {},
    });
    const kept = role({ name: "kept-by-hand", tags: { "managed-by": "keyless", "keyless:ci-role": "kept" } });
    const gone = role({ name: "terraform-old", tags: { "managed-by": "keyless", "keyless:ci-role": "old" } });
    const accounts = {
      // Owned, not declared, outside prune.ciRoles: left alone. Owned inside it: a prune candidate.
      [DEV]: account(DEV, [asApplied(DEV, kept), asApplied(DEV, gone), asApplied(DEV)]),
      // Not tagged as keyless's: left alone; one with a declared name is a problem, not counted.
      [PROD]: account(PROD, [untagged("deploy", PROD), untagged("terraform-apply", PROD)]),
    };
    const p = planOf(withCi([role()]), accounts);
    assert.equal(p.unmanaged.ciRoles, 2);
    assert.deepEqual(
      p.pruneCandidates.map((c) => c.address),
      [`ci_role["${DEV}", "terraform-old"]`],
    );
    assert.equal(p.problems.length, 1);
    assert.match(
      renderPlanHuman(p, { color: false }),
      /Left alone \(not managed by keyless\.yaml\): 2 CI roles\./,
    );
    assert.equal(planToJson(p).unmanaged.ci_roles, 2);
    // With prune, the candidate is deleted, not counted; without CI roles declared, no count at all.
    assert.equal(planOf(withCi([role()]), accounts, true).unmanaged.ciRoles, 2);
    const none = plan(desired(), actual(), { prune: false });
    assert.equal(none.unmanaged.ciRoles, undefined);
    assert.equal("ci_roles" in planToJson(none).unmanaged, false);
  });

  it("an unreachable account is a located problem naming the role ARN, AWS's code and the fix; the others still plan", () => {
    const p = planOf(withCi([role()]), {
      [DEV]: { reached: false, via: via(DEV), error: { code: "AccessDenied", message: "not authorized" } },
      [PROD]: account(PROD, [], { providers: [] }),
    });
    assert.deepEqual(p.problems, [
      `ci: cannot reach account dev (${DEV}) to plan its CI roles: sts:AssumeRole on arn:aws:iam::${DEV}:role/OrganizationAccountAccessRole failed with AccessDenied: not authorized. Fix: let the credentials keyless runs with assume that role (the role must exist and its trust policy must admit them), or set ci.accessRoles.dev in keyless.yaml to a role they can assume (with externalId when its trust policy requires sts:ExternalId)`,
    ]);
    assert.deepEqual(
      p.changes.map((c) => c.address),
      [`ci_oidc_provider["${PROD}", "${HOST}"]`, `ci_role["${PROD}", "terraform-apply"]`],
    );
    assert.equal(p.ciAccess?.[0]?.reached, false);
  });

  it("a provider without the role's audience gets it added; OU targets expand with the accounts read", () => {
    const d = withCi([role({ targets: [{ kind: "ou", name: "workloads", ouId: "ou-1" }] })]);
    const dev = account(DEV, [asApplied(DEV)]);
    if (dev.reached) dev.providers[0]!.clientIds = ["something-else"];
    const p = plan(d, actual({ ouAccounts: { "ou-1": [DEV] }, ci: { accounts: { [DEV]: dev } } }), {
      prune: false,
    });
    assert.equal(p.changes.length, 1);
    assert.deepEqual(
      { action: p.changes[0]?.action, clientIds: (p.changes[0] as { clientIds: string[] }).clientIds },
      { action: "update", clientIds: ["sts.amazonaws.com"] },
    );
  });

  it("keyless.yaml without CI roles plans nothing for CI and has no ciAccess", () => {
    const p = plan(desired(), actual(), { prune: false });
    assert.equal(p.ciAccess, undefined);
  });
});

describe("plan: CI roles, an account the access role may not read", () => {
  it("names the IAM action, the role and the fix", () => {
    const p = planOf(withCi([role()]), {
      [DEV]: {
        reached: false,
        via: via(DEV),
        error: { code: "AccessDenied", message: "no", operation: "iam.ListRoles" },
      },
      [PROD]: account(PROD, [asApplied(PROD)]),
    });
    assert.deepEqual(p.problems, [
      `ci: cannot read account dev (${DEV}) for its CI roles: iam:ListRoles with arn:aws:iam::${DEV}:role/OrganizationAccountAccessRole failed with AccessDenied: no. Fix: allow that role to read and write IAM roles and OIDC providers (iam:ListRoles, iam:GetRole, iam:ListOpenIDConnectProviders, iam:CreateRole, ...), or set ci.accessRoles.dev in keyless.yaml to a role that may`,
    ]);
  });
});
