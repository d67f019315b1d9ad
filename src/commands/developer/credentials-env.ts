/**
 * The environment that carries a profile's role credentials, shared by `keyless exec` (the child's
 * environment) and `keyless env` (exports for eval): the variables every AWS SDK, the AWS CLI and
 * Terraform read, and those that must go because they would make a tool use other credentials or
 * resolve a profile again.
 */
import type { ProfileCredentials } from "../../app/developer-session.ts";
import { isoSeconds } from "./time.ts";

/** Variables removed: they would make the child use other credentials or re-resolve a profile. */
export const REMOVED_ENV = [
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_SECURITY_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION",
] as const;

/** The variables set, in this order. */
export type CredentialsEnv = Record<
  | "AWS_ACCESS_KEY_ID"
  | "AWS_SECRET_ACCESS_KEY"
  | "AWS_SESSION_TOKEN"
  | "AWS_CREDENTIAL_EXPIRATION"
  | "AWS_REGION"
  | "AWS_DEFAULT_REGION",
  string
>;

export function credentialsEnv(pc: Pick<ProfileCredentials, "credentials" | "region">): CredentialsEnv {
  return {
    AWS_ACCESS_KEY_ID: pc.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: pc.credentials.secretAccessKey,
    AWS_SESSION_TOKEN: pc.credentials.sessionToken,
    AWS_CREDENTIAL_EXPIRATION: isoSeconds(pc.credentials.expiration),
    AWS_REGION: pc.region,
    AWS_DEFAULT_REGION: pc.region,
  };
}
