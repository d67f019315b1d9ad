/**
 * The authorization-code grant with PKCE (RFC 7636 + RFC 8252 loopback redirect), the AWS CLI v2
 * default: open `/authorize` on the OIDC endpoint, wait for the browser to come back to
 * 127.0.0.1 with a code and the same `state`, then exchange the code with the verifier.
 */
import { randomUUID } from "node:crypto";
import { SsoLoginError } from "./errors.ts";
import { startCallbackServer } from "./loopback.ts";
import { buildAuthorizeUrl, codeChallengeS256, createCodeVerifier } from "./pkce.ts";
import type { ClientRegistration, IssuedToken, SsoOidcPort } from "./ports.ts";
import type { SsoClock } from "./types.ts";

/** How long the browser step may take overall (the CLI's limit). */
export const AUTH_CODE_TIMEOUT_MS = 10 * 60 * 1000;

export interface AuthCodeFlowOptions {
  oidc: SsoOidcPort;
  registration: ClientRegistration;
  /** Configured scopes for the `scopes` query parameter. */
  scopes?: string[] | undefined;
  clock: SsoClock;
  timeoutMs?: number | undefined;
  /** Called once the callback server listens: show the URL, maybe open a browser. */
  prompt: (authorizeUrl: string) => void;
}

export async function runAuthCodeFlow(opts: AuthCodeFlowOptions): Promise<IssuedToken> {
  const { oidc, registration, clock } = opts;
  const state = randomUUID();
  const verifier = createCodeVerifier();
  const server = await startCallbackServer(state);
  const stopTimer = new AbortController();
  try {
    const url = buildAuthorizeUrl({
      baseUrl: await oidc.authorizeBaseUrl(),
      clientId: registration.clientId,
      redirectUri: server.redirectUri,
      state,
      scopes: opts.scopes,
      codeChallenge: codeChallengeS256(verifier),
    });
    opts.prompt(url);
    const timeout = clock
      .sleep(opts.timeoutMs ?? AUTH_CODE_TIMEOUT_MS, stopTimer.signal)
      .then(() => ({ kind: "timeout" as const }));
    const answer = await Promise.race([server.result, timeout]);
    switch (answer.kind) {
      case "timeout":
        throw new SsoLoginError("timeout", "No sign-in arrived from the browser within the time allowed.");
      case "state_mismatch":
        throw new SsoLoginError(
          "state_mismatch",
          "The sign-in callback's state parameter does not match the one keyless sent; the login was refused.",
        );
      case "error":
        if (answer.error === "access_denied") {
          throw new SsoLoginError("access_denied", "The sign-in was denied in the browser.");
        }
        throw new SsoLoginError("callback_error", `The sign-in page returned the error "${answer.error}".`);
      case "code":
        break;
    }
    const r = await oidc.createToken({
      grantType: "authorization_code",
      clientId: registration.clientId,
      clientSecret: registration.clientSecret,
      code: answer.code,
      redirectUri: server.redirectUri,
      codeVerifier: verifier,
    });
    switch (r.kind) {
      case "token":
        return r.token;
      case "expired_token":
        throw new SsoLoginError(
          "authorization_expired",
          "The authorization code expired before it was exchanged.",
        );
      case "access_denied":
        throw new SsoLoginError(
          "access_denied",
          `The token request was denied${r.reason ? ` (${r.reason})` : ""}.`,
        );
      case "invalid_client":
        throw new SsoLoginError("invalid_client", "SSO OIDC rejected the client registration.");
      default:
        throw new SsoLoginError("invalid_grant", "SSO OIDC did not accept the authorization code.");
    }
  } finally {
    stopTimer.abort();
    await server.close();
  }
}
