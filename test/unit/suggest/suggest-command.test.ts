import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { Command } from "@commander-js/extra-typings";
import type { CliIO } from "../../../src/cli/io.ts";
import { registerSuggestCommands } from "../../../src/cli/register-suggest.ts";
import type { SuggestReport } from "../../../src/commands/suggest-analysis.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), "../../fixtures/terraform");

/** Runs `keyless suggest ARGS` through commander in FIXTURES, mapping errors as the CLI entry does. */
async function suggest(...args: string[]): Promise<{ code: number; stdout: string; error?: KeylessError }> {
  let stdout = "";
  let code = 0;
  const io: CliIO = {
    out: (t) => {
      stdout += t;
    },
    err: () => {},
    stdoutIsTTY: false,
    stdinIsTTY: false,
    env: {},
    cwd: FIXTURES,
    ask: async () => "",
  };
  const program = new Command().exitOverride();
  registerSuggestCommands(program, io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(["suggest", ...args], { from: "user" });
  } catch (err) {
    if (!(err instanceof KeylessError)) throw err;
    return { code: err.exitCode, stdout, error: err };
  }
  return { code, stdout };
}

async function report(dir: string): Promise<{ code: number; data: SuggestReport }> {
  const r = await suggest(dir, "--json");
  return { code: r.code, data: JSON.parse(r.stdout) as SuggestReport };
}

function byName(data: SuggestReport) {
  return Object.fromEntries(
    data.permissionSets.map((p) => [
      p.name,
      Object.fromEntries(
        p.types.map((t) => [
          `${t.mode === "data" ? "data." : ""}${t.type}`,
          t.locations.map((l) => `${l.file}:${l.line}`),
        ]),
      ),
    ]),
  );
}

