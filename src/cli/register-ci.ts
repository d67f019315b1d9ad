/** Declares `keyless ci ...`; the work is in src/commands/ci-*.ts. */
import { type Command, Option } from "@commander-js/extra-typings";
import type { CliIO } from "./io.ts";

type SetExit = (code: number) => void;

export function registerCiCommands(program: Command, io: CliIO, setExit: SetExit): void {
  const ci = program
    .command("ci")
    .description("CI without access keys: OIDC roles declared in keyless.yaml (ci:)");

  ci.command("workflow")
    .description(
      "write a GitHub Actions workflow (or GitLab CI jobs) that runs Terraform with a CI role from keyless.yaml (no AWS call)",
    )
    .requiredOption(
      "--role <name>",
      "the CI role (ci.roles) of the default-branch job: plans, and applies if the role can",
    )
    .option(
      "--plan-role <name>",
      "read-only role for pull / merge requests (default: one that admits them, if declared)",
    )
    .option("--account <name|id>", "target account (default: the role's only account)")
    .option("--dir <dir>", "the Terraform directory, relative to the repository root", ".")
    .option(
      "--out <path>",
      "the file to write (default: .github/workflows/terraform[-DIR].yml, or the role's workflows entry; GitLab: .gitlab/ci/terraform[-DIR].gitlab-ci.yml)",
    )
    .option(
      "--region <region>",
      "aws-region of the job (default: stateBackend.region, then identityCenter.region)",
    )
    .option(
      "--branch <name>",
      "default branch that applies (default: the role's first branch without a wildcard, else main)",
    )
    .option(
      "--environment <name>",
      "GitHub environment of the apply job (default: the role's first environment)",
    )
    .option("--gitlab", "expect GitLab CI (the role's provider decides; refuses a GitHub role)")
    .option(
      "--key <key>",
      "also write backend.tf and provider.tf for CI (no profile) in --dir, for this state key",
    )
    .option(
      "--kms-key-id <arn>",
      "with --key and a state key keyless creates: its key ARN (no AWS look-up is made)",
    )
    .option("--terraform-version <version>", "Terraform the jobs install (>= 1.10, for the S3 lockfile)")
    .option("--print", "print the files instead of writing them")
    .option("--json", "print the result (files, roles, notes) as JSON")
    .option("--force", "replace files that exist with different content")
    .addOption(new Option("-c, --config <file>", "path to keyless.yaml").env("KEYLESS_CONFIG"))
    .addHelpText(
      "after",
      [
        "",
        "The workflow assumes the role with aws-actions/configure-aws-credentials (GitHub: id-token: write)",
        "or GitLab id_tokens + AWS_WEB_IDENTITY_TOKEN_FILE; it plans pull / merge requests with a read-only",
        "role when one admits them, and on the default branch plans and applies behind the role's GitHub",
        "environment. A file with other content is not replaced without --force; nothing is written then.",
        "",
        "Exit codes: 0 written (or printed), 1 a file exists with other content, 64 bad input (unknown role,",
        "an account the role is not in, a branch or environment the role does not admit), 65 invalid keyless.yaml.",
        "",
        "Examples:",
        "  keyless ci workflow --role terraform-apply --account prod --dir infra",
        "  keyless ci workflow --role terraform-apply --account prod --dir infra --key prod/infra.tfstate \\",
        "      --kms-key-id arn:aws:kms:eu-central-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "  keyless ci workflow --role gitlab-apply --gitlab --dir infra --print",
        "  keyless ci workflow --role terraform-apply --account dev --plan-role terraform-plan --json",
        "",
      ].join("\n"),
    )
    .action(async (opts) =>
      setExit(await (await import("../commands/ci-workflow.ts")).runCiWorkflow(opts, io)),
    );
}
