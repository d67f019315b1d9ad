/** Declares `keyless audit`; the work is in src/commands/audit.ts. */
import type { Command } from "@commander-js/extra-typings";
import { KeylessError } from "../errors/keyless-error.ts";
import type { CliIO } from "./io.ts";

type SetExit = (code: number) => void;

export function registerAuditCommands(program: Command, io: CliIO, setExit: SetExit): void {
  const globals = () => program.opts() as { color?: boolean };
  program
    .command("audit")
    .description(
      "IAM Identity Center sign-ins, token creation and role-credential use from CloudTrail (last 90 days at most)",
    )
    .option("--since <when>", "start: an age (30m, 12h, 7d, 2w) or a UTC date/time (2026-11-01)", "7d")
    .option("--until <when>", "end, same forms as --since (default: now)")
    .option("--user <name>", "only this user (user name or identity-store user id)")
    .option("--account <id|name>", "only role credentials for this account (id, or name from keyless.yaml)")
    .option("--json", "print the events as a JSON array")
    .option("--csv", "print the events as CSV (RFC 4180, with a header)")
    .option(
      "-c, --config <file>",
      "keyless.yaml for the region and account names (default: ./keyless.yaml if present)",
    )
    .option("--region <region>", "IAM Identity Center region (default: keyless.yaml, then AWS_REGION)")
    .option(
      "--ci",
      "instead: AssumeRoleWithWebIdentity into keyless CI roles (repository, ref, run), in the account of the credentials and the jobs' region",
    )
    .option("--role <name>", "with --ci: only this CI role")
    .addHelpText(
      "after",
      [
        "",
        "Reads CloudTrail LookupEvents (cloudtrail:LookupEvents) for signin.amazonaws.com,",
        "sso-oauth.amazonaws.com and sso.amazonaws.com, at most 2 requests per second, and resolves user ids",
        "to names with identitystore:DescribeUser. Progress goes to stderr (not with --json / --csv).",
        "",
        "Exit codes: 0 done, 1 some events could not be read or a lookup stopped partway (the rest is",
        "still printed), 64 bad flags, 67 no AWS credentials.",
        "",
        "Examples:",
        "  keyless audit                                  # the last 7 days",
        "  keyless audit --since 30d --user alice",
        "  keyless audit --account prod --since 2026-11-01 --until 2026-11-08",
        "  keyless audit --region eu-central-1 --json | jq '.[] | select(.outcome == \"failure\")'",
        "  keyless audit --since 90d --csv > identity-center-audit.csv",
        "  AWS_PROFILE=prod-audit keyless audit --ci --since 30d        # CI role use in that account",
        "  keyless audit --ci --role terraform-apply --region eu-central-1 --json",
        "",
      ].join("\n"),
    )
    .action(async (opts) => {
      if (opts.ci) {
        setExit(await (await import("../commands/audit-ci.ts")).runAuditCi({ ...opts, ...globals() }, io));
        return;
      }
      if (opts.role !== undefined)
        throw new KeylessError("USAGE", "--role filters CI roles: use it with --ci");
      setExit(await (await import("../commands/audit.ts")).runAudit({ ...opts, ...globals() }, io));
    });
}
