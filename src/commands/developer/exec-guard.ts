/**
 * The rule behind `keyless exec PROFILE --min-remaining D` (docs/developer.md, "The guard"), pure so
 * every branch is tested with plain numbers. The command runs on the role credentials keyless puts in
 * its environment, so those must last D. A command that resolves the profile itself (Terraform with
 * `profile` in backend.tf or provider.tf) goes through the SSO token cache instead, so the sign-in must
 * also last D: the access token itself, or the refresh that replaces it. Each refusal names the limit
 * that was hit and a step that can lift it, never one that cannot.
 */
import { KeylessError } from "../../errors/keyless-error.ts";
import { formatRemaining } from "./time.ts";

export interface GuardLimits {
  /** Epoch ms. */
  now: number;
  minMs: number;
  /** --min-remaining as given (or KEYLESS_MIN_REMAINING / the default), for messages. */
  minText: string;
  /** Where minText came from, for messages: "--min-remaining", "KEYLESS_MIN_REMAINING" or "default --min-remaining". */
  minSource: string;
}

/** What `ensureValidToken` knows about the token the run would use. */
export interface GuardToken {
  sessionName: string;
  /** Epoch ms. */
  expiresAt: number;
  /** Until when a refresh without a browser can replace it (undefined: it cannot be refreshed). */
  refreshableUntil?: number | undefined;
  /** Why a refresh attempted in this run failed (no secrets). */
  refreshProblem?: string | undefined;
}

const LOWER = "a lower --min-remaining (or KEYLESS_MIN_REMAINING)";

function refuse(message: string, hint: string): KeylessError {
  return new KeylessError("SESSION_TOO_SHORT", `${message}; the command was not started`, { hint });
}

/**
 * The SSO sign-in lasts D when the access token does, or when it can be refreshed until then (a
 * refresh token is cached and the client registration that redeems it outlives D). Checked before
 * any role credentials are fetched.
 */
export function signInShortfall(l: GuardLimits, t: GuardToken): KeylessError | undefined {
  const deadline = l.now + l.minMs;
  if (t.expiresAt >= deadline) return undefined;
  if (t.refreshableUntil !== undefined && t.refreshableUntil >= deadline) return undefined;
  const tokenLeft = formatRemaining(t.expiresAt - l.now);
  if (t.refreshableUntil !== undefined) {
    const regLeft = formatRemaining(t.refreshableUntil - l.now);
    return refuse(
      `the SSO session "${t.sessionName}" can be refreshed only for ${regLeft} more (its client registration expires then), less than the ${l.minText} ${l.minSource}`,
      `Use --min-remaining below ${regLeft}. \`keyless login\` registers a new client in the last 15 minutes of the old one's life (or after it), which lifts this limit.`,
    );
  }
  const why = t.refreshProblem ?? "no refresh token with a valid client registration is cached";
  return refuse(
    `the SSO access token of session "${t.sessionName}" has ${tokenLeft} left and cannot be refreshed (${why}), less than the ${l.minText} ${l.minSource}`,
    `Run \`keyless login --force\` to sign in again (a new sign-in brings a new access token and refresh token), then run the command again; or use ${LOWER}.`,
  );
}

/**
 * The role credentials the command gets were issued a moment ago, for the permission set's session
 * duration: no new sign-in makes them last longer, so the hint never says to log in.
 */
export function credentialsShortfall(
  l: GuardLimits,
  c: { expiresAt: number; profile: string; roleName: string },
): KeylessError | undefined {
  const left = c.expiresAt - l.now;
  if (left >= l.minMs) return undefined;
  return refuse(
    `the role credentials of profile "${c.profile}" (permission set ${c.roleName}) last ${formatRemaining(left)}, less than the ${l.minText} ${l.minSource}`,
    `They were just issued: AWS gives role credentials for the permission set's session duration, and signing in again does not make them last longer. Use ${LOWER}, or ask your platform team to raise sessionDuration of permission set ${c.roleName} in keyless.yaml (at most PT12H).`,
  );
}
