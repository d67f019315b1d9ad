/**
 * `keyless exec PROFILE -- CMD ARGS...`: run a command with fresh role credentials and the profile's
 * region in its environment. AWS_PROFILE is removed so the child does not resolve the profile again.
 * Before starting, keyless refuses (exit 75) when the role credentials, or the SSO sign-in (the
 * access token or its refresh), would not last --min-remaining (the rule: developer/exec-guard.ts), so
 * a `terraform apply` cannot lose its credentials half way and leave the state locked. The child's
 * exit code is passed through; killed by signal N, keyless exits 128+N.
 *
 * Without a command, it starts the user's shell ($SHELL, else /bin/sh) the same way, as aws-vault
 * does. KEYLESS_PROFILE names the profile in the child's environment (for a prompt); a shell is not
 * started inside another keyless shell, whose credentials it would silently shadow.
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { profileCredentials } from "../app/developer-session.ts";
import type { CliIO } from "../cli/io.ts";
import { EXIT, KeylessError } from "../errors/keyless-error.ts";
import { autoSignIn, mayAutoSignIn } from "./developer/auto-sign-in.ts";
import { credentialsEnv, REMOVED_ENV } from "./developer/credentials-env.ts";
import { credentialsShortfall, type GuardLimits, signInShortfall } from "./developer/exec-guard.ts";
import { parseDuration } from "./developer/time.ts";

export interface ExecOptions {
  profile: string;
  /** Empty: start the user's shell. */
  command: string[];
  /** Default: KEYLESS_MIN_REMAINING, else 30m. */
  minRemaining?: string | undefined;
  /** false with --no-sign-in. */
  signIn?: boolean | undefined;
}

export const DEFAULT_MIN_REMAINING = "30m";

/** The shell `keyless exec PROFILE` starts: $SHELL, else /bin/sh. */
export function userShell(env: Record<string, string | undefined>): string {
  return env.SHELL?.trim() || "/bin/sh";
}

export async function runExec(opts: ExecOptions, io: CliIO): Promise<number> {
  const shell = opts.command.length === 0;
  const nested = io.env.KEYLESS_PROFILE;
  if (shell && nested) {
    throw new KeylessError(
      "USAGE",
      `this is already a keyless shell (KEYLESS_PROFILE=${nested}); a shell for profile "${opts.profile}" is not started inside it`,
      {
        hint: `Exit the keyless shell first (type \`exit\`), then run \`keyless exec ${opts.profile}\`; to run one command with other credentials here, use \`keyless exec ${opts.profile} -- CMD\`.`,
      },
    );
  }
  const [cmd, ...args] = (shell ? [userShell(io.env)] : opts.command) as [string, ...string[]];
  const fromFlag = opts.minRemaining !== undefined;
  const fromEnv = !fromFlag && io.env.KEYLESS_MIN_REMAINING !== undefined;
  const minText = opts.minRemaining ?? io.env.KEYLESS_MIN_REMAINING ?? DEFAULT_MIN_REMAINING;
  const minMs = parseDuration(minText, fromFlag ? "--min-remaining" : "KEYLESS_MIN_REMAINING");
  const limits = (): GuardLimits => ({
    now: Date.now(),
    minMs,
    minText,
    minSource: fromFlag ? "--min-remaining" : fromEnv ? "KEYLESS_MIN_REMAINING" : "default --min-remaining",
  });

  // The token is refreshed as the SDKs do (within 15 minutes of expiry), not early: a refreshable
  // sign-in lasts as long as its refresh does, whatever the access token's own lifetime.
  const pc = await profileCredentials(io, opts.profile, {
    signIn: autoSignIn(io, mayAutoSignIn(io, opts.signIn)),
    beforeRoleCredentials: (token, resolved) => {
      const short = signInShortfall(limits(), {
        sessionName: resolved.session.name,
        expiresAt: token.expiresAt,
        refreshableUntil: token.refreshableUntil,
        refreshProblem: token.refreshProblem,
      });
      if (short) throw short;
    },
  });
  const short = credentialsShortfall(limits(), {
    expiresAt: pc.credentials.expiration,
    profile: pc.resolved.profile,
    roleName: pc.resolved.roleName,
  });
  if (short) throw short;

  const env: Record<string, string | undefined> = { ...io.env };
  for (const k of REMOVED_ENV) delete env[k];
  Object.assign(env, credentialsEnv(pc), { KEYLESS_PROFILE: pc.resolved.profile });
  if (shell) {
    io.err(
      `Starting ${cmd} with the credentials of profile ${pc.resolved.profile} (account ${pc.resolved.accountId}, role ${pc.resolved.roleName}, until ${env.AWS_CREDENTIAL_EXPIRATION}). Type \`exit\` to leave it.\n`,
    );
  }
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
