/**
 * Runs `keyless terraform ...` in-process as main.ts does (commander with exitOverride, errors
 * rendered with their hint and exit code), with only registerTerraformCommands registered, so these
 * tests do not depend on the lead wiring the command into register.ts.
 */
import { Command, CommanderError } from "@commander-js/extra-typings";
import type { CliIO } from "../../../src/cli/io.ts";
import { registerTerraformCommands } from "../../../src/cli/register-terraform.ts";
import type { TerraformFilesDeps } from "../../../src/commands/terraform-files.ts";
import { EXIT, KeylessError } from "../../../src/errors/keyless-error.ts";
import { renderError } from "../../../src/render/error.ts";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runTerraformCli(
  args: string[],
  opts: { cwd: string; env?: Record<string, string | undefined>; deps?: TerraformFilesDeps },
): Promise<Run> {
  let stdout = "";
  let stderr = "";
  let code: number = EXIT.OK;
  const io: CliIO = {
    out: (t) => {
      stdout += t;
    },
    err: (t) => {
      stderr += t;
    },
    stdoutIsTTY: false,
    stdinIsTTY: false,
    // HOME defaults to the test's directory, so ~/.aws/config is never the machine's own.
    env: { HOME: opts.cwd, ...opts.env },
    cwd: opts.cwd,
    ask: async () => "",
  };
  const program = new Command()
    .name("keyless")
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  registerTerraformCommands(
    program,
    io,
    (c) => {
      code = c;
    },
    opts.deps,
  );
  try {
    await program.parseAsync(args, { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) code = err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    else {
      stderr += `${renderError(err, { color: false, debug: false })}\n`;
      code = err instanceof KeylessError ? err.exitCode : EXIT.ERROR;
    }
  }
  return { code, stdout, stderr };
}
