/**
 * `keyless env PROFILE [--format sh|fish|powershell|dotenv|json]`: a profile's role credentials and
 * region as text for the current shell to evaluate (`eval "$(keyless env P)"`), for the cases where
 * `keyless exec` cannot wrap the program (an IDE's terminal, a long-lived shell). It prints secrets by
 * design. On a terminal it refuses unless --force: what reaches the screen stays in its scrollback
 * and screen shares, and `eval "$(...)"` never has a terminal as stdout, so the refusal only stops
 * accidents.
 */
import { profileCredentials } from "../app/developer-session.ts";
import type { CliIO } from "../cli/io.ts";
import { EXIT, KeylessError } from "../errors/keyless-error.ts";
import { credentialProcessDocument } from "./credentials.ts";
import { autoSignIn, mayAutoSignIn } from "./developer/auto-sign-in.ts";
import { credentialsEnv } from "./developer/credentials-env.ts";
import { ENV_FORMATS, type EnvFormat, formatEnv } from "./developer/env-format.ts";

export interface EnvOptions {
  profile: string;
  /** Default sh. */
  format?: string | undefined;
  /** Print even when stdout is a terminal. */
  force?: boolean | undefined;
  /** false with --no-sign-in. */
  signIn?: boolean | undefined;
}

/** How each shell evaluates the output (for the hint). */
const EVAL: Record<EnvFormat, (p: string) => string> = {
  sh: (p) => `eval "$(keyless env ${p})"`,
  fish: (p) => `keyless env ${p} --format fish | source`,
  powershell: (p) => `keyless env ${p} --format powershell | Invoke-Expression`,
  dotenv: (p) => `keyless env ${p} --format dotenv > .env`,
  json: (p) => `keyless env ${p} --format json > creds.json`,
};

export async function runEnv(opts: EnvOptions, io: CliIO): Promise<number> {
  const format = (opts.format ?? "sh") as EnvFormat;
  if (!ENV_FORMATS.includes(format)) {
    throw new KeylessError("USAGE", `--format "${opts.format}" is not a format keyless env knows`, {
      hint: `Use one of: ${ENV_FORMATS.join(", ")}.`,
    });
  }
  if (io.stdoutIsTTY && !opts.force) {
    throw new KeylessError(
      "USAGE",
      "keyless env prints secret credentials, and stdout is a terminal: they would be shown on the screen",
      {
        hint: `Let your shell read them: ${EVAL[format](opts.profile)}; or pass --force to print them here.`,
      },
    );
  }
  const pc = await profileCredentials(io, opts.profile, {
    signIn: autoSignIn(io, mayAutoSignIn(io, opts.signIn)),
  });
  io.out(formatEnv(format, credentialsEnv(pc), credentialProcessDocument(pc)));
  return EXIT.OK;
}
