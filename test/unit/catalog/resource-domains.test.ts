import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PRESETS } from "../../../src/catalog/index.ts";
import {
  isTerraformDomain,
  RESOURCE_DOMAIN_GROUPS,
  RESOURCE_DOMAINS,
  resourceDomain,
  TERRAFORM_DOMAINS,
  type TerraformDomain,
} from "../../../src/catalog/resource-domains.ts";

describe("resource-domain table", () => {
  it("lists every type once", () => {
    const all = RESOURCE_DOMAIN_GROUPS.flatMap((g) => g.types);
    const dupes = all.filter((t, i) => all.indexOf(t) !== i);
    assert.deepEqual(dupes, []);
    assert.equal(RESOURCE_DOMAINS.size, all.length);
  });

  it("covers at least 150 types with a preset", () => {
    const covered = [...RESOURCE_DOMAINS.values()].filter((e) => e.domains.length > 0);
    assert.ok(covered.length >= 150, `only ${covered.length} covered types`);
  });

  it("uses only the eight preset names, each at most once per type, and every preset is used", () => {
    assert.equal(TERRAFORM_DOMAINS.length, 8);
    const used = new Set<TerraformDomain>();
    for (const [type, entry] of RESOURCE_DOMAINS) {
      assert.match(type, /^aws_[a-z0-9]+(_[a-z0-9]+)*$/);
      assert.equal(new Set(entry.domains).size, entry.domains.length, type);
      for (const d of entry.domains) {
        assert.ok(isTerraformDomain(d), `${type}: ${d}`);
        used.add(d);
      }
    }
    assert.deepEqual([...used].sort(), [...TERRAFORM_DOMAINS].sort());
  });

  it("gives every type with no preset a reason, and no reason to covered types", () => {
    for (const [type, entry] of RESOURCE_DOMAINS) {
      if (entry.domains.length === 0) {
        assert.ok(entry.uncovered, `${type} has no preset and no reason`);
        assert.ok(entry.uncovered.note.length > 10, type);
      } else {
        assert.equal(entry.uncovered, undefined, type);
      }
    }
  });

  it("names IAM service prefixes; only terraform-core lookups call no service", () => {
    for (const [type, entry] of RESOURCE_DOMAINS) {
      for (const s of entry.services) assert.match(s, /^[a-z0-9-]+$/, type);
      if (entry.services.length === 0) assert.deepEqual(entry.domains, ["terraform-core"], type);
    }
  });

  it("maps the types the product names to the documented presets", () => {
    const expected: Record<string, TerraformDomain[]> = {
      aws_s3_bucket: ["terraform-storage"],
      aws_ebs_volume: ["terraform-storage"],
      aws_efs_file_system: ["terraform-storage"],
      aws_instance: ["terraform-compute"],
      aws_launch_template: ["terraform-compute"],
      aws_autoscaling_group: ["terraform-compute"],
      aws_ecs_service: ["terraform-compute"],
      aws_lambda_function: ["terraform-serverless", "terraform-compute"],
      aws_iam_role: ["terraform-iam"],
      aws_iam_role_policy_attachment: ["terraform-iam"],
      aws_vpc: ["terraform-networking"],
      aws_subnet: ["terraform-networking"],
      aws_security_group: ["terraform-networking"],
      aws_route_table: ["terraform-networking"],
      aws_nat_gateway: ["terraform-networking"],
      aws_internet_gateway: ["terraform-networking"],
      aws_vpc_endpoint: ["terraform-networking"],
      aws_db_instance: ["terraform-database"],
      aws_rds_cluster: ["terraform-database"],
      aws_dynamodb_table: ["terraform-database"],
      aws_elasticache_cluster: ["terraform-database"],
      aws_api_gateway_rest_api: ["terraform-serverless"],
      aws_apigatewayv2_api: ["terraform-serverless"],
      aws_cloudwatch_event_rule: ["terraform-serverless"],
      aws_cloudwatch_metric_alarm: ["terraform-monitoring"],
      aws_cloudwatch_log_group: ["terraform-monitoring"],
      aws_xray_sampling_rule: ["terraform-monitoring"],
      aws_cloudtrail: ["terraform-monitoring"],
      aws_caller_identity: ["terraform-core"],
    };
    for (const [type, domains] of Object.entries(expected)) {
      assert.deepEqual(resourceDomain(type)?.domains, domains, type);
    }
  });

  it("marks what every preset denies as denied, and security-sensitive services as no-preset", () => {
    for (const type of [
      "aws_iam_user",
      "aws_iam_access_key",
      "aws_ssoadmin_permission_set",
      "aws_organizations_account",
    ]) {
      assert.equal(resourceDomain(type)?.uncovered?.reason, "denied", type);
    }
    for (const type of [
      "aws_kms_key",
      "aws_secretsmanager_secret",
      "aws_ssm_parameter",
      "aws_sqs_queue",
      "aws_route53_record",
    ]) {
      assert.equal(resourceDomain(type)?.uncovered?.reason, "no-preset", type);
    }
    assert.equal(resourceDomain("aws_not_a_thing"), undefined);
  });

  it("agrees with the presets: each covering preset grants actions of every service the type calls", () => {
    const granted = new Map<string, Set<string>>();
    for (const preset of PRESETS) {
      const actions = preset
        .render({})
        .inlinePolicy.Statement.filter((st) => st.Effect === "Allow")
        .flatMap((st) => st.Action ?? []);
      granted.set(preset.name, new Set(actions.map((a) => a.split(":")[0]!)));
    }
    const missing: string[] = [];
    for (const [type, entry] of RESOURCE_DOMAINS) {
      for (const domain of entry.domains) {
        const services = granted.get(domain);
        assert.ok(services, `no preset named ${domain}`);
        for (const s of entry.services) {
          if (!services.has(s)) missing.push(`${type}: ${domain} grants no ${s}:*`);
        }
      }
    }
    assert.deepEqual(missing, []);
  });

  it("puts covered cloudwatch_event_* types (EventBridge) in serverless, other cloudwatch_* in monitoring", () => {
    for (const [type, entry] of RESOURCE_DOMAINS) {
      if (entry.domains.length === 0) continue;
      if (type.startsWith("aws_cloudwatch_event_")) {
        assert.deepEqual(entry.domains, ["terraform-serverless"], type);
      } else if (type.startsWith("aws_cloudwatch_")) {
        assert.deepEqual(entry.domains, ["terraform-monitoring"], type);
      }
      if (type.startsWith("aws_api_gateway_") || type.startsWith("aws_apigatewayv2_")) {
        assert.deepEqual(entry.domains, ["terraform-serverless"], type);
      }
    }
  });
});
