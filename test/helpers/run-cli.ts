/** Drives the whole CLI in-process with a recording IO, as a user would type the command. */
import type { CliIO } from "../../src/cli/io.ts";
import { main } from "../../src/cli/main.ts";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Questions asked on the (fake) terminal. */
  asked: string[];
}

export async function runCli(
  args: string[],
  opts: {
    cwd: string;
    tty?: boolean;
    answer?: string;
    /** Answers to successive questions, in order; after the last one, `answer` (or ""). */
    answers?: string[];
    env?: Record<string, string | undefined>;
  },
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const asked: string[] = [];
  const answers = [...(opts.answers ?? [])];
  const io: CliIO = {
    out: (t) => {
      stdout += t;
    },
    err: (t) => {
      stderr += t;
    },
    stdoutIsTTY: false,
    stdinIsTTY: opts.tty ?? false,
    env: { ...process.env, ...opts.env },
    cwd: opts.cwd,
    ask: async (q) => {
      asked.push(q);
      return answers.shift() ?? opts.answer ?? "";
    },
  };
  const code = await main(args, io);
  return { code, stdout, stderr, asked };
}
