/**
 * The developer commands (configure, profiles, login, logout, whoami, exec, env, console, credentials): their flags
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
const SIGN_IN_OPTION = "--no-sign-in";
const SIGN_IN_HELP =
  "never sign in by itself (by default, on a terminal, an SSO session that needs a new sign-in gets one, as `keyless login`)";

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
    .option(SIGN_IN_OPTION, SIGN_IN_HELP)
    .addHelpText(
      "after",
      examples([
        "keyless whoami --profile terraform-dev",
        "AWS_PROFILE=terraform-dev keyless whoami --json",
        "keyless whoami --profile terraform-dev --no-sign-in   # fail (67) rather than sign in",
        "",
        "On a terminal, an SSO session that needs a new sign-in gets one first (browser, or device code",
        "without a display); off a terminal keyless exits 67 instead.",
        "Exit codes: 0 ok, 64 unknown profile, 67 not signed in (run keyless login).",
      ]),
    )
    .action(async (opts) => setExit(await (await import("../commands/whoami.ts")).runWhoami(opts, io)));

  program
    .command("exec")
    .description(
      "run a command (or, without one, your shell) with fresh role credentials of a profile in its environment",
    )
    .argument("<profile>", "the SSO profile")
    .argument("[command...]", "the command and its arguments, after -- (none: start $SHELL)")
    .option(
      "--min-remaining <duration>",
      "refuse to start unless the role credentials, and the SSO sign-in (token or its refresh), last this long (default KEYLESS_MIN_REMAINING, else 30m)",
    )
    .option(SIGN_IN_OPTION, SIGN_IN_HELP)
    .addHelpText(
      "after",
      examples([
        "keyless exec terraform-dev -- terraform plan",
        "keyless exec terraform-dev --min-remaining 2h -- terraform apply",
        "keyless exec terraform-dev -- aws sts get-caller-identity",
        "keyless exec terraform-dev          # a shell ($SHELL, else /bin/sh) with the credentials; `exit` leaves it",
        "",
        "Sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION,",
        "AWS_REGION, AWS_DEFAULT_REGION and KEYLESS_PROFILE, and removes AWS_PROFILE. A shell is not started",
        "inside another keyless shell (KEYLESS_PROFILE set): exit that one first.",
        "On a terminal, an SSO session that needs a new sign-in gets one first (--no-sign-in: exit 67 instead).",
        "Exit codes: the command's own; 128+N when it is killed by signal N; 127 command not found;",
        "75 the credentials or sign-in would not last --min-remaining (the command was not started); 64 bad input",
        "or a shell inside a keyless shell; 67 not signed in (run keyless login).",
      ]),
    )
    .action(async (profile, command, opts) =>
      setExit(
        await (await import("../commands/exec.ts")).runExec(
          { profile, command, minRemaining: opts.minRemaining, signIn: opts.signIn },
          io,
        ),
      ),
    );

  program
    .command("env")
    .description(
      "print a profile's role credentials and region as shell exports, for eval (prints secrets, by design)",
    )
    .argument("<profile>", "the SSO profile")
    .addOption(
      new Option("--format <format>", "sh (bash, zsh), fish, powershell, dotenv or json (credential_process)")
        .choices(["sh", "fish", "powershell", "dotenv", "json"] as const)
        .default("sh" as const),
    )
    .option("--force", "print even when stdout is a terminal (the secrets then show on the screen)")
    .option(SIGN_IN_OPTION, SIGN_IN_HELP)
    .addHelpText(
      "after",
      examples([
        'eval "$(keyless env terraform-dev)"                          # bash, zsh, sh',
        "keyless env terraform-dev --format fish | source             # fish",
        "keyless env terraform-dev --format powershell | Invoke-Expression",
        "keyless env terraform-dev --format dotenv > .env             # for docker --env-file",
        "",
        "The output holds the secret access key and session token: that is its purpose. When stdout is a",
        "terminal keyless refuses (exit 64) unless --force, so they do not end up on the screen by accident.",
        "Sets what `keyless exec` sets (without KEYLESS_PROFILE) and unsets AWS_PROFILE, AWS_DEFAULT_PROFILE",
        "and AWS_SECURITY_TOKEN (not in dotenv). json is the credential_process document.",
        "Exit codes: 0 ok, 64 bad input or stdout a terminal without --force, 67 not signed in.",
      ]),
    )
    .action(async (profile, opts) =>
      setExit(
        await (await import("../commands/env.ts")).runEnv(
          { profile, format: opts.format, force: opts.force, signIn: opts.signIn },
          io,
        ),
      ),
    );

  program
    .command("console")
    .description("open the AWS console in your browser, signed in as a profile's role")
    .argument("[profile]", "the SSO profile (default AWS_PROFILE, or the only keyless profile)")
    .option("--print", "print the sign-in URL instead of opening it (it signs in as the role for 15 minutes)")
    .option("--service <name>", "land on this service's page, e.g. s3, ec2, iam, cloudwatch")
    .option("--region <region>", "the console's region (default: the profile's)")
    .option("--browser <command>", "open the URL with this command (the URL is its last argument)")
    .option(SIGN_IN_OPTION, SIGN_IN_HELP)
    .addHelpText(
      "after",
      examples([
        "keyless console terraform-dev",
        "keyless console terraform-dev --service s3 --region eu-west-1",
        'keyless console terraform-dev --browser "firefox --private-window"',
        "keyless console terraform-dev --print | pbcopy                # the URL only, nothing opened",
        "",
        "The URL carries a sign-in token that is as powerful as the role for 15 minutes; keyless prints",
        "it only with --print. KEYLESS_FEDERATION_ENDPOINT replaces AWS's federation endpoint (tests,",
        "air-gapped mirrors; https, or http to loopback only).",
        "Exit codes: 0 opened (or printed), 1 the federation endpoint failed, 64 bad input, unknown profile",
        "or no browser could be started, 67 not signed in (run keyless login).",
      ]),
    )
    .action(async (profile, opts) =>
      setExit(
        await (await import("../commands/console.ts")).runConsole(
          {
            profile,
            print: opts.print,
            service: opts.service,
            region: opts.region,
            browser: opts.browser,
            signIn: opts.signIn,
          },
          io,
        ),
      ),
    );

  program
    .command("credentials")
    .description("print credential_process JSON for a profile (prints secrets, by design)")
    .argument("<profile>", "the SSO profile")
    .option(
      "--sign-in",
      "when the SSO session needs a new sign-in, run it (browser, or device code on stderr) instead of failing",
    )
    .addHelpText(
      "after",
      examples([
        "keyless credentials terraform-dev",
        "# in ~/.aws/config, for tools that do not read SSO profiles:",
        "#   [profile legacy-tool]",
        "#   credential_process = keyless credentials terraform-dev --sign-in",
        "",
        "Without --sign-in it never signs in by itself; it never reads stdin. With --sign-in, the sign-in",
        "messages go to stderr, which some tools hide: the browser flow suits it, the device code less so.",
        "Exit codes: 0 ok, 64 unknown profile, 67 not signed in (run keyless login).",
      ]),
    )
    .action(async (profile, opts) =>
      setExit(
        await (await import("../commands/credentials.ts")).runCredentials(
          { profile, signIn: opts.signIn },
          io,
        ),
      ),
    );
}
