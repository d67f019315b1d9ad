/**
 * The human plan of CI changes: which role keyless used in each account (or could not), a new
 * provider and role, and an update's fields (trust policy diff, an extra inline / attached policy
 * marked for removal, boundary, tags, session, description), a role deletion. Whole text, inline.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { CiRoleSpec } from "../../../src/engine/model.ts";
import type { Change } from "../../../src/engine/plan-types.ts";
import { renderPlanHuman } from "../../../src/render/plan-human.ts";
import { planToJson } from "../../../src/render/plan-json.ts";
import { emptyPlan } from "./fixtures.ts";

const DEV = "111111111111";
const HOST = "token.actions.githubusercontent.com";
const trust = (sub: string, op = "StringEquals") =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: `arn:aws:iam::${DEV}:oidc-provider/${HOST}` },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { [op]: { [`${HOST}:sub`]: sub } },
      },
    ],
  });
const INLINE =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';

function spec(overrides: Partial<CiRoleSpec> = {}): CiRoleSpec {
  return {
    name: "terraform-apply",
    path: "/keyless/ci/",
    description: "",
    maxSessionDuration: 3600,
    trustPolicy: trust("repo:acme/infra:ref:refs/heads/main"),
    inlinePolicies: { keyless: INLINE },
    managedPolicies: [],
    permissionsBoundary: null,
    tags: { "managed-by": "keyless" },
    ...overrides,
  };
}

const changes: Change[] = [
  {
    kind: "ci_oidc_provider",
    action: "create",
    address: `ci_oidc_provider["${DEV}", "${HOST}"]`,
    broadensAccess: false,
    accountId: DEV,
    url: `https://${HOST}`,
    arn: `arn:aws:iam::${DEV}:oidc-provider/${HOST}`,
    clientIds: ["sts.amazonaws.com"],
  },
  {
    kind: "ci_role",
    action: "create",
    address: `ci_role["${DEV}", "terraform-plan"]`,
    broadensAccess: true,
    accountId: DEV,
    name: "terraform-plan",
    after: spec({ name: "terraform-plan", description: "Plans" }),
    changedFields: [],
  },
  {
    kind: "ci_role",
    action: "update",
    address: `ci_role["${DEV}", "terraform-apply"]`,
    broadensAccess: false,
    reason: "AWS differs from keyless.yaml: apply restores the trust policy it declares",
    accountId: DEV,
    name: "terraform-apply",
    before: spec({
      trustPolicy: trust("repo:acme/*", "StringLike"),
      inlinePolicies: { keyless: INLINE, "by-hand": INLINE },
      managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"],
      maxSessionDuration: 43200,
    }),
    after: spec(),
    changedFields: ["trustPolicy", "inlinePolicies", "managedPolicies", "maxSessionDuration"],
  },
  {
    kind: "ci_role",
    action: "delete",
    address: `ci_role["${DEV}", "terraform-old"]`,
    broadensAccess: false,
    accountId: DEV,
    name: "terraform-old",
    before: spec({ name: "terraform-old" }),
    changedFields: [],
  },
];

test("CI changes: accounts reached, provider and role creates, a drift repair, a deletion", () => {
  const plan = emptyPlan({
    changes,
    ciAccess: [
      {
        accountId: DEV,
        roleArn: `arn:aws:iam::${DEV}:role/OrganizationAccountAccessRole`,
        externalId: false,
        reached: true,
      },
      {
        accountId: "222222222222",
        roleArn: "arn:aws:iam::222222222222:role/ci/KeylessCI",
        externalId: true,
        reached: false,
      },
      { accountId: "333333333333", roleArn: null, externalId: false, reached: true },
    ],
  });
  const text = renderPlanHuman(plan, { color: false, accountNames: { [DEV]: "dev" } });
  assert.equal(
    text,
    `keyless plan for arn:aws:sso:::instance/ssoins-1111111111111111 (eu-central-1, identity store d-1234567890)

CI roles: accounts reached
  dev (111111111111): assumed arn:aws:iam::111111111111:role/OrganizationAccountAccessRole
  222222222222: NOT reached, tried assumed arn:aws:iam::222222222222:role/ci/KeylessCI with sts:ExternalId
  333333333333: the credentials keyless runs with

keyless will make these changes:

  + ci_oidc_provider["111111111111", "token.actions.githubusercontent.com"]
      url: https://token.actions.githubusercontent.com
      audiences: sts.amazonaws.com

  + ci_role["111111111111", "terraform-plan"]   ! broadens access
      path: /keyless/ci/
      trust sub (StringEquals): repo:acme/infra:ref:refs/heads/main
      description: "Plans"
      maxSessionDuration: 3600s
      tags: managed-by="keyless"
      inline policy keyless: 1 statement (--full shows them)

  ~ ci_role["111111111111", "terraform-apply"]
      (AWS differs from keyless.yaml: apply restores the trust policy it declares)
      ~ trustPolicy:
          @@ -8,8 +8,8 @@
                 },
                 "Action": "sts:AssumeRoleWithWebIdentity",
                 "Condition": {
          -        "StringLike": {
          -          "token.actions.githubusercontent.com:sub": "repo:acme/*"
          +        "StringEquals": {
          +          "token.actions.githubusercontent.com:sub": "repo:acme/infra:ref:refs/heads/main"
                   }
                 }
               }
      - inline policy by-hand (not in keyless.yaml)
      - attached policy: arn:aws:iam::aws:policy/AdministratorAccess (not in keyless.yaml)
      ~ maxSessionDuration: 43200s -> 3600s

  - ci_role["111111111111", "terraform-old"]
      role /keyless/ci/terraform-old and its 1 policy

Plan: 2 to add, 1 to change, 1 to delete (1 broadens access).
`,
  );
  const json = planToJson(plan);
  assert.deepEqual(json.ci_access?.[1], {
    account_id: "222222222222",
    role_arn: "arn:aws:iam::222222222222:role/ci/KeylessCI",
    external_id: true,
    reached: false,
  });
  assert.equal(json.changes.length, 4);
});

test("--full shows the whole trust policy and inline policy of a new role", () => {
  const text = renderPlanHuman(emptyPlan({ changes: [changes[1]!] }), { color: false, full: true });
  assert.match(text, /trustPolicy:\n {10}\{\n {12}"Version": "2012-10-17",/);
  assert.match(text, /inline policy keyless:\n {10}\{/);
});
