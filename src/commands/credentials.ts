/**
 * `keyless credentials PROFILE`: the `credential_process` contract. stdout is exactly the JSON the
 * AWS SDKs and CLI read (Version 1, keys, session token, ISO 8601 expiration); this is the one command
 * that prints secrets, because that is its purpose. Anything else goes to stderr with a non-zero exit,
 * which the SDK shows as the error.
 */
import { profileCredentials } from "../app/developer-session.ts";
import type { CliIO } from "../cli/io.ts";
import { EXIT } from "../errors/keyless-error.ts";
import { isoSeconds } from "./developer/time.ts";

export async function runCredentials(opts: { profile: string }, io: CliIO): Promise<number> {
  const { credentials, resolved } = await profileCredentials(io, opts.profile);
  io.out(
    `${JSON.stringify({
      Version: 1,
      AccessKeyId: credentials.accessKeyId,
      SecretAccessKey: credentials.secretAccessKey,
      SessionToken: credentials.sessionToken,
      Expiration: isoSeconds(credentials.expiration),
      AccountId: resolved.accountId,
    })}\n`,
  );
  return EXIT.OK;
}
