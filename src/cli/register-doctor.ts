/** `keyless doctor`: its flags and --help examples. The work is in src/commands/doctor.ts. */
import type { Command } from "@commander-js/extra-typings";
import type { CliIO } from "./io.ts";

type SetExit = (code: number) => void;

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  ${l}`).join("\n")}\n`;
}

export function registerDoctorCommands(program: Command, io: CliIO, setExit: SetExit): void {
  program
    .command("doctor")
    .description(
      "check this machine's keyless set-up: no static keys, SSO profile and session, role credentials, tool versions, clock, state backend",
    )
    .option(
      "--profile <profile>",
      "the profile to check (default AWS_PROFILE, else the one in the directory's backend/provider)",
    )
    .option("--dir <dir>", "the Terraform directory whose backend to check (default: the current directory)")
    .option("--json", "print every result as JSON")
    .addHelpText(
      "after",
      examples([
        "keyless doctor                               # in your Terraform directory",
        "keyless doctor --profile dev-terraform --dir infra/network",
        "keyless doctor --json | jq '.checks[] | select(.status == \"fail\")'",
        "",
        "Each check says pass, warn, fail or skip (not configured) with a hint.",
        "Exit codes: 0 nothing failed (warnings allowed), 1 some check failed or could not complete.",
      ]),
    )
    .action(async (opts, cmd) => {
      const color = (cmd.optsWithGlobals() as { color?: boolean }).color;
      setExit(await (await import("../commands/doctor.ts")).runDoctor({ ...opts, color }, io));
    });
}
