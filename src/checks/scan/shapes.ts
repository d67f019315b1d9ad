/**
 * The shapes of AWS credentials. An access key id is `AKIA` (long-term, an IAM user's key) or `ASIA`
 * (temporary, from STS) followed by 16 base32 characters. A secret access key is 40 characters of
 * base64; on its own that shape is too common (hashes, paths), so callers accept it only next to an
 * access key id or a secret-like name. Session tokens start with a few well-known base64 prefixes.
 */

export const ACCESS_KEY_ID_EXACT = /^(?:AKIA|ASIA)[A-Z2-7]{16}$/;

/** Global: use with matchAll. Not part of a longer word. */
export const ACCESS_KEY_ID = /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z2-7]{16}(?![A-Za-z0-9])/g;

/** Global: 40 base64 characters not part of a longer base64 run. Filter with looksLikeSecretKey. */
export const SECRET_KEY_CANDIDATE = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

/** Global: STS session tokens (`IQoJb3JpZ2lu` is base64 of the token's `!\n\torigin` header). */
export const SESSION_TOKEN =
  /(?<![A-Za-z0-9/+])(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz)[A-Za-z0-9/+=]{80,}/g;

/** A name under which a secret access key is usually written. */
export const SECRET_NAME = /secret/i;

/** Cheap pre-check: can this text hold anything the text detector reports? */
export const MAYBE_CREDENTIAL = /AKIA|ASIA|IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz|secret/i;

/**
 * A secret key candidate that is plausibly random: mixed case and at least one digit or `/` `+`.
 * Rules out hex digests (one case) and long identifiers made of letters only.
 */
export function looksLikeSecretKey(value: string): boolean {
  return /[A-Z]/.test(value) && /[a-z]/.test(value) && /[0-9/+]/.test(value);
}

export type CredentialType = "long-term-id" | "temporary-id" | "secret" | "session-token" | "unknown";

/** What a credential value is, from its shape alone. */
export function credentialType(value: string): CredentialType {
  if (ACCESS_KEY_ID_EXACT.test(value)) return value.startsWith("AKIA") ? "long-term-id" : "temporary-id";
  if (value.length === 40 && /^[A-Za-z0-9/+]+$/.test(value)) return "secret";
  if (/^(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz)/.test(value) && value.length >= 80) return "session-token";
  return "unknown";
}

/** Human label for a value: `long-term access key AKIA…`, `secret access key`, ... (without the value). */
export function credentialLabel(type: CredentialType): string {
  switch (type) {
    case "long-term-id":
      return "long-term access key";
    case "temporary-id":
      return "temporary access key";
    case "secret":
      return "secret access key";
    case "session-token":
      return "session token";
    default:
      return "credential value";
  }
}