describe("keyless suggest", () => {
  it("network module: core and networking, every type with file:line", async () => {
    const { code, data } = await report("network");
    assert.equal(code, 0);
    assert.deepEqual(data.files, [
      "network/main.tf",
      "network/outputs.tf",
      "network/variables.tf",
      "network/versions.tf",
    ]);
    assert.deepEqual(byName(data), {
      "terraform-core": {},
      "terraform-networking": {
        aws_eip: ["network/main.tf:34"],
        aws_flow_log: ["network/main.tf:77"],
        aws_internet_gateway: ["network/main.tf:30"],
        aws_nat_gateway: ["network/main.tf:38"],
        aws_route_table: ["network/main.tf:43"],
        aws_route_table_association: ["network/main.tf:52"],
        aws_security_group: ["network/main.tf:59"],
        aws_subnet: ["network/main.tf:15", "network/main.tf:23"],
        aws_vpc: ["network/main.tf:6"],
        aws_vpc_endpoint: ["network/main.tf:71"],
        "data.aws_availability_zones": ["network/main.tf:2"],
      },
    });
    assert.deepEqual(data.uncovered, []);
    assert.deepEqual(data.parseErrors, []);
    assert.equal(data.complete, true);
  });

  it("serverless app: iam, serverless and monitoring; Lambda under serverless; archive_file needs no AWS", async () => {
    const { code, data } = await report("serverless-app");
    assert.equal(code, 0);
    assert.deepEqual(
      data.permissionSets.map((p) => [p.name, p.access]),
      [
        ["terraform-core", "write"],
        ["terraform-iam", "write"],
        ["terraform-serverless", "write"],
        ["terraform-monitoring", "write"],
      ],
    );
    const sets = byName(data);
    assert.deepEqual(Object.keys(sets["terraform-core"]!), [
      "data.aws_caller_identity",
      "data.aws_iam_policy_document",
    ]);
    assert.deepEqual(sets["terraform-serverless"]!.aws_lambda_function, ["serverless-app/main.tf:39"]);
    assert.deepEqual(sets["terraform-serverless"]!.aws_cloudwatch_event_rule, ["serverless-app/events.tf:6"]);
    assert.deepEqual(sets["terraform-monitoring"], {
      aws_cloudwatch_log_group: ["serverless-app/main.tf:49"],
    });
    assert.deepEqual(
      data.otherProviders.map((o) => [o.mode, o.type, o.provider]),
      [["data", "archive_file", "archive"]],
    );
    // SQS is outside what terraform-serverless grants today: reported, not silently assigned.
    assert.deepEqual(
      data.uncovered.map((u) => [u.type, u.reason, u.locations.map((l) => `${l.file}:${l.line}`)]),
      [["aws_sqs_queue", "no-preset", ["serverless-app/events.tf:1"]]],
    );
    assert.match(data.uncovered[0]!.note, /^terraform-serverless does not grant .*SQS/);
  });

  it("module with local submodules: follows them (each directory once), lists the remote one", async () => {
    const { code, data } = await report("with-submodule");
    assert.equal(code, 0);
    assert.deepEqual(data.files, [
      "with-submodule/main.tf",
      "with-submodule/modules/storage/main.tf",
      "with-submodule/modules/logs/main.tf",
    ]);
    assert.deepEqual(byName(data), {
      "terraform-core": {},
      "terraform-storage": {
        aws_s3_bucket: ["with-submodule/modules/storage/main.tf:5"],
        aws_s3_bucket_versioning: ["with-submodule/modules/storage/main.tf:9"],
      },
      "terraform-serverless": { aws_scheduler_schedule: ["with-submodule/main.tf:17"] },
      "terraform-monitoring": { aws_cloudwatch_log_group: ["with-submodule/modules/logs/main.tf:5"] },
    });
    assert.deepEqual(
      data.remoteModules.map((m) => [m.name, m.source, `${m.file}:${m.line}`]),
      [["vpc", "terraform-aws-modules/vpc/aws", "with-submodule/main.tf:6"]],
    );
  });

  it("unknown, uncovered and denied types are listed with the reason; exit stays 0", async () => {
    const { code, data } = await report("uncovered");
    assert.equal(code, 0);
    assert.deepEqual(
      data.permissionSets.map((p) => p.name),
      ["terraform-core", "terraform-storage"],
    );
    assert.deepEqual(
      data.uncovered.map((u) => [
        u.mode,
        u.type,
        u.reason,
        `${u.locations[0]!.file}:${u.locations[0]!.line}`,
      ]),
      [
        ["resource", "aws_iam_access_key", "denied", "uncovered/main.tf:14"],
        ["resource", "aws_iam_user", "denied", "uncovered/main.tf:10"],
        ["resource", "aws_kms_key", "no-preset", "uncovered/main.tf:5"],
        ["resource", "aws_quantum_teleporter", "unknown", "uncovered/main.tf:18"],
        ["data", "aws_ssm_parameter", "no-preset", "uncovered/main.tf:26"],
      ],
    );
  });

  it("broken files: exit 1, errors with file:line:col, the rest still reported", async () => {
    const { code, data } = await report("broken");
    assert.equal(code, 1);
    assert.equal(data.complete, false);
    assert.deepEqual(data.parseErrors, [
      {
        file: "broken/broken.tf",
        line: 10,
        column: 1,
        message: "syntax error: missing '}' closing the block that starts at 5:1",
      },
      {
        file: "broken/broken.tf.json",
        line: 4,
        column: 27,
        message: 'expected a property name in double quotes, found "}"',
      },
    ]);
    assert.deepEqual(byName(data)["terraform-database"], { aws_dynamodb_table: ["broken/good.tf:1"] });
  });

  it("reads .tf.json modules and follows their local modules", async () => {
    const { code, data } = await report("json-module");
    assert.equal(code, 0);
    const sets = byName(data);
    assert.deepEqual(sets["terraform-compute"], {
      aws_ecs_cluster: ["json-module/main.tf.json:20"],
      aws_ecs_service: ["json-module/main.tf.json:23"],
    });
    assert.ok(sets["terraform-networking"]!.aws_vpc);
    assert.deepEqual(data.permissionSets.find((p) => p.name === "terraform-database")?.access, "read");
  });

  it("human output: the sets first, then each set's types, uncovered types and parse errors", async () => {
    const r = await suggest("broken");
    assert.equal(r.code, 1);
    assert.equal(
      r.stdout,
      [
        "broken: 3 files",
        "",
        "Permission sets this module needs:",
        "  terraform-core      always: state, locking, read-only planning",
        "  terraform-storage   1 resource type",
        "  terraform-compute   1 resource type",
        "  terraform-database  1 resource type",
        "",
        "terraform-storage:",
        "  aws_s3_bucket       broken/broken.tf:1",
        "",
        "terraform-compute:",
        "  aws_ecs_cluster     broken/broken.tf:5",
        "",
        "terraform-database:",
        "  aws_dynamodb_table  broken/good.tf:1",
        "",
        "Files that failed to parse (what they declare may be missing above):",
        "  broken/broken.tf:10:1: syntax error: missing '}' closing the block that starts at 5:1",
        '  broken/broken.tf.json:4:27: expected a property name in double quotes, found "}"',
        "",
      ].join("\n"),
    );
    const unc = await suggest("uncovered");
    assert.match(unc.stdout, /Not covered by any preset/);
    assert.match(unc.stdout, /\n {2}aws_iam_user +uncovered\/main\.tf:10\n {4}denied: IAM users/);
    assert.match(
      unc.stdout,
      /\n {2}aws_quantum_teleporter +uncovered\/main\.tf:18\n {4}not in keyless's table/,
    );
    assert.match(
      unc.stdout,
      /Other providers \(no AWS permission needed\):\n {2}random_id +uncovered\/main\.tf:22/,
    );
  });

  it("a local module whose directory is missing: listed, exit 1 (paths outside the working directory are absolute)", async () => {
    const tmp = await mkdtemp(join(tmpdir(), "keyless-suggest-"));
    try {
      await mkdir(join(tmp, "app"));
      await writeFile(
        join(tmp, "app/main.tf"),
        'module "db" {\n  source = "./modules/db"\n}\nresource "aws_lambda_function" "f" {}\n',
      );
      const r = await suggest(join(tmp, "app"));
      assert.equal(r.code, 1);
      const expected = `Local modules not found:\n  ${join(tmp, "app/main.tf")}:1:1: module "db": no Terraform files at ./modules/db\n`;
      assert.ok(r.stdout.includes(expected), r.stdout);
      assert.match(r.stdout, /terraform-serverless {2}1 resource type/);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it("exit 64 for a directory that does not exist or has no Terraform files", async () => {
    for (const dir of ["does-not-exist", "no-terraform", "network/main.tf"]) {
      const r = await suggest(dir);
      assert.equal(r.code, 64, dir);
      assert.equal(r.stdout, "");
      assert.ok(r.error?.message.startsWith(dir), r.error?.message);
    }
  });
});
