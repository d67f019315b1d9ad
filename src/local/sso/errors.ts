/**
 * Login failures the user can act on, each with a message that says what happened and a hint that
 * says what to do. Messages never contain a token, code, verifier or client secret.
 */
import { KeylessError } from "../../errors/keyless-error.ts";

export type SsoLoginFailure =
  /** The user (or a policy) refused the authorization. */
  | "access_denied"
  /** The device code or authorization code expired before it was used. */
  | "authorization_expired"
  /** The callback's `state` differs from the one keyless sent (a stale tab or a forged request). */
  | "state_mismatch"
  /** The authorize page redirected back with `error=...` instead of a code. */
  | "callback_error"
  /** Nobody completed the browser step within the overall timeout. */
  | "timeout"
  /** The service rejected the code or the client registration. */
  | "invalid_grant"
  | "invalid_client";

const HINTS: Record<SsoLoginFailure, string> = {
  access_denied:
    "The sign-in was declined. Run `keyless login` again and choose Allow; if it keeps failing, ask your administrator whether your user may use this start URL.",
  authorization_expired:
    "The authorization was not completed in time. Run `keyless login` again and finish the browser step within 10 minutes.",
  state_mismatch:
    "The browser returned to keyless with an answer for another login attempt. Close old sign-in tabs and run `keyless login` again.",
  callback_error: "The sign-in page reported an error. Run `keyless login` again.",
  timeout:
    "No browser sign-in arrived. Run `keyless login` again, or `keyless login --use-device-code` if the browser runs on another machine.",
  invalid_grant: "The service did not accept the authorization. Run `keyless login` again.",
  invalid_client: "The cached client registration was rejected. Run `keyless login` again to register anew.",
};

export class SsoLoginError extends KeylessError {
  readonly reason: SsoLoginFailure;
  constructor(reason: SsoLoginFailure, message: string, cause?: unknown) {
    super(reason === "access_denied" ? "AWS_ACCESS_DENIED" : "NO_CREDENTIALS", message, {
      hint: HINTS[reason],
      cause,
    });
    this.reason = reason;
  }
}
