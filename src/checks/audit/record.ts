/**
 * The audit's normalised record: one IAM Identity Center sign-in, token or role-credential event,
 * whatever CloudTrail format it was written in. Pure data, no SDK types; `time` is ISO 8601 UTC so
 * records sort as strings and serialise as they are.
 */

export type AuditKind = "sign-in" | "token" | "role-credentials";
export type AuditOutcome = "success" | "failure";

/** The event sources `keyless audit` reads, one LookupEvents per source (one attribute per call). */
export const AUDIT_SOURCES = {
  "sign-in": "signin.amazonaws.com",
  token: "sso-oauth.amazonaws.com",
  "role-credentials": "sso.amazonaws.com",
} as const satisfies Record<AuditKind, string>;

/** Events of each source that the audit shows; other events of the source are skipped silently. */
export const AUDIT_EVENTS: Record<AuditKind, readonly string[]> = {
  "sign-in": ["CredentialChallenge", "CredentialVerification", "UserAuthentication"],
  token: ["CreateToken", "CreateTokenWithIAM"],
  "role-credentials": ["GetRoleCredentials"],
};

export interface AuditUser {
  /** Identity-store user id (`onBehalfOf.userId`), when the event has one. */
  id?: string;
  /** userName: from the event (format before the 2025 change) or resolved from the id. */
  name?: string;
  identityStoreArn?: string;
}

export interface AuditRecord {
  /** ISO 8601 UTC, e.g. `2025-08-08T15:29:30Z`. */
  time: string;
  kind: AuditKind;
  /** CloudTrail eventName, e.g. `GetRoleCredentials`. */
  event: string;
  user: AuditUser;
  /** Role credentials only: the account the role is in. */
  accountId?: string;
  /** Role credentials only: the role name, i.e. the permission set name. */
  role?: string;
  sourceIp: string;
  userAgent: string;
  outcome: AuditOutcome;
  errorCode?: string;
  errorMessage?: string;
  eventId: string;
  /** Sign-ins: PASSWORD, TOTP, WEBAUTHN, ... (additionalEventData.CredentialType). */
  credentialType?: string;
  /** Sign-ins: correlates the challenge / verification / authentication events of one sign-in. */
  authWorkflowId?: string;
}

/** A line for the user about one event that could not be read; the rest are still processed. */
export interface AuditProblem {
  eventId?: string;
  eventSource: string;
  message: string;
}
