/**
 * The CLI entry: wires commands, maps every error to a message + hint and a documented exit
 * code. Commands return their exit code; nothing here prints an error and exits 0.
 */
import { Command, CommanderError } from "@commander-js/extra-typings";
import { EXIT, KeylessError } from "../errors/keyless-error.ts";
import { renderError } from "../render/error.ts";
import { normaliseArgv } from "./argv.ts";
import { type CliIO, processIO, useColor } from "./io.ts";
import { registerCommands } from "./register.ts";

export const VERSION = "0.1.0";

/** The whole command tree, as `keyless` parses it (also what completion reads). */
export function createProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command()
    .name("keyless")
    .description(
      "Terraform on AWS without access keys: IAM Identity Center, SSO profiles and a hardened state backend.",
    )
    .version(VERSION, "-V, --version")
    .option("--no-color", "never colour output (also: NO_COLOR=1)")
    .option("--debug", "print stack traces and AWS error details")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
    });
  registerCommands(program, io, setExit);
  return program;
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  let exitCode: number = EXIT.OK;
  const program = createProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(normaliseArgv(argv), { from: "user" });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through exitOverride with code 0.
      if (err.exitCode === 0) return EXIT.OK;
      return EXIT.USAGE;
    }
    const opts = program.opts() as { color?: boolean; debug?: boolean };
    io.err(
      `${renderError(err, { color: useColor(io, opts.color) && !io.env.CI, debug: Boolean(opts.debug) })}\n`,
    );
    return err instanceof KeylessError ? err.exitCode : EXIT.ERROR;
  }
}
