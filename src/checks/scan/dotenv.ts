/**
 * Env files (`.env`, `.env.local`, `prod.env`, direnv's `.envrc`): `NAME=value` lines, optionally
 * `export`ed and quoted. A line is reported when NAME is an AWS key variable (or named like one, e.g.
 * `TF_VAR_aws_secret_key`) and the value is a literal, not a reference such as `$OTHER` or `${OTHER}`.
 * Key-shaped values under other names are left to the text detector that runs after this one.
 */
import { fileAt, makeFinding } from "./finding.ts";
import type { CredentialType } from "./shapes.ts";
import type { Finding } from "./types.ts";

/** `.env`, `.env.*`, `*.env`, `.envrc`. */
export function isDotenvFile(name: string): boolean {
  return name === ".env" || name.startsWith(".env.") || name.endsWith(".env") || name === ".envrc";
}

const LINE = /^(\s*)(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/;
const KEY_NAME = /(?:^|_)(?:access_key(?:_id)?|secret(?:_access)?_key|session_token|security_token)$/i;

export function scanDotenv(text: string, path: string, root: string | undefined): Finding[] {
  const entries: { name: string; value: string; line: number; column: number; hint?: CredentialType }[] = [];
  text.split("\n").forEach((raw, i) => {
    const m = LINE.exec(raw.replace(/\r$/, ""));
    if (!m || !KEY_NAME.test(m[2]!)) return;
    const value = unquote(m[3]!);
    if (value === "" || value.startsWith("$")) return;
    const name = m[2]!;
    const hint: CredentialType | undefined = /token$/i.test(name)
      ? "session-token"
      : /secret/i.test(name)
        ? "secret"
        : undefined;
    entries.push({ name, value, line: i + 1, column: m[1]!.length + 1, hint });
  });
  const temporary =
    entries.some((e) => e.hint === "session-token") || entries.some((e) => e.value.startsWith("ASIA"));
  return entries.map((e) =>
    makeFinding({
      kind: "dotenv-secret",
      location: fileAt(path, root, e.line, e.column),
      value: e.value,
      temporary,
      typeHint: e.hint,
      context: `in ${e.name}`,
    }),
  );
}

/** The value without quotes or a trailing ` # comment` (the common dotenv dialects). */
function unquote(raw: string): string {
  const v = raw.trim();
  const q = v[0];
  if (q === '"' || q === "'") {
    const end = v.indexOf(q, 1);
    return end === -1 ? v.slice(1) : v.slice(1, end);
  }
  return v.replace(/\s+#.*$/, "").trim();
}
