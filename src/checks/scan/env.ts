/**
 * Static credentials in the environment: the standard variables the AWS SDKs read (and their legacy
 * aliases), plus any other variable whose value is an access key id (`TF_VAR_access_key=AKIA...`).
 * A set of variables is one finding, located at the variable that carries the key id. Temporary
 * credentials (`ASIA...` or a session token) are `info`: that is how `keyless exec` runs a command.
 */
import { makeFinding } from "./finding.ts";
import { ACCESS_KEY_ID_EXACT } from "./shapes.ts";
import type { Finding } from "./types.ts";

type Env = Readonly<Record<string, string | undefined>>;

const ID_VARS = ["AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY"];
const SECRET_VARS = ["AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY"];
const TOKEN_VARS = ["AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"];
const STANDARD = new Set([...ID_VARS, ...SECRET_VARS, ...TOKEN_VARS]);

const first = (env: Env, names: string[]): { name: string; value: string } | undefined => {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
};

export function scanEnvironment(env: Env): Finding[] {
  const findings: Finding[] = [];
  const id = first(env, ID_VARS);
  const secret = first(env, SECRET_VARS);
  const token = first(env, TOKEN_VARS);
  const temporary = token !== undefined || id?.value.startsWith("ASIA") === true;
  const anchor = id ?? secret ?? token;
  if (anchor) {
    const names = [id, secret, token].filter((v) => v !== undefined).map((v) => v.name);
    const f = makeFinding({
      kind: temporary ? "env-temporary-key" : "env-long-term-key",
      location: { type: "env", variable: anchor.name },
      value: anchor.value,
      temporary,
      temporarySeverity: "info",
      typeHint: anchor === token ? "session-token" : anchor === secret ? "secret" : undefined,
      context: `in ${names.join(", ")}`,
    });
    findings.push(f);
  }
  for (const [name, raw] of Object.entries(env)) {
    if (STANDARD.has(name) || raw === undefined) continue;
    const value = raw.trim();
    if (!ACCESS_KEY_ID_EXACT.test(value)) continue;
    const temp = value.startsWith("ASIA");
    findings.push(
      makeFinding({
        kind: temp ? "env-temporary-key" : "env-long-term-key",
        location: { type: "env", variable: name },
        value,
        temporarySeverity: "info",
        context: `in ${name}`,
      }),
    );
  }
  return findings;
}
