/** Runs `keyless audit ARGS` through the real entry point, main(), with a recording IO. */
import type { CliIO } from "../../../src/cli/io.ts";
import { main } from "../../../src/cli/main.ts";

export interface AuditRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runAuditCli(
  args: string[],
  opts: { cwd: string; env?: Record<string, string> },
): Promise<AuditRun> {
  const run: AuditRun = { code: 0, stdout: "", stderr: "" };
  const io: CliIO = {
    out: (t) => {
      run.stdout += t;
    },
    err: (t) => {
      run.stderr += t;
    },
    stdoutIsTTY: false,
    stdinIsTTY: false,
    env: { ...process.env, ...opts.env },
    cwd: opts.cwd,
    ask: async () => "",
  };
  run.code = await main(["audit", ...args], io);
  return run;
}
