/**
 * Cross-account state (issue 10): the backend lives in one account, terraform-core is assigned on
 * member accounts. The bucket policy and the key policy keyless writes let exactly the state-using
 * sets' Identity Center roles of exactly those accounts in; the real evaluator shows a member
 * account's role can use the state and an outside-organization role (or another set) cannot.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { terraformCore } from "../../../src/catalog/presets/terraform-core.ts";
import { terraformNetworking } from "../../../src/catalog/presets/terraform-networking.ts";
import { diffStateBackend } from "../../../src/engine/diff-state-backend.ts";
import {
  bucketPolicyStatements,
  keyPolicyStatements,
  STATE_ACCESS_SID,
  type StateAccess,
} from "../../../src/engine/diff-state-backend-policy.ts";
import type { Desired, PermissionSetSpec } from "../../../src/engine/model.ts";
import { stateAccess, usesStateBucket } from "../../../src/engine/state-access.ts";
import {
  evaluate,
  MEMBER_ACCOUNT,
  OUTSIDE_ACCOUNT,
  permissionSetPolicies,
  ssoRoleArn,
} from "../../helpers/iam-eval.ts";
import { ACCOUNT, actual, BUCKET, backend, desired, KEY_ARN, key, REGION } from "./fixtures.ts";

const OU_ACCOUNT = "333333333333";

function spec(name: string, inlinePolicy: object | ""): PermissionSetSpec {
  return {
    name,
    description: "",
    sessionDuration: "PT1H",
    relayState: "",
    inlinePolicy: inlinePolicy === "" ? "" : JSON.stringify(inlinePolicy),
    managedPolicies: [],
    customerManagedPolicies: [],
    permissionsBoundary: null,
    tags: {},
  };
}

const presetParams = {
  stateBucket: BUCKET,
  stateKeyPrefix: "env/",
  stateKmsAlias: "alias/keyless-tfstate",
  stateAccountId: ACCOUNT,
};
const corePolicy = terraformCore.render(presetParams).inlinePolicy;

function world(): Desired {
  const d = desired(backend({ keyPrefix: "env/" }));
  d.accounts = { shared: ACCOUNT, dev: MEMBER_ACCOUNT };
  d.organizationalUnits = { workloads: "ou-ab12-workloads" };
  d.permissionSets = [
    spec("terraform-core", corePolicy),
    spec("terraform-networking", terraformNetworking.render(presetParams).inlinePolicy),
    spec("admins", ""),
  ];
  const group = { type: "GROUP" as const, name: "platform" };
  d.assignmentRules = [
    {
      principals: [group],
      permissionSets: ["terraform-core", "terraform-networking", "admins"],
      targets: [
        { kind: "account", name: "dev", accountId: MEMBER_ACCOUNT },
        { kind: "account", name: "shared", accountId: ACCOUNT },
        { kind: "ou", name: "workloads", ouId: "ou-ab12-workloads" },
      ],
    },
  ];
  return d;
}

const ACCESS: StateAccess = { accounts: [MEMBER_ACCOUNT, OU_ACCOUNT], permissionSets: ["terraform-core"] };

describe("state access from member accounts", () => {
  it("the sets whose inline policy names the state's objects, in the accounts they are assigned to (OUs expanded)", () => {
    const d = world();
    assert.equal(usesStateBucket(d.permissionSets[0]!, BUCKET), true);
    assert.equal(
      usesStateBucket(d.permissionSets[1]!, BUCKET),
      false,
      "the state guardrail's Deny does not count",
    );
    assert.equal(usesStateBucket(d.permissionSets[2]!, BUCKET), false);
    const a = actual({ callerAccountId: ACCOUNT, bucket: { status: "absent" }, kmsKey: null });
    a.ouAccounts = { "ou-ab12-workloads": [OU_ACCOUNT, ACCOUNT] };
    assert.deepEqual(stateAccess(d, a, d.stateBackend!), ACCESS);
    // Assigned only to the backend account: no statement for other accounts.
    d.assignmentRules[0]!.targets = [{ kind: "account", name: "shared", accountId: ACCOUNT }];
    assert.equal(stateAccess(d, a, d.stateBackend!), undefined);
  });

  it("the plan adds the grant to the bucket and key policies and marks it as broadening access", () => {
    const d = world();
    const a = actual({ callerAccountId: ACCOUNT, bucket: { status: "absent" }, kmsKey: key() });
    a.ouAccounts = { "ou-ab12-workloads": [OU_ACCOUNT] };
    const out = diffStateBackend(d, a);
    const policy = out.changes.find((c) => c.kind === "state_bucket_setting" && c.setting === "policy");
    assert.ok(policy && policy.kind === "state_bucket_setting" && policy.after.setting === "policy");
    assert.equal(policy.broadensAccess, true);
    assert.match(
      policy.reason ?? "",
      /lets the Identity Center roles .* in 222222222222, 333333333333 read and write state/,
    );
    const doc = JSON.parse(policy.after.document) as { Statement: { Sid: string }[] };
    assert.ok(doc.Statement.some((s) => s.Sid === STATE_ACCESS_SID));
    const keyChange = out.changes.find((c) => c.kind === "kms_key");
    assert.ok(keyChange && keyChange.kind === "kms_key");
    assert.equal(keyChange.broadensAccess, true);
    assert.match(keyChange.reason ?? "", /keyless-StateKeyFromAccounts/);
  });

  it("DynamoDB locking from member accounts: a note that the table needs its own resource policy", () => {
    const d = world();
    d.stateBackend = backend({ keyPrefix: "env/", locking: "dynamodb", dynamodbTable: "terraform-locks" });
    const a = actual({
      callerAccountId: ACCOUNT,
      bucket: { status: "absent" },
      kmsKey: null,
      lockTable: null,
    });
    assert.match(
      diffStateBackend(d, a).notes.join("\n"),
      /the DynamoDB lock table terraform-locks has no resource policy/,
    );
  });
});

describe("state access, evaluated: a member account's terraform-core role uses the state, nobody else", () => {
  const bucketPolicy = {
    Version: "2012-10-17",
    Statement: bucketPolicyStatements(
      BUCKET,
      REGION,
      { algorithm: "aws:kms", keyArn: KEY_ARN },
      { ...ACCESS, keyPrefix: "env/" },
    ),
  };
  const keyPolicy = { Version: "2012-10-17", Statement: keyPolicyStatements(ACCOUNT, REGION, [], ACCESS) };
  const identity = permissionSetPolicies(corePolicy);
  const bucket = `arn:aws:s3:::${BUCKET}`;
  const stateKey = `${bucket}/env/net/terraform.tfstate`;
  const via = {
    "kms:ViaService": `s3.${REGION}.amazonaws.com`,
    "kms:ResourceAliases": ["alias/keyless-tfstate"],
  };

  const calls: [string, { action: string; resource: string; context?: Record<string, string | string[]> }][] =
    [
      [
        "list (workspaces and 404)",
        { action: "s3:ListBucket", resource: bucket, context: { "s3:prefix": "env:/" } },
      ],
      [
        "read state",
        {
          action: "s3:GetObject",
          resource: stateKey,
          context: { "s3:x-amz-server-side-encryption": "aws:kms" },
        },
      ],
      [
        "write state",
        {
          action: "s3:PutObject",
          resource: stateKey,
          context: {
            "s3:x-amz-server-side-encryption": "aws:kms",
            "s3:x-amz-server-side-encryption-aws-kms-key-id": KEY_ARN,
          },
        },
      ],
      ["release the lock", { action: "s3:DeleteObject", resource: `${stateKey}.tflock` }],
    ];

  it("allowed from the member account", async () => {
    for (const [what, req] of calls) {
      const r = await evaluate(
        { identity, resourcePolicy: bucketPolicy },
        { ...req, principal: ssoRoleArn("terraform-core", MEMBER_ACCOUNT), resourceAccount: ACCOUNT },
      );
      assert.equal(r.decision, "allowed", `${what}: ${JSON.stringify(r.deniedBy)}`);
    }
    for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
      const r = await evaluate(
        { identity, resourcePolicy: keyPolicy },
        { action, resource: KEY_ARN, principal: ssoRoleArn("terraform-core", MEMBER_ACCOUNT), context: via },
      );
      assert.equal(r.decision, "allowed", action);
    }
  });

  it("denied to an outside-organization role, to another set's role, and without the grant (before this change)", async () => {
    const who: [string, string][] = [
      ["outside the organization", ssoRoleArn("terraform-core", OUTSIDE_ACCOUNT)],
      ["another permission set", ssoRoleArn("terraform-networking", MEMBER_ACCOUNT)],
    ];
    for (const [label, principal] of who) {
      for (const [what, req] of calls) {
        const r = await evaluate(
          { identity, resourcePolicy: bucketPolicy },
          { ...req, principal, resourceAccount: ACCOUNT },
        );
        assert.notEqual(r.decision, "allowed", `${label}: ${what}`);
      }
      const k = await evaluate(
        { identity, resourcePolicy: keyPolicy },
        { action: "kms:Decrypt", resource: KEY_ARN, principal, context: via },
      );
      assert.notEqual(k.decision, "allowed", `${label}: kms:Decrypt`);
    }
    const before = {
      Version: "2012-10-17",
      Statement: bucketPolicyStatements(BUCKET, REGION, { algorithm: "aws:kms", keyArn: KEY_ARN }),
    };
    const r = await evaluate(
      { identity, resourcePolicy: before },
      { ...calls[1]![1], principal: ssoRoleArn("terraform-core", MEMBER_ACCOUNT), resourceAccount: ACCOUNT },
    );
    assert.equal(r.decision, "implicit-deny", "without the grant a member account cannot read state");
    const oldKey = { Version: "2012-10-17", Statement: keyPolicyStatements(ACCOUNT, REGION, []) };
    const k = await evaluate(
      { identity, resourcePolicy: oldKey },
      {
        action: "kms:Decrypt",
        resource: KEY_ARN,
        principal: ssoRoleArn("terraform-core", MEMBER_ACCOUNT),
        context: via,
      },
    );
    assert.equal(k.decision, "implicit-deny", "without the grant a member account cannot use the key");
  });

  it("a member account's role stays inside its own key prefix and scope (its identity policy)", async () => {
    const scoped = permissionSetPolicies(
      terraformCore.render({ ...presetParams, stateScope: "team-a/" }).inlinePolicy,
    );
    const principal = ssoRoleArn("terraform-core", MEMBER_ACCOUNT);
    const other = await evaluate(
      { identity: scoped, resourcePolicy: bucketPolicy },
      {
        action: "s3:PutObject",
        resource: `${bucket}/env/team-b/x.tfstate`,
        principal,
        resourceAccount: ACCOUNT,
      },
    );
    assert.equal(other.decision, "explicit-deny");
    const own = await evaluate(
      { identity: scoped, resourcePolicy: bucketPolicy },
      {
        action: "s3:PutObject",
        resource: `${bucket}/env/team-a/x.tfstate`,
        principal,
        resourceAccount: ACCOUNT,
        context: {
          "s3:x-amz-server-side-encryption": "aws:kms",
          "s3:x-amz-server-side-encryption-aws-kms-key-id": KEY_ARN,
        },
      },
    );
    assert.equal(own.decision, "allowed");
  });

  it("the grant names fixed accounts, so S3 Block Public Access does not treat the bucket as public", () => {
    const grant = bucketPolicy.Statement.find((s) => s.Sid === STATE_ACCESS_SID) as {
      Condition: { StringEquals: Record<string, string[]> };
    };
    assert.deepEqual(grant.Condition.StringEquals["aws:PrincipalAccount"], [MEMBER_ACCOUNT, OU_ACCOUNT]);
  });
});

describe("state access for CI roles (docs/ci.md) in member accounts", () => {
  const ciRole = (name: string, inlinePolicy: string, accountId: string) => ({
    name,
    description: "",
    provider: "github" as const,
    repository: "acme/infra",
    branches: ["main"],
    gitTags: [],
    environments: [],
    pullRequests: false,
    workflows: [],
    targets: [{ kind: "account" as const, name: "dev", accountId }],
    path: "/keyless/ci/",
    sessionDuration: "PT1H",
    inlinePolicy,
    managedPolicies: [],
    permissionsBoundary: null,
    tags: {},
    canApply: true,
  });

  function withCiRoles(): Desired {
    const d = world();
    d.assignmentRules[0]!.targets = [{ kind: "account", name: "shared", accountId: ACCOUNT }];
    d.ci = {
      providers: [
        { kind: "github", url: "https://token.actions.githubusercontent.com", audience: "sts.amazonaws.com" },
      ],
      roles: [
        ciRole("terraform-apply", JSON.stringify(corePolicy), MEMBER_ACCOUNT),
        ciRole("deploy-only", "", MEMBER_ACCOUNT),
        ciRole("terraform-shared", JSON.stringify(corePolicy), ACCOUNT),
      ],
      access: { default: { roleName: "OrganizationAccountAccessRole" }, accounts: {} },
    };
    return d;
  }

  it("a CI role whose policy uses the state is let in from its target accounts (not the backend's own)", () => {
    const d = withCiRoles();
    const a = actual({ callerAccountId: ACCOUNT, bucket: { status: "absent" }, kmsKey: null });
    assert.deepEqual(stateAccess(d, a, d.stateBackend!), {
      accounts: [MEMBER_ACCOUNT],
      permissionSets: [],
      ciRoles: ["terraform-apply"],
    });
  });

  it("evaluated: the CI role in the member account reads and writes state; another role there does not", async () => {
    const access: StateAccess = {
      accounts: [MEMBER_ACCOUNT],
      permissionSets: [],
      ciRoles: ["terraform-apply"],
    };
    const bucketPolicy = {
      Version: "2012-10-17",
      Statement: bucketPolicyStatements(
        BUCKET,
        REGION,
        { algorithm: "aws:kms", keyArn: KEY_ARN },
        { ...access, keyPrefix: "env/" },
      ),
    };
    const identity = permissionSetPolicies(corePolicy);
    const stateKey = `arn:aws:s3:::${BUCKET}/env/net/terraform.tfstate`;
    const request = (principal: string) => ({
      action: "s3:GetObject",
      resource: stateKey,
      principal,
      resourceAccount: ACCOUNT,
      context: { "s3:x-amz-server-side-encryption": "aws:kms" },
    });
    const ci = `arn:aws:iam::${MEMBER_ACCOUNT}:role/keyless/ci/terraform-apply`;
    assert.equal(
      (await evaluate({ identity, resourcePolicy: bucketPolicy }, request(ci))).decision,
      "allowed",
    );
    const other = `arn:aws:iam::${MEMBER_ACCOUNT}:role/keyless/ci/deploy-only`;
    assert.notEqual(
      (await evaluate({ identity, resourcePolicy: bucketPolicy }, request(other))).decision,
      "allowed",
    );
    const outside = `arn:aws:iam::${OUTSIDE_ACCOUNT}:role/keyless/ci/terraform-apply`;
    assert.notEqual(
      (await evaluate({ identity, resourcePolicy: bucketPolicy }, request(outside))).decision,
      "allowed",
    );
  });
});
