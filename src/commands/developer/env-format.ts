/**
 * `keyless env` output: the credentials environment as text a shell evaluates, quoted for that shell
 * so any value comes back byte for byte (AWS values are base64-like, but a quoting rule that only works
 * for today's alphabet is a bug waiting). Pure; each format is tested exactly and sh by eval in bash.
 */
import { KeylessError } from "../../errors/keyless-error.ts";
import type { CredentialsEnv } from "./credentials-env.ts";

export const ENV_FORMATS = ["sh", "fish", "powershell", "dotenv", "json"] as const;
export type EnvFormat = (typeof ENV_FORMATS)[number];

/** Removed before the new values are set, so no profile or old key wins over them. */
export const UNSET_BY_ENV = ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN"] as const;

/** POSIX sh single quotes: nothing inside is special; a quote is closed, escaped, reopened. */
export function shQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** fish single quotes: only backslash and the quote are escapes inside. */
export function fishQuote(value: string): string {
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

/** PowerShell verbatim strings: a quote is doubled; PowerShell also takes the typographic single quotes as quotes. */
export function powershellQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}

/** Characters every dotenv reader (Docker's --env-file, dotenv, python-dotenv) takes literally unquoted. */
const DOTENV_SAFE = /^[A-Za-z0-9+/=:._-]*$/;

function dotenvValue(name: string, value: string): string {
  if (DOTENV_SAFE.test(value)) return value;
  // Docker's --env-file keeps quotes as part of the value, so there is no quoting all readers share.
  throw new KeylessError("INTERNAL", `the value of ${name} cannot be written in dotenv format`, {
    hint: "Use --format sh or --format json instead.",
  });
}

/**
 * The text for `format`. `json` is the credential_process document (`processJson`), identical to
 * `keyless credentials`; the other formats carry the variables of `vars` and, where the format can
 * remove a variable, remove UNSET_BY_ENV first.
 */
export function formatEnv(format: EnvFormat, vars: CredentialsEnv, processJson: object): string {
  const entries = Object.entries(vars);
  const lines: string[] = [];
  switch (format) {
    case "sh":
      lines.push(`unset ${UNSET_BY_ENV.join(" ")}`);
      for (const [k, v] of entries) lines.push(`export ${k}=${shQuote(v)}`);
      break;
    case "fish":
      for (const k of UNSET_BY_ENV) lines.push(`set -e ${k}`);
      for (const [k, v] of entries) lines.push(`set -gx ${k} ${fishQuote(v)}`);
      break;
    case "powershell":
      for (const k of UNSET_BY_ENV) lines.push(`Remove-Item Env:${k} -ErrorAction SilentlyContinue`);
      for (const [k, v] of entries) lines.push(`$Env:${k} = ${powershellQuote(v)}`);
      break;
    case "dotenv":
      for (const [k, v] of entries) lines.push(`${k}=${dotenvValue(k, v)}`);
      break;
    case "json":
      return `${JSON.stringify(processJson)}\n`;
  }
  return `${lines.join("\n")}\n`;
}
