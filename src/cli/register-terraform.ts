/** Declares `keyless terraform ...`; the work is in src/commands/terraform-*.ts. */
import { type Command, Option } from "@commander-js/extra-typings";
import type { TerraformFilesDeps } from "../commands/terraform-files.ts";
import type { CliIO } from "./io.ts";

type SetExit = (code: number) => void;

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  ${l}`).join("\n")}\n`;
}

/** `deps` replaces the AWS look-ups in tests; the CLI uses the real ones. */
export function registerTerraformCommands(
  program: Command,
  io: CliIO,
  setExit: SetExit,
  deps?: TerraformFilesDeps,
): void {
  const terraform = program
    .command("terraform")
    .description("files for Terraform that uses the keyless state backend and SSO profiles");

  terraform
    .command("files")
    .description("write backend.tf and provider.tf for a state key and an AWS profile (never a credential)")
    .requiredOption(
      "--profile <name>",
      "AWS profile Terraform signs in with (e.g. an SSO profile); the backend's, and the provider's unless --provider-profile",
    )
    .option(
      "--provider-profile <name>",
      "a different profile for provider.tf: state access in the backend (terraform-core), the stack's domain permission set in the provider",
    )
    .requiredOption("--key <key>", "state object key, e.g. env/dev/network/terraform.tfstate")
    .option("--dir <dir>", "directory to write to (default: the current directory)")
    .option("--force", "replace backend.tf / provider.tf when they exist with different content")
    .option("--dry-run", "show what would be written or changed; write nothing")
    .addOption(
      new Option(
        "-c, --config <file>",
        "keyless.yaml with a stateBackend section (default: ./keyless.yaml if present)",
      ).env("KEYLESS_CONFIG"),
    )
    .option("--json", "print the result as JSON")
    .option("--bucket <name>", "state bucket (only without stateBackend in keyless.yaml)")
    .option("--region <region>", "bucket region (only without stateBackend in keyless.yaml)")
    .addOption(
      new Option("--lock <kind>", "locking: s3 (lockfile, default) or dynamodb").choices(["s3", "dynamodb"]),
    )
    .option("--dynamodb-table <table>", "lock table, with --lock dynamodb")
    .option(
      "--kms-key-id <arn>",
      "KMS key for the state objects (without it Terraform requests SSE-S3); with a stateBackend whose key keyless creates: its key ARN, instead of looking it up in AWS",
    )
    .addHelpText(
      "after",
      examples([
        "keyless terraform files --profile dev-terraform --key env/dev/network/terraform.tfstate",
        "keyless terraform files --profile dev-terraform --key env/dev/network/terraform.tfstate --dir infra/network --dry-run",
        "keyless terraform files --profile dev-terraform-core --provider-profile dev-terraform-networking --key network.tfstate",
        "keyless terraform files --profile ci --key app.tfstate --bucket acme-tfstate --region eu-central-1",
        "keyless terraform files --profile ci --key app.tfstate --bucket acme-tfstate --region eu-central-1 \\",
        "    --lock dynamodb --dynamodb-table terraform-locks",
      ]),
    )
    .action(async (opts) => {
      const { runTerraformFiles, awsTerraformFilesDeps } = await import("../commands/terraform-files.ts");
      setExit(await runTerraformFiles(opts, io, deps ?? awsTerraformFilesDeps));
    });
}
