/**
 * PKCE (RFC 7636) and the authorize URL exactly as the AWS CLI v2 builds them
 * (`SSOTokenFetcherAuth`): a 64-character verifier from the unreserved set, an S256 challenge in
 * base64url without `=`, and query parameters in the CLI's order, encoded like Python's
 * `quote(v, safe="-_.~")` (so a space is `%20` and `/` is `%2F`), with `code_challenge` appended last.
 */
import { createHash, randomInt } from "node:crypto";

const VERIFIER_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
export const VERIFIER_LENGTH = 64;

/** 64 characters from `[A-Za-z0-9-._~]`, each drawn with the CSPRNG without modulo bias. */
export function createCodeVerifier(pick: (max: number) => number = (max) => randomInt(max)): string {
  let out = "";
  for (let i = 0; i < VERIFIER_LENGTH; i++) out += VERIFIER_ALPHABET[pick(VERIFIER_ALPHABET.length)];
  return out;
}

/** base64url(SHA-256(verifier)) without padding. */
export function codeChallengeS256(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url").replace(/=+$/, "");
}

/** Python's `urllib.parse.quote(s, safe="-_.~")` on UTF-8. */
export function pythonQuote(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export const CALLBACK_PATH = "/oauth/callback";
/** What RegisterClient is given: loopback without a port (RFC 8252 §7.3 lets the port vary). */
export const REDIRECT_URI_WITHOUT_PORT = `http://127.0.0.1${CALLBACK_PATH}`;

export function redirectUriWithPort(port: number): string {
  return `http://127.0.0.1:${port}${CALLBACK_PATH}`;
}

/** The default scope of an auth-code registration when none is configured. */
export const DEFAULT_AUTH_CODE_SCOPE = "sso:account:access";

export interface AuthorizeUrlInput {
  /** `scheme://host[:port]` of the OIDC endpoint. */
  baseUrl: string;
  clientId: string;
  redirectUri: string;
  state: string;
  /** Configured scopes; empty or absent → `sso:account:access`. */
  scopes?: string[] | undefined;
  codeChallenge: string;
}

export function buildAuthorizeUrl(input: AuthorizeUrlInput): string {
  const params: [string, string][] = [
    ["response_type", "code"],
    ["client_id", input.clientId],
    ["redirect_uri", input.redirectUri],
    ["state", input.state],
    ["code_challenge_method", "S256"],
    ["scopes", input.scopes?.length ? input.scopes.join(" ") : DEFAULT_AUTH_CODE_SCOPE],
  ];
  const query = params.map(([k, v]) => `${pythonQuote(k)}=${pythonQuote(v)}`).join("&");
  return `${input.baseUrl.replace(/\/+$/, "")}/authorize?${query}&code_challenge=${input.codeChallenge}`;
}
