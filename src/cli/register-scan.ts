/** Declares `keyless scan`; the work is in src/commands/scan.ts. */
import { type Command, Option } from "@commander-js/extra-typings";
import type { CliIO } from "./io.ts";

type SetExit = (code: number) => void;

export function registerScanCommands(program: Command, io: CliIO, setExit: SetExit): void {
  program
    .command("scan")
    .description(
      "find static AWS credentials in the environment, ~/.aws and the given directories (the secret is never printed)",
    )
    .argument("[dirs...]", "directories (or files) to scan; default: the current directory")
    .addOption(new Option("--format <format>", "output format").choices(["table", "json", "sarif"]))
    .option("--json", "same as --format json")
    .option("--allow <file>", "YAML/JSON list of accepted exceptions: { path, kind?, fingerprint?, reason }")
    .option("--no-env", "do not check environment variables")
    .option("--no-home", "do not check ~/.aws/credentials and ~/.aws/config")
    .option("--no-gitignore", "scan files that .gitignore ignores too")
    .option("--max-file-size <size>", "skip larger files (e.g. 2MB, 500k)", "2MB")
    .option("--verbose", "report files scanned per second and skipped counts on stderr")
    .addHelpText(
      "after",
      [
        "",
        "Looks for: AWS_ACCESS_KEY_ID & co. in the environment; keys in ~/.aws/credentials and ~/.aws/config",
        "(AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE honoured); access_key/secret_key/token literals in",
        'Terraform provider "aws" and backend "s3" blocks, *.tfvars, *.tfbackend; terraform.tfstate files and',
        ".terraform/terraform.tfstate; .env files; AKIA/ASIA key ids in any other text file. AWS documentation",
        "example values (AKIAIOSFODNN7EXAMPLE) are listed as examples and never fail the scan.",
        "",
        "Exit codes: 0 = nothing found, 1 = credentials found or some path could not be read (the rest is",
        "still scanned), 64 = a directory does not exist or the allow file is malformed.",
        "",
        "Examples:",
        "  keyless scan",
        "  keyless scan infra modules --no-env --no-home          # CI: only the tree",
        "  keyless scan . --format sarif > keyless.sarif           # GitHub code scanning",
        "  keyless scan --allow .keyless-scan-allow.yaml --json | jq '.summary'",
        "",
      ].join("\n"),
    )
    .action(async (dirs, opts, cmd) => {
      const global = cmd.optsWithGlobals() as { color?: boolean };
      setExit(
        await (await import("../commands/scan.ts")).runScan(
          { dirs, ...opts, color: global.color, toolVersion: program.version() ?? "0.0.0" },
          io,
        ),
      );
    });
}
