import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ResourceDomain } from "../../../src/catalog/resource-domains.ts";
import { analyseModule } from "../../../src/commands/suggest-analysis.ts";
import type { TerraformModule } from "../../../src/local/terraform/hcl-module.ts";
import type { HclBlock } from "../../../src/local/terraform/hcl-types.ts";

/** A module of one file `/m/main.tf` declaring the given `resource TYPE` / `data TYPE` blocks, one per line. */
function moduleOf(...decls: string[]): TerraformModule {
  const blocks: HclBlock[] = decls.map((d, i) => {
    const [kind, type] = d.split(" ") as [string, string];
    return {
      type: kind,
      labels: [type, `n${i}`],
      line: i + 1,
      column: 1,
      endLine: i + 1,
      endColumn: 2,
      attributes: [],
      blocks: [],
    };
  });
  return {
    root: "/m",
    files: [{ file: "/m/main.tf", blocks, attributes: [], errors: [] }],
    localModules: [],
    remoteModules: [],
  };
}

const show = (p: string) => p.replace("/m/", "");
const sets = (...decls: string[]) =>
  analyseModule(moduleOf(...decls), show).permissionSets.map((p) => `${p.name}:${p.access}`);

describe("analyseModule: choosing permission sets", () => {
  it("always includes terraform-core, even for a module with no AWS types", () => {
    assert.deepEqual(sets("resource random_id"), ["terraform-core:write"]);
  });

  it("prefers serverless for Lambda alone, but lets compute cover it when compute is needed anyway", () => {
    assert.deepEqual(sets("resource aws_lambda_function"), [
      "terraform-core:write",
      "terraform-serverless:write",
    ]);
    assert.deepEqual(sets("resource aws_lambda_function", "resource aws_instance"), [
      "terraform-core:write",
      "terraform-compute:write",
    ]);
    const report = analyseModule(moduleOf("resource aws_lambda_function", "resource aws_instance"), show);
    const lambda = report.permissionSets[1]!.types.find((t) => t.type === "aws_lambda_function")!;
    assert.deepEqual(lambda.alsoCoveredBy, ["terraform-serverless"]);
  });

  it("picks the preset that covers the most multi-preset types, then the first preference", () => {
    const table: Record<string, ResourceDomain> = {
      aws_x_a: { domains: ["terraform-serverless", "terraform-compute"], services: ["a"] },
      aws_x_b: { domains: ["terraform-database", "terraform-compute"], services: ["b"] },
      aws_x_c: { domains: ["terraform-database", "terraform-storage"], services: ["c"] },
      aws_x_d: { domains: ["terraform-monitoring", "terraform-networking"], services: ["d"] },
    };
    const run = (...decls: string[]) =>
      analyseModule(moduleOf(...decls), show, (t) => table[t]).permissionSets.map((p) => p.name);
    // compute covers a and b; database covers b and c: a goes first and picks compute (2 > 1).
    assert.deepEqual(run("resource aws_x_a", "resource aws_x_b"), ["terraform-core", "terraform-compute"]);
    assert.deepEqual(run("resource aws_x_b", "resource aws_x_c"), ["terraform-core", "terraform-database"]);
    assert.deepEqual(run("resource aws_x_a", "resource aws_x_b", "resource aws_x_c"), [
      "terraform-core",
      "terraform-compute",
      "terraform-database",
    ]);
    // A tie goes to the type's first preference.
    assert.deepEqual(run("resource aws_x_d"), ["terraform-core", "terraform-monitoring"]);
  });

  it("marks a domain reached only through data sources as read only", () => {
    assert.deepEqual(sets("data aws_vpc", "resource aws_s3_bucket"), [
      "terraform-core:write",
      "terraform-storage:write",
      "terraform-networking:read",
    ]);
  });

  it("lets data sources join a preset that is needed for writing", () => {
    assert.deepEqual(sets("data aws_vpc", "resource aws_subnet"), [
      "terraform-core:write",
      "terraform-networking:write",
    ]);
    assert.deepEqual(sets("data aws_lambda_function", "resource aws_ecs_service"), [
      "terraform-core:write",
      "terraform-compute:write",
    ]);
  });

  it("keeps resources and data sources of one type apart, locations in file order", () => {
    const report = analyseModule(
      moduleOf("resource aws_subnet", "data aws_subnet", "resource aws_subnet", "resource aws_vpc"),
      show,
    );
    const types = report.permissionSets.find((p) => p.name === "terraform-networking")!.types;
    assert.deepEqual(
      types.map((t) => [t.mode, t.type, t.locations.map((l) => `${l.file}:${l.line}:${l.name}`)]),
      [
        ["resource", "aws_subnet", ["main.tf:1:n0", "main.tf:3:n2"]],
        ["resource", "aws_vpc", ["main.tf:4:n3"]],
        ["data", "aws_subnet", ["main.tf:2:n1"]],
      ],
    );
  });

  it("separates unknown, no-preset and denied AWS types from other providers", () => {
    const report = analyseModule(
      moduleOf(
        "resource aws_made_up",
        "resource aws_kms_key",
        "resource aws_iam_access_key",
        "resource awscc_s3_bucket",
        "resource null_resource",
        "data tls_certificate",
        "resource terraform_data",
      ),
      show,
    );
    assert.deepEqual(
      report.uncovered.map((u) => [u.type, u.reason]),
      [
        ["aws_iam_access_key", "denied"],
        ["aws_kms_key", "no-preset"],
        ["aws_made_up", "unknown"],
        ["awscc_s3_bucket", "unknown"],
      ],
    );
    assert.deepEqual(
      report.otherProviders.map((u) => [u.mode, u.type, u.provider]),
      [
        ["resource", "null_resource", "null"],
        ["resource", "terraform_data", "terraform"],
        ["data", "tls_certificate", "tls"],
      ],
    );
    assert.equal(report.complete, true);
  });

  it("counts ephemeral resources as reads and ignores other block kinds", () => {
    const mod = moduleOf(
      "ephemeral aws_secretsmanager_secret_version",
      "module aws_vpc",
      "output aws_s3_bucket",
    );
    const report = analyseModule(mod, show);
    assert.deepEqual(
      report.uncovered.map((u) => [u.mode, u.type]),
      [["data", "aws_secretsmanager_secret_version"]],
    );
    assert.deepEqual(
      report.permissionSets.map((p) => p.name),
      ["terraform-core"],
    );
  });

  it("is incomplete when a file has errors or a local module is missing", () => {
    const mod = moduleOf("resource aws_vpc");
    mod.files[0]!.errors.push({ line: 3, column: 2, message: "syntax error" });
    const report = analyseModule(mod, show);
    assert.equal(report.complete, false);
    assert.deepEqual(report.parseErrors, [{ file: "main.tf", line: 3, column: 2, message: "syntax error" }]);

    const missing = moduleOf("resource aws_vpc");
    missing.localModules.push({
      name: "x",
      source: "./x",
      dir: "/m/x",
      file: "/m/main.tf",
      line: 9,
      column: 1,
      found: false,
    });
    assert.equal(analyseModule(missing, show).complete, false);
  });
});
