/**
 * The reach checks on the live catalog (src/catalog), every preset and every parameter combination
 * of the catalog tests. The table lists, per preset, the reach findings the presets still have; the
 * issue 10 preset fixes are meant to empty it ("0 on the fixed ones"). When a fix lands, delete its
 * lines: the test fails both on a finding the table does not list and on a listed one that is gone.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PRESETS } from "../../../src/catalog/registry.ts";
import { COMBOS } from "../catalog/fixtures.ts";
import { reachCodes } from "./reach-helpers.ts";

const EXPECTED_REACH_FINDINGS: Record<string, string[]> = {
  "terraform-core": [],
  "terraform-storage": [
    "resource-policy/elasticfilesystem-put-file-system-policy",
    "resource-policy/s3-put-bucket-acl",
    "resource-policy/s3-put-bucket-ownership-controls",
    "resource-policy/s3-put-bucket-policy",
    "resource-policy/s3-put-bucket-public-access-block",
    "resource-policy/s3-put-replication-configuration",
  ],
  "terraform-compute": [
    "code-execution/ec2-create-launch-template-version",
    "code-execution/ec2-modify-instance-attribute",
    "code-execution/ec2-modify-instance-metadata-options",
    "code-execution/ec2-modify-launch-template",
    "code-execution/ecs-register-task-definition",
    "code-execution/lambda-update-function-configuration",
    "resource-policy/ecr-set-repository-policy",
    "resource-policy/lambda-add-layer-version-permission",
    "resource-policy/lambda-add-permission",
    "resource-policy/lambda-create-function-url-config",
    "resource-policy/lambda-update-function-url-config",
    "tag-hop/lambda-tag-resource",
  ],
  "terraform-iam": ["tag-hop/iam-tag-policy"],
  "terraform-networking": [
    "resource-policy/ec2-attach-appliance-to-nat-gateway",
    "resource-policy/ec2-create-local-gateway-route-table-permission",
    "resource-policy/ec2-create-network-interface-permission",
    "resource-policy/ec2-modify-vpc-endpoint-service-permissions",
  ],
  "terraform-database": [
    "credential-reset/elasticache-modify-replication-group",
    "credential-reset/elasticache-modify-user",
    "credential-reset/elasticache-modify-user-group",
    "credential-reset/rds-modify-db-cluster",
    "credential-reset/rds-modify-db-instance",
    "resource-policy/dynamodb-put-resource-policy",
  ],
  "terraform-serverless": [
    "code-execution/lambda-update-function-configuration",
    "resource-policy/apigateway-update-rest-api-policy",
    "resource-policy/events-put-permission",
    "resource-policy/events-put-resource-policy",
    "resource-policy/lambda-add-layer-version-permission",
    "resource-policy/lambda-add-permission",
    "resource-policy/lambda-create-function-url-config",
    "resource-policy/lambda-update-function-url-config",
    "tag-hop/lambda-tag-resource",
  ],
  "terraform-monitoring": [
    "resource-policy/logs-put-resource-policy",
    "resource-policy/logs-put-subscription-filter",
    "resource-policy/xray-put-resource-policy",
  ],
};

describe("policy lint reach checks on the live catalog presets", () => {
  it("the table names every preset", () => {
    assert.deepEqual(Object.keys(EXPECTED_REACH_FINDINGS).sort(), PRESETS.map((p) => p.name).sort());
  });

  for (const preset of PRESETS) {
    it(`${preset.name}: exactly the listed reach findings, with every parameter combination`, () => {
      const expected = [...(EXPECTED_REACH_FINDINGS[preset.name] ?? [])].sort();
      for (const [combo, params] of Object.entries(COMBOS)) {
        assert.deepEqual(
          reachCodes(preset.render(params).inlinePolicy),
          expected,
          `${preset.name} with ${combo}`,
        );
      }
    });
  }
});
