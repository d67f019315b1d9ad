/**
 * Everything a command touches outside itself: output streams, terminal detection, environment,
 * working directory and the confirmation prompt. Injected so tests drive the whole CLI in-process.
 */
import { fstatSync } from "node:fs";
import { createInterface } from "node:readline";
import { KeylessError } from "../errors/keyless-error.ts";
import { processTerminal, type RawTerminal } from "./raw-terminal.ts";

export interface AskOptions {
  /**
   * The stream whose text the question follows. "out": the question belongs after what was printed
   * with out() (apply's plan), so it is printed on stdout when stdout is a terminal or a pipe
   * (`keyless apply | tee log`): in the same stream it cannot overtake the plan. Default "err".
   */
  after?: "out" | "err";
}

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal (colour, progress). */
  stdoutIsTTY: boolean;
  /** True when stderr is a terminal: progress is one line redrawn in place. Absent: not a terminal. */
  stderrIsTTY?: boolean;
  /** True when stdin is a terminal: only then may keyless ask a question. */
  stdinIsTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  /**
   * Asks a question on the terminal and returns the answer. Only called when stdinIsTTY. Waits until
   * everything written before has left the process, so the question comes last. Rejects with
   * PromptCancelled on Ctrl-C or the end of input.
   */
  ask(question: string, options?: AskOptions): Promise<string>;
  /**
   * Resolves once everything written with out() and err() has been handed to the operating system.
   * Optional: an in-memory IO has nothing to wait for.
   */
  flush?(): Promise<void>;
  /**
   * Keystrokes one by one, for full-screen prompts (configure's picker). Present only when stdin and
   * stderr are terminals; without it prompts read whole lines with ask().
   */
  terminal?: RawTerminal;
}

/** No answer came: Ctrl-C or the end of input (Ctrl-D) at a prompt. Exit 1, no hint. */
export class PromptCancelled extends KeylessError {
  constructor(how: "Ctrl+C" | "end of input") {
    super("CANCELLED", `Cancelled (${how}). Nothing was changed.`);
    this.name = "PromptCancelled";
  }
}

export function processIO(): CliIO {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    env: process.env,
    cwd: process.cwd(),
    flush: flushStdio,
    terminal: processTerminal(process.env),
    async ask(question, options = {}) {
      await flushStdio();
      const output =
        options.after === "out" && showsLive(process.stdout, 1) ? process.stdout : process.stderr;
      return readAnswer(question, output);
    },
  };
}

async function flushStdio(): Promise<void> {
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
}

/**
 * Resolves when the stream has handed every earlier write to the OS: writes to a full pipe are queued
 * inside Node (and terminal writes are asynchronous on Windows), so a question on the other stream
 * could otherwise overtake them. An empty write completes after every earlier one.
 */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.writableLength === 0 || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => stream.write("", () => resolve()));
}

/**
 * True when someone reads the stream as it is written: a terminal, or a pipe or socket (`| tee`,
 * `| cat`). A question sent into a file or /dev/null would never be seen, so it goes to stderr.
 */
function showsLive(stream: NodeJS.WriteStream, fd: number): boolean {
  if (stream.isTTY) return true;
  try {
    const st = fstatSync(fd);
    return st.isFIFO() || st.isSocket();
  } catch {
    return false;
  }
}

/**
 * Prints the question and reads one line from stdin. readline's terminal mode is off on purpose: it
 * redraws (and so erases) the current line, which it did not write when the question came through a
 * pipe; in the terminal's own line mode the typed answer is echoed by the terminal and Ctrl-C
 * arrives as SIGINT, handled here so it cancels the question instead of killing keyless silently.
 */
function readAnswer(question: string, output: NodeJS.WriteStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: process.stdin, terminal: false });
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      process.off("SIGINT", onInterrupt);
      rl.close();
      settle();
    };
    const onInterrupt = () =>
      finish(() => {
        // The terminal shows "^C" after the question; the message belongs on a line of its own.
        process.stderr.write("\n");
        reject(new PromptCancelled("Ctrl+C"));
      });
    process.on("SIGINT", onInterrupt);
    rl.once("line", (line) =>
      finish(() => {
        // Through a pipe the typed answer is not in the stream: end the question's line there.
        if (!output.isTTY) output.write("\n");
        resolve(line);
      }),
    );
    rl.once("close", () =>
      finish(() => {
        process.stderr.write("\n");
        reject(new PromptCancelled("end of input"));
      }),
    );
    output.write(question);
  });
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(io: CliIO, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0") return true;
  return io.stdoutIsTTY;
}
