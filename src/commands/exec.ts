/**
 * `keyless exec PROFILE -- CMD ARGS...`: run a command with fresh role credentials and the profile's
 * region in its environment. AWS_PROFILE is removed so the child does not resolve the profile again.
 * Before starting, keyless refuses (exit 75) when the SSO token or the role credentials have less than
 * --min-remaining left, so a `terraform apply` cannot lose its credentials half way and leave the
 * state locked. The child's exit code is passed through; killed by signal N, keyless exits 128+N.
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { profileCredentials } from "../app/developer-session.ts";
import type { CliIO } from "../cli/io.ts";
import { EXIT, KeylessError } from "../errors/keyless-error.ts";
import { TOKEN_REFRESH_WINDOW_MS } from "../local/sso/index.ts";
import { formatRemaining, isoSeconds, parseDuration } from "./developer/time.ts";

export interface ExecOptions {
  profile: string;
  command: string[];
  /** Default: KEYLESS_MIN_REMAINING, else 30m. */
  minRemaining?: string | undefined;
}

export const DEFAULT_MIN_REMAINING = "30m";

/** Variables that would make the child use other credentials or re-resolve a profile. */
const REMOVED = [
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_SECURITY_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION",
];

function tooShort(what: string, leftMs: number, minText: string): KeylessError {
  return new KeylessError(
    "SESSION_TOO_SHORT",
    `${what} ${formatRemaining(leftMs)} left, less than the ${minText} --min-remaining; the command was not started`,
    {
      hint: "Run `keyless login --force` for a fresh session, then run the command again (or lower --min-remaining / KEYLESS_MIN_REMAINING).",
    },
  );
}

export async function runExec(opts: ExecOptions, io: CliIO): Promise<number> {
  const [cmd, ...args] = opts.command;
  if (!cmd) {
    throw new KeylessError("USAGE", "no command given to run", {
      hint: "keyless exec PROFILE -- terraform plan",
    });
  }
  const fromFlag = opts.minRemaining !== undefined;
  const minText = opts.minRemaining ?? io.env.KEYLESS_MIN_REMAINING ?? DEFAULT_MIN_REMAINING;
  const minMs = parseDuration(minText, fromFlag ? "--min-remaining" : "KEYLESS_MIN_REMAINING");

  const pc = await profileCredentials(io, opts.profile, {
    // A token that would not last is refreshed first (when it can be) rather than refused.
    refreshWindowMs: Math.max(TOKEN_REFRESH_WINDOW_MS, minMs),
    beforeRoleCredentials: (tokenExpiresAt) => {
      const left = tokenExpiresAt - Date.now();
      if (left < minMs) throw tooShort("the SSO session has", left, minText);
    },
  });
  const credsLeft = pc.credentials.expiration - Date.now();
  if (credsLeft < minMs) throw tooShort("the role credentials have", credsLeft, minText);

  const env: Record<string, string | undefined> = { ...io.env };
  for (const k of REMOVED) delete env[k];
  Object.assign(env, {
    AWS_ACCESS_KEY_ID: pc.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: pc.credentials.secretAccessKey,
    AWS_SESSION_TOKEN: pc.credentials.sessionToken,
    AWS_CREDENTIAL_EXPIRATION: isoSeconds(pc.credentials.expiration),
    AWS_REGION: pc.region,
    AWS_DEFAULT_REGION: pc.region,
  });
  return runChild(cmd, args, env, io);
}

const SIGNALS = constants.signals as Record<string, number>;

/**
 * Spawns the command on the same terminal and waits. SIGTERM and SIGHUP sent to keyless are
 * forwarded. SIGINT is forwarded only off a terminal: on a terminal, Ctrl-C already reaches the child
 * (same process group), and a second interrupt would make Terraform abort without releasing its lock.
 */
function runChild(
  cmd: string,
  args: string[],
  env: Record<string, string | undefined>,
  io: CliIO,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", env, cwd: io.cwd });
    const forwarded: NodeJS.Signals[] = io.stdinIsTTY
      ? ["SIGTERM", "SIGHUP"]
      : ["SIGINT", "SIGTERM", "SIGHUP"];
    const handlers = new Map<NodeJS.Signals, () => void>();
    for (const sig of forwarded) {
      const h = () => {
        child.kill(sig);
      };
      handlers.set(sig, h);
      process.on(sig, h);
    }
    // On a terminal, keep keyless alive on Ctrl-C until the child has finished.
    const ignoreInt = () => {};
    if (io.stdinIsTTY) process.on("SIGINT", ignoreInt);
    const cleanup = () => {
      for (const [sig, h] of handlers) process.off(sig, h);
      if (io.stdinIsTTY) process.off("SIGINT", ignoreInt);
    };
    child.once("error", (err: NodeJS.ErrnoException) => {
      cleanup();
      // As a shell does: 127 when the command is not found, 126 when it cannot be run.
      if (err.code === "ENOENT") {
        io.err(
          `Error: command not found: ${cmd}\nHint: check the spelling and your PATH; the command comes after \`--\`.\n`,
        );
        resolve(127);
      } else if (err.code === "EACCES") {
        io.err(`Error: cannot run ${cmd}: permission denied\n`);
        resolve(126);
      } else {
        reject(err);
      }
    });
    child.once("exit", (code, signal) => {
      cleanup();
      if (signal) resolve(128 + (SIGNALS[signal] ?? 0));
      else resolve(code ?? EXIT.ERROR);
    });
  });
}
