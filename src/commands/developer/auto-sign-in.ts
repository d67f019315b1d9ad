/**
 * Automatic sign-in: when exec, console, whoami or env find that the SSO session needs a new sign-in
 * (no token, expired and not refreshable, refresh refused), they run the same sign-in as `keyless
 * login` (browser, or device code where no local browser can be shown) and go on, but only where
 * someone can finish it: stdin and stderr are terminals. Off a terminal (CI, a pipe, a credential
 * helper) they fail as before: NO_CREDENTIALS, exit 67, "run keyless login". `--no-sign-in` turns it
 * off. `credentials` (credential_process) never decides by itself: only `--sign-in` allows it, since
 * the tool that runs it may hide stderr; the sign-in never reads stdin.
 */
import { homeDir, type SignInWhenRequired } from "../../app/developer-session.ts";
import type { CliIO } from "../../cli/io.ts";
import { signIn } from "./sign-in.ts";

/** Whether this run may sign in by itself: `signIn` is false with --no-sign-in. */
export function mayAutoSignIn(io: CliIO, signInFlag: boolean | undefined): boolean {
  return signInFlag !== false && io.stdinIsTTY && io.stderrIsTTY === true;
}

/** The callback for profileCredentials: prints why, then signs in as `keyless login` does. */
export function signInWhenRequired(io: CliIO): SignInWhenRequired {
  return async (session, ports, required) => {
    io.err(`${required.message}\n`);
    // force: the cache was just found unusable; checking it again would retry a refused refresh.
    const result = await signIn(session, ports, io, homeDir(io), { force: true });
    return result.token;
  };
}

/** The `signIn` option for profileCredentials: the callback when allowed, else undefined. */
export function autoSignIn(io: CliIO, allowed: boolean): SignInWhenRequired | undefined {
  return allowed ? signInWhenRequired(io) : undefined;
}
