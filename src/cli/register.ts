/** Declares every command, its flags and its --help examples; the work is in src/commands/. */
import { type Command, Option } from "@commander-js/extra-typings";
import type { CliIO } from "./io.ts";
// Commands are imported when they run, so `keyless --help` or `keyless credentials` does not load
// the config schema, the AWS SDK or the policy catalog that other commands need.
import { registerAuditCommands } from "./register-audit.ts";
import { registerCatalogCommands } from "./register-catalog.ts";
import { registerCiCommands } from "./register-ci.ts";
import { registerCompletionCommands } from "./register-completion.ts";
import { registerDeveloperCommands } from "./register-dev.ts";
import { registerDoctorCommands } from "./register-doctor.ts";
import { registerImportCommands } from "./register-import.ts";
import { registerPolicyCommands } from "./register-policy.ts";
import { registerScanCommands } from "./register-scan.ts";
import { registerSuggestCommands } from "./register-suggest.ts";
import { registerTerraformCommands } from "./register-terraform.ts";

type SetExit = (code: number) => void;

const configOption = () =>
  new Option("-c, --config <file>", "path to keyless.yaml").env("KEYLESS_CONFIG").default("keyless.yaml");

/** A repeatable option's values in the order given. */
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  ${l}`).join("\n")}\n`;
}

export function registerCommands(program: Command, io: CliIO, setExit: SetExit): void {
  const globals = () => program.opts() as { color?: boolean; debug?: boolean };

  program
    .command("init")
    .description(
      "write a starter keyless.yaml (discovers Identity Center and accounts when AWS credentials work)",
    )
    .addOption(configOption())
    .option("--region <region>", "IAM Identity Center region (default: AWS_REGION, then eu-central-1)")
    .option("--offline", "do not call AWS; write placeholders")
    .addHelpText(
      "after",
      examples([
        "keyless init                       # discover instance and accounts with your AWS credentials",
        "keyless init --offline --region eu-central-1",
        "keyless init -c infra/keyless.yaml",
      ]),
    )
    .action(async (opts) =>
      setExit(await (await import("../commands/init.ts")).runInit({ ...opts, ...globals() }, io)),
    );

  program
    .command("validate")
    .description("check keyless.yaml offline: schema, references, AWS limits (no AWS call)")
    .addOption(configOption())
    .option("--json", "print the result as JSON")
    .addHelpText("after", examples(["keyless validate", "keyless validate -c infra/keyless.yaml --json"]))
    .action(async (opts) =>
      setExit(await (await import("../commands/validate.ts")).runValidate({ ...opts, ...globals() }, io)),
    );

  program
    .command("plan")
    .description("read IAM Identity Center in bulk and show what apply would change")
    .addOption(configOption())
    .option("--prune", "include deletions inside the prune scope")
    .option("--json", "print the plan as JSON (for CI)")
    .option(
      "--full",
      "show whole policy documents and every account (default: presets and one line per statement)",
    )
    .option(
      "--detailed-exitcode",
      "exit 0 = no changes, 1 = error, 2 = changes present, 3 = nothing to apply but AWS has what keyless.yaml does not declare (prune candidates)",
    )
    .option("-o, --out <file>", "save the plan for `keyless apply FILE` (also -out=FILE)")
    .option("--requests-per-second <n>", "AWS request budget, all calls together (default 20)")
    .option(
      "--count-unmanaged",
      "list the identity store whole to count users and groups not in keyless.yaml (more AWS calls on large stores)",
    )
    .option(
      "--target <address>",
      "limit the plan to this address (or prefix) and what it depends on; repeatable (also -target=ADDRESS)",
      collect,
    )
    .addHelpText(
      "after",
      examples([
        "keyless plan",
        'keyless plan -target \'assignment["group:platform-engineers", "terraform-core", "111111111111"]\'',
        "keyless plan -target 'permission_set[\"terraform-core\"]' -target membership -out=keyless.plan",
        "keyless plan --prune",
        "keyless plan --count-unmanaged          # also count users and groups keyless does not manage",
        "keyless --debug plan                    # also print how AWS was read and the calls it took",
        "keyless plan --full                     # whole policy documents instead of presets",
        "keyless plan -out=keyless.plan && keyless apply keyless.plan",
        "keyless plan --json --detailed-exitcode   # in CI: exit 2 when changes are pending,",
        "                                          # 3 when only access outside keyless.yaml is found",
      ]),
    )
    .action(async (opts) =>
      setExit(await (await import("../commands/plan.ts")).runPlan({ ...opts, ...globals() }, io)),
    );

  program
    .command("apply")
    .description("apply keyless.yaml (or a saved plan) to IAM Identity Center")
    .argument("[planfile]", "a plan saved with `keyless plan -out FILE`")
    .addOption(configOption())
    .option("--prune", "also delete what is inside the prune scope and no longer in keyless.yaml")
    .option("--auto-approve", "do not ask for confirmation (required off a terminal and with --json)")
    .option("--json", "print the plan and the results as JSON lines")
    .option("--full", "show whole policy documents and every account in the plan")
    .option("--concurrency <n>", "maximum outstanding assignment operations", "10")
    .option("--requests-per-second <n>", "AWS request budget, all calls together (default 20)")
    .option(
      "--target <address>",
      "apply only this address (or prefix) and what it depends on; repeatable (also -target=ADDRESS)",
      collect,
    )
    .addHelpText(
      "after",
      examples([
        "keyless apply                      # shows the plan, asks before changing anything",
        "keyless apply -target 'group[\"platform-engineers\"]'   # only that group (and what it needs)",
        "keyless apply --auto-approve       # CI",
        "keyless apply keyless.plan         # apply a saved plan as reviewed, no question; refused if edited or AWS changed",
        "keyless apply --prune              # also delete what left keyless.yaml (within the prune scope)",
      ]),
    )
    .action(async (planfile, opts) =>
      setExit(await (await import("../commands/apply.ts")).runApply({ planfile, ...opts, ...globals() }, io)),
    );

  program
    .command("show")
    .description("print a plan saved with `keyless plan -out FILE` (no AWS access)")
    .argument("<planfile>", "a plan saved with `keyless plan -out FILE`")
    .option("--json", "print the plan as JSON, as `keyless plan --json` does")
    .option("--full", "show whole policy documents and every account")
    .addHelpText(
      "after",
      examples([
        "keyless show keyless.plan          # review a saved plan, e.g. in a pull request",
        "keyless show --json keyless.plan   # the same JSON as keyless plan --json",
      ]),
    )
    .action(async (planfile, opts) =>
      setExit(await (await import("../commands/show.ts")).runShow({ planfile, ...opts, ...globals() }, io)),
    );

  program
    .command("schema")
    .description("print the JSON Schema of keyless.yaml (for editor completion and checks)")
    .addHelpText(
      "after",
      examples([
        "keyless schema > keyless.schema.json",
        "# then in keyless.yaml:  # yaml-language-server: $schema=./keyless.schema.json",
      ]),
    )
    .action(async () => setExit(await (await import("../commands/schema.ts")).runSchema(io)));

  registerImportCommands(program, io, setExit);
  registerCatalogCommands(program, io, setExit);
  registerDeveloperCommands(program, io, setExit);
  registerDoctorCommands(program, io, setExit);
  registerScanCommands(program, io, setExit);
  registerAuditCommands(program, io, setExit);
  registerPolicyCommands(program, io, setExit);
  registerSuggestCommands(program, io, setExit);
  registerTerraformCommands(program, io, setExit);
  registerCompletionCommands(program, io, setExit);
  registerCiCommands(program, io, setExit);
}
