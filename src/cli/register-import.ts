/** Declares `keyless import`; the work is in src/commands/import.ts. */
import { type Command, Option } from "@commander-js/extra-typings";
import type { CliIO } from "./io.ts";

type SetExit = (code: number) => void;

export function registerImportCommands(program: Command, io: CliIO, setExit: SetExit): void {
  const collect = (value: string, previous: string[] | undefined) => [
    ...(previous ?? []),
    ...value.split(",").map((p) => p.trim()),
  ];
  program
    .command("import")
    .description(
      "write keyless.yaml from the live IAM Identity Center instance, so that `keyless plan` reports no changes (reads AWS only)",
    )
    .addOption(
      new Option("-c, --config <file>", "the keyless.yaml to write")
        .env("KEYLESS_CONFIG")
        .default("keyless.yaml"),
    )
    .option("--merge", "add to an existing keyless.yaml what it lacks; keep its entries, comments and layout")
    .option(
      "--permission-sets <pattern>",
      "only permission sets whose name matches (* = any characters; repeatable or comma-separated)",
      collect,
    )
    .option(
      "--groups <pattern>",
      "only groups whose name matches, with their members and access (repeatable)",
      collect,
    )
    .option("--users", "only users and their direct access (with --groups: groups and users)")
    .option("--no-ou-targets", "list accounts in assignments, never an OU target")
    .option(
      "--region <region>",
      "IAM Identity Center region (default: the file's, AWS_REGION, then eu-central-1)",
    )
    .option("--dry-run", "print the file on stdout instead of writing it")
    .option("--json", "print the result as JSON (with --dry-run, the file is in its `document` field)")
    .option("--requests-per-second <n>", "AWS request budget, all calls together (default 20)")
    .addHelpText(
      "after",
      [
        "",
        "Writes users (external ones as `external: true`), groups with members, every permission set",
        "(a catalog preset where the policy renders identically) and assignments, one rule per principal,",
        "with OU targets where an OU's accounts are exactly the assigned ones. Never writes to AWS.",
        "Exit codes: 0 = written, 1 = the written file does not pass validate (listed), 64 = bad flag or a",
        "pattern that matches nothing, 65 = the file to --merge into is invalid, 69 = Identity Center is not",
        "enabled, 73 = the file exists (without --merge) or cannot be written.",
        "",
        "Examples:",
        "  keyless import                                   # the whole instance into ./keyless.yaml",
        "  keyless import --dry-run | less                  # look first, write nothing",
        "  keyless import --permission-sets 'terraform-*'   # only these sets and who holds them",
        "  keyless import --groups 'platform-*' --users     # these groups, all users, and their access",
        "  keyless import --merge                           # add what AWS has and keyless.yaml lacks",
        "  keyless import -c infra/keyless.yaml --region eu-west-1",
        "",
      ].join("\n"),
    )
    .action(async (opts) => setExit(await (await import("../commands/import.ts")).runImport(opts, io)));
}
