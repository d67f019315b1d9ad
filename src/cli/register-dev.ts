/**
 * The developer commands (configure, profiles, login, logout, whoami, exec, credentials): their flags
 * and --help examples. The work is in src/commands/; shared profile → session logic in
 * src/app/developer-session.ts. See docs/developer.md.
 */
import { type Command, Option } from "@commander-js/extra-typings";
import type { CliIO } from "./io.ts";

type SetExit = (code: number) => void;

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  ${l}`).join("\n")}\n`;
}

const URL_EXAMPLE = "https://d-1234567890.awsapps.com/start";

export function registerDeveloperCommands(program: Command, io: CliIO, setExit: SetExit): void {
  program
    .command("configure")
    .description(
      "write ~/.aws/config SSO profiles for the accounts and roles you may use (signs in if needed)",
    )
    .option("--start-url <url>", "your AWS access portal URL")
    .option("--region <region>", "the region of IAM Identity Center (sso_region)")
    .option("--session-name <name>", "the [sso-session] name (default: the start URL's first host label)")
    .option(
      "--from <file>",
      "install a profile set written by `keyless profiles` instead of asking the portal",
    )
    .option("--all", "every account and role you may use (no prompt)")
    .option("--account <id-or-name...>", "only these accounts (no prompt; repeatable)")
    .option("--role <role...>", "only these roles (no prompt; repeatable)")
    .option(
      "--profile-name <template>",
      "profile name template: {account} {accountId} {role} {session} (default {account}-{role})",
    )
    .option("--default-region <region>", "the profiles' region (default: the SSO region)")
    .option("--output <format>", "the profiles' AWS CLI output format (default json)")
    .option("--use-device-code", "sign in with the device code flow (for SSH and containers)")
    .option("--no-browser", "print the sign-in URL, do not open a browser")
    .option("--prune", "remove profiles keyless wrote earlier for this session that are no longer offered")
    .option("--dry-run", "print the change to the config file, write nothing")
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      examples([
        `keyless configure --start-url ${URL_EXAMPLE} --region eu-central-1   # pick on the terminal`,
        `keyless configure --start-url ${URL_EXAMPLE} --region eu-central-1 --all --profile-name terraform-{account}`,
        `keyless configure --start-url ${URL_EXAMPLE} --region eu-central-1 --account dev --role terraform-core`,
        `keyless configure --start-url ${URL_EXAMPLE} --region eu-central-1 --all --prune --dry-run`,
        "keyless configure --from profiles.json          # a profile set from your platform team",
        "",
        "The picker (on a terminal, without --all/--account/--role): type words to filter (every word must",
        "match account name, id or role; Enter adds them to the filter, later words narrow it; Esc clears),",
        "Tab or Space selects, Right or Ctrl-A selects all matching, Left deselects them, Up/Down/PgUp/PgDn",
        "move, Enter finishes; row numbers (1,3-5) or all then Enter choose directly.",
        "",
        "Exit codes: 0 written (or nothing to change), 1 some profile not written (name taken) or the",
        "picker cancelled (Enter with nothing chosen, Ctrl-C), 64 bad input or no selection off a terminal,",
        "65 ~/.aws/config cannot be edited safely, 67 sign-in failed.",
      ]),
    )
    .action(async (opts) => setExit(await (await import("../commands/configure.ts")).runConfigure(opts, io)));

  program
    .command("profiles")
    .description(
      "write the profile set engineers install with `keyless configure --from` (offline, from keyless.yaml)",
    )
    .addOption(
      new Option("-c, --config <file>", "path to keyless.yaml").env("KEYLESS_CONFIG").default("keyless.yaml"),
    )
    .option("--start-url <url>", "the AWS access portal URL (also KEYLESS_START_URL)")
    .option("--session-name <name>", "the [sso-session] name (default: the start URL's first host label)")
    .option("--profile-name <template>", "profile name template (default {account}-{role})")
    .option("--default-region <region>", "the profiles' region (default: engineers' SSO region)")
    .option("--out <file>", "write to FILE (.json, or .yaml/.yml for YAML) instead of stdout")
    .addHelpText(
      "after",
      examples([
        `keyless profiles --start-url ${URL_EXAMPLE} --out profiles.json`,
        `keyless profiles --start-url ${URL_EXAMPLE} --profile-name terraform-{account} --out profiles.yaml`,
      ]),
    )
    .action(async (opts) => setExit(await (await import("../commands/profiles.ts")).runProfiles(opts, io)));

  program
    .command("login")
    .description("sign in to an SSO session (reuses or refreshes the cached token when it can)")
    .option("--profile <profile>", "the profile whose sso-session to sign in to (default AWS_PROFILE)")
    .option("--session <name>", "the sso-session to sign in to")
    .option("--use-device-code", "use the device code flow (for SSH and containers)")
    .option("--no-browser", "print the sign-in URL, do not open a browser")
    .option("--force", "sign in again even if the cached token is valid")
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      examples([
        "keyless login                     # the only keyless session, or AWS_PROFILE's",
        "keyless login --profile terraform-dev",
        "keyless login --session d-1234567890 --use-device-code --no-browser   # over SSH",
        "",
        "Exit codes: 0 signed in, 1 access denied, 64 no such profile or session, 65 bad ~/.aws/config,",
        "67 sign-in failed or expired.",
      ]),
    )
    .action(async (opts) => setExit(await (await import("../commands/login.ts")).runLogin(opts, io)));

  program
    .command("logout")
    .description("sign out of an SSO session at the portal and delete its cached token")
    .option("--profile <profile>", "the profile whose sso-session to sign out of (default AWS_PROFILE)")
    .option("--session <name>", "the sso-session to sign out of")
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      examples([
        "keyless logout",
        "keyless logout --session d-1234567890",
        "",
        "Exit codes: 0 signed out, 1 the portal could not be reached (the cache is deleted anyway).",
      ]),
    )
    .action(async (opts) => setExit(await (await import("../commands/logout.ts")).runLogout(opts, io)));

  program
    .command("whoami")
    .description(
      "show the account, role and user of a profile, and how long its session and credentials last",
    )
    .option("--profile <profile>", "the profile (default AWS_PROFILE, or the only keyless profile)")
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      examples([
        "keyless whoami --profile terraform-dev",
        "AWS_PROFILE=terraform-dev keyless whoami --json",
        "",
        "Exit codes: 0 ok, 64 unknown profile, 67 not signed in (run keyless login).",
      ]),
    )
    .action(async (opts) => setExit(await (await import("../commands/whoami.ts")).runWhoami(opts, io)));

  program
    .command("exec")
    .description("run a command with fresh role credentials of a profile in its environment")
    .argument("<profile>", "the SSO profile")
    .argument("[command...]", "the command and its arguments, after --")
    .option(
      "--min-remaining <duration>",
      "refuse to start unless the role credentials, and the SSO sign-in (token or its refresh), last this long (default KEYLESS_MIN_REMAINING, else 30m)",
    )
    .addHelpText(
      "after",
      examples([
        "keyless exec terraform-dev -- terraform plan",
        "keyless exec terraform-dev --min-remaining 2h -- terraform apply",
        "keyless exec terraform-dev -- aws sts get-caller-identity",
        "",
        "Sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION,",
        "AWS_REGION and AWS_DEFAULT_REGION, and removes AWS_PROFILE.",
        "Exit codes: the command's own; 128+N when it is killed by signal N; 127 command not found;",
        "75 the credentials or sign-in would not last --min-remaining (the command was not started); 64 bad input;",
        "67 not signed in (run keyless login).",
      ]),
    )
    .action(async (profile, command, opts) =>
      setExit(
        await (await import("../commands/exec.ts")).runExec(
          { profile, command, minRemaining: opts.minRemaining },
          io,
        ),
      ),
    );

  program
    .command("credentials")
    .description("print credential_process JSON for a profile (the only command that prints secrets)")
    .argument("<profile>", "the SSO profile")
    .addHelpText(
      "after",
      examples([
        "keyless credentials terraform-dev",
        "# in ~/.aws/config, for tools that do not read SSO profiles:",
        "#   [profile legacy-tool]",
        "#   credential_process = keyless credentials terraform-dev",
        "",
        "Exit codes: 0 ok, 64 unknown profile, 67 not signed in (run keyless login).",
      ]),
    )
    .action(async (profile) =>
      setExit(await (await import("../commands/credentials.ts")).runCredentials({ profile }, io)),
    );
}
