/**
 * Runs the built CLI (`bin/keyless.js`, or an installed package's bin) as a user does: a child process
 * from a directory outside the repository, with its own HOME and only the environment the test gives.
 *
 * Always asynchronous: the stand-ins a test talks to run in the test's own event loop, so a blocking
 * spawnSync would starve them. `tty: true` runs the child on a pseudo-terminal (util-linux `script`), so
 * stdin and stdout are terminals as they are for a user at a shell; the terminal merges stdout and
 * stderr and echoes what the test types, exactly as a user would see it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The repository's launcher (built into dist/ by scripts/run-tests.mjs before any test runs). */
export const KEYLESS_BIN = resolve("bin/keyless.js");

export interface SpawnOptions {
  /** Working directory (should be outside the repository). */
  cwd: string;
  /** The whole environment apart from PATH (always passed). Give HOME here. */
  env?: Record<string, string | undefined>;
  /** Run on a pseudo-terminal. */
  tty?: boolean;
  /** Another launcher, e.g. an installed package's `bin/keyless`. Default KEYLESS_BIN. */
  bin?: string;
  /** Text written to stdin at start (off a terminal stdin is then closed). Default: "" (closed). */
  input?: string;
}

export interface Exit {
  /** Exit code, or null when killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SpawnedCli {
  child: ChildProcess;
  /** Everything printed so far (on a pseudo-terminal: stdout and stderr together). */
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves with the first match of `re` in stdout+stderr; rejects if the child exits first or on timeout. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Types into the child's stdin (on a pseudo-terminal: as keystrokes). */
  write(text: string): void;
  /** Closes stdin (end of input). */
  end(): void;
  kill(signal?: NodeJS.Signals): void;
  /** Resolves when the child has exited and its output is complete. */
  exited: Promise<Exit>;
}

const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

export function spawnKeyless(args: string[], opts: SpawnOptions): SpawnedCli {
  const bin = opts.bin ?? KEYLESS_BIN;
  const env: Record<string, string> = { PATH: process.env.PATH ?? "" };
  for (const [k, v] of Object.entries(opts.env ?? {})) if (v !== undefined) env[k] = v;
  let child: ChildProcess;
  if (opts.tty) {
    // `script` gives the command a pseudo-terminal: -q quiet, -e exit with the child's status,
    // -f flush output at once; /dev/null keeps no typescript file. `exec` replaces script's shell with
    // keyless, so a Ctrl-C typed on the terminal reaches keyless alone and its own exit status is seen.
    const command = `exec ${[process.execPath, bin, ...args].map(shellQuote).join(" ")}`;
    child = spawn("script", ["-qefc", command, "/dev/null"], {
      cwd: opts.cwd,
      env: { TERM: "xterm", COLUMNS: "120", LINES: "40", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
  } else {
    child = spawn(process.execPath, [bin, ...args], {
      cwd: opts.cwd,
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
  }
  let stdout = "";
  let stderr = "";
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  child.stdout?.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
    notify();
  });
  child.stderr?.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
    notify();
  });
  let done = false;
  const exited = new Promise<Exit>((resolveExit, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      done = true;
      notify();
      resolveExit({ code, signal, stdout, stderr });
    });
  });
  if (opts.input !== undefined && opts.input !== "") child.stdin?.write(opts.input);
  if (!opts.tty) child.stdin?.end();

  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    waitFor(re, timeoutMs = 30_000) {
      return new Promise((resolveMatch, reject) => {
        const check = () => {
          const m = (stdout + stderr).match(re);
          if (m) {
            finish();
            resolveMatch(m);
          } else if (done) {
            finish();
            reject(
              new Error(
                `keyless exited before printing ${re}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`,
              ),
            );
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(
            new Error(`timed out waiting for ${re}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`),
          );
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    write(text) {
      child.stdin?.write(text);
    },
    end() {
      child.stdin?.end();
    },
    kill(signal = "SIGTERM") {
      child.kill(signal);
    },
    exited,
  };
}

/** Runs the CLI to its end and returns its exit and output. Kills it after `timeoutMs` (default 60 s). */
export async function runKeyless(args: string[], opts: SpawnOptions & { timeoutMs?: number }): Promise<Exit> {
  const cli = spawnKeyless(args, opts);
  const timer = setTimeout(() => cli.kill("SIGKILL"), opts.timeoutMs ?? 60_000);
  try {
    if (opts.tty) cli.end();
    return await cli.exited;
  } finally {
    clearTimeout(timer);
  }
}

export interface UserDirs {
  /** A fresh HOME, outside the repository. */
  home: string;
  /** A working directory inside it (where the user runs keyless). */
  work: string;
  /** Removes both. */
  remove(): void;
}

/** A throw-away HOME with a working directory, as a new user's machine. */
export function userDirs(prefix = "keyless-user-"): UserDirs {
  const home = mkdtempSync(join(tmpdir(), prefix));
  const work = join(home, "work");
  mkdirSync(work);
  return { home, work, remove: () => rmSync(home, { recursive: true, force: true }) };
}
