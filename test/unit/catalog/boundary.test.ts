/**
 * The permissions boundary terraform-iam requires: a role it builds with AdministratorAccess can do
 * its workload's job (data included) and build further roles only the same way, and nothing the
 * guardrails deny (the red-team suite's residual cases R01-R18 go through every guardrail).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MANAGED_POLICY_MAX_CHARS, renderBoundary } from "../../../src/catalog/boundary.ts";
import { policySize } from "../../../src/catalog/render.ts";
import type { PresetParams } from "../../../src/catalog/types.ts";
import { ADMINISTRATOR_ACCESS, type Decision, evaluate, MGMT_ACCOUNT } from "../../helpers/iam-eval.ts";
import { COMBOS } from "./fixtures.ts";

const A = MGMT_ACCOUNT;
const BUILT = `arn:aws:iam::${A}:role/terraform/app`;

async function asBuilt(
  params: PresetParams,
  action: string,
  resource: string,
  context: Record<string, string | string[]> = {},
): Promise<Decision> {
  const r = await evaluate(
    { identity: [ADMINISTRATOR_ACCESS], boundary: renderBoundary(params) },
    { action, resource, principal: BUILT, context },
  );
  return r.decision;
}

describe("permissions boundary", () => {
  it("fits the managed-policy quota for every parameter combination the presets are tested with", () => {
    for (const [combo, params] of Object.entries(COMBOS)) {
      const size = policySize(renderBoundary(params));
      assert.ok(size <= MANAGED_POLICY_MAX_CHARS, `${combo}: ${size}`);
    }
  });

  it("lets a workload role do its job: data, queues, secrets, its own logs", async () => {
    for (const [action, resource] of [
      ["s3:GetObject", "arn:aws:s3:::app-data/orders/1.json"],
      ["s3:PutObject", "arn:aws:s3:::app-data/orders/1.json"],
      ["dynamodb:Query", `arn:aws:dynamodb:eu-central-1:${A}:table/orders`],
      ["sqs:ReceiveMessage", `arn:aws:sqs:eu-central-1:${A}:orders`],
      ["secretsmanager:GetSecretValue", `arn:aws:secretsmanager:eu-central-1:${A}:secret:app-AbCdEf`],
      ["logs:PutLogEvents", `arn:aws:logs:eu-central-1:${A}:log-group:/app:log-stream:x`],
    ] as const) {
      assert.equal(await asBuilt({}, action, resource), "allowed", action);
    }
  });

  it("builds further roles only under the path, with this boundary; passes only those", async () => {
    const bounded = { "iam:PermissionsBoundary": `arn:aws:iam::${A}:policy/TerraformBoundary` };
    assert.equal(
      await asBuilt({}, "iam:CreateRole", `arn:aws:iam::${A}:role/terraform/worker`, bounded),
      "allowed",
    );
    assert.equal(
      await asBuilt({}, "iam:CreateRole", `arn:aws:iam::${A}:role/terraform/worker`),
      "explicit-deny",
    );
    assert.equal(
      await asBuilt({}, "iam:CreateRole", `arn:aws:iam::${A}:role/worker`, bounded),
      "explicit-deny",
    );
    assert.equal(
      await asBuilt({}, "iam:PassRole", `arn:aws:iam::${A}:role/terraform/worker`, {
        "iam:PassedToService": "lambda.amazonaws.com",
      }),
      "allowed",
    );
    assert.equal(
      await asBuilt({}, "iam:PassRole", `arn:aws:iam::${A}:role/ops/admin`, {
        "iam:PassedToService": "lambda.amazonaws.com",
      }),
      "explicit-deny",
    );
  });

  it("follows a custom path, boundary name and regions", async () => {
    const params = {
      iamPath: "/platform/",
      permissionsBoundaryName: "PlatformBoundary",
      allowedRegions: ["eu-west-1"],
    };
    const bounded = { "iam:PermissionsBoundary": `arn:aws:iam::${A}:policy/PlatformBoundary` };
    assert.equal(
      await asBuilt(params, "iam:CreateRole", `arn:aws:iam::${A}:role/platform/x`, bounded),
      "allowed",
    );
    assert.equal(
      await asBuilt(params, "iam:CreateRole", `arn:aws:iam::${A}:role/terraform/x`, bounded),
      "explicit-deny",
    );
    assert.equal(
      await asBuilt(params, "s3:GetObject", "arn:aws:s3:::app-data/x", {
        "aws:RequestedRegion": "eu-central-1",
      }),
      "explicit-deny",
    );
    const sids = renderBoundary(params).Statement.map((s) => s.Sid);
    assert.ok(sids.includes("DenyOtherRegions") && !sids.includes("DenyDataAccess"));
  });
});
