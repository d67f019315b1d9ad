/**
 * `keyless credentials PROFILE`: the `credential_process` contract. stdout is exactly the JSON the
 * AWS SDKs and CLI read (Version 1, keys, session token, ISO 8601 expiration); it prints secrets
 * because that is its purpose (as does `keyless env`). Anything else goes to stderr with a non-zero
 * exit, which the SDK shows as the error. It signs in only with --sign-in (never waiting on stdin).
 */
import { type ProfileCredentials, profileCredentials } from "../app/developer-session.ts";
import type { CliIO } from "../cli/io.ts";
import { EXIT } from "../errors/keyless-error.ts";
import { autoSignIn } from "./developer/auto-sign-in.ts";
import { isoSeconds } from "./developer/time.ts";

export interface CredentialsOptions {
  profile: string;
  /** --sign-in: sign in (browser or device code, on stderr) when the session needs it. Never by itself. */
  signIn?: boolean | undefined;
}

export async function runCredentials(opts: CredentialsOptions, io: CliIO): Promise<number> {
  const pc = await profileCredentials(io, opts.profile, {
    signIn: autoSignIn(io, opts.signIn === true),
  });
  io.out(`${JSON.stringify(credentialProcessDocument(pc))}\n`);
  return EXIT.OK;
}

/** The credential_process document (also `keyless env --format json`). */
export function credentialProcessDocument(pc: Pick<ProfileCredentials, "credentials" | "resolved">) {
  const { credentials, resolved } = pc;
  return {
    Version: 1,
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    SessionToken: credentials.sessionToken,
    Expiration: isoSeconds(credentials.expiration),
    AccountId: resolved.accountId,
  };
}
