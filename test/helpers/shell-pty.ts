/**
 * An interactive shell (zsh, bash) on a pseudo-terminal, as a user has it: the test types keys and
 * waits for what the line editor draws. util-linux `script` provides the terminal, as in spawn-cli.ts.
 * Asynchronous, and killed by the caller (close()) so a hanging shell never keeps a test file open.
 */
import { type ChildProcess, spawn } from "node:child_process";

export interface ShellPty {
  child: ChildProcess;
  /** Everything the terminal showed so far (escape sequences included). */
  readonly output: string;
  write(text: string): void;
  /**
   * Resolves with the first match of `re` in the output after `from` (an offset into output), read
   * as the screen shows it: colour and cursor escape sequences are removed before matching.
   */
  waitFor(re: RegExp, from?: number, timeoutMs?: number): Promise<RegExpMatchArray>;
  close(): Promise<void>;
}

/** The text without CSI / OSC escape sequences (colours, cursor moves, bracketed-paste switches). */
export function plain(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escape sequences are what is removed
  return text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[=>]/g, "");
}

export function spawnShellPty(command: string, opts: { cwd: string; env: Record<string, string> }): ShellPty {
  const child = spawn("script", ["-qefc", command, "/dev/null"], {
    cwd: opts.cwd,
    env: { TERM: "xterm", COLUMNS: "120", LINES: "40", ...opts.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  let done = false;
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  child.stdout?.setEncoding("utf8").on("data", (d: string) => {
    output += d;
    notify();
  });
  child.stderr?.setEncoding("utf8").on("data", (d: string) => {
    output += d;
    notify();
  });
  const closed = new Promise<void>((resolve) =>
    child.on("close", () => {
      done = true;
      notify();
      resolve();
    }),
  );
  return {
    child,
    get output() {
      return output;
    },
    write: (text) => child.stdin?.write(text),
    waitFor(re, from = 0, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => fail(`timed out waiting for ${re}`), timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        const fail = (why: string) => {
          finish();
          reject(new Error(`${why}\n--- terminal ---\n${JSON.stringify(output.slice(from))}`));
        };
        const check = () => {
          const m = plain(output.slice(from)).match(re);
          if (m) {
            finish();
            resolve(m);
          } else if (done) fail(`the shell exited before showing ${re}`);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      if (!done) child.kill("SIGKILL");
      await closed;
    },
  };
}
