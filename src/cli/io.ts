/**
 * Everything a command touches outside itself: output streams, terminal detection, environment,
 * working directory and the confirmation prompt. Injected so tests drive the whole CLI in-process.
 */
import { createInterface } from "node:readline/promises";

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal (colour, progress). */
  stdoutIsTTY: boolean;
  /** True when stdin is a terminal: only then may keyless ask a question. */
  stdinIsTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Asks a question on the terminal and returns the answer. Only called when stdinIsTTY. */
  ask(question: string): Promise<string>;
}

export function processIO(): CliIO {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    env: process.env,
    cwd: process.cwd(),
    async ask(question) {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  };
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(io: CliIO, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0") return true;
  return io.stdoutIsTTY;
}
