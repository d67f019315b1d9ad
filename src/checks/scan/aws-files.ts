/**
 * Static keys in the AWS shared files: every profile of the credentials file
 * (`AWS_SHARED_CREDENTIALS_FILE` or `~/.aws/credentials`) and any profile of the config file
 * (`AWS_CONFIG_FILE` or `~/.aws/config`) that holds `aws_access_key_id`, `aws_secret_access_key` or
 * `aws_session_token`. One finding per profile, at the line of its key id (or its first key).
 * Reads the files with the same line model the config editor uses, so "which profile" is what the
 * AWS CLI sees. A missing file is fine; an unreadable one is a problem, not a silent pass.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseConfigFile } from "../../local/aws-config/parse.ts";
import { configFilePath } from "../../local/aws-config/paths.ts";
import { fileAt, makeFinding } from "./finding.ts";
import { errorMessage } from "./read-errors.ts";
import { findKeysInText } from "./text.ts";
import type { Finding, FindingKind, ScanProblem } from "./types.ts";

type Env = Readonly<Record<string, string | undefined>>;

const ID_KEYS = new Set(["aws_access_key_id"]);
const SECRET_KEYS = new Set(["aws_secret_access_key"]);
const TOKEN_KEYS = new Set(["aws_session_token", "aws_security_token"]);

/** Where the shared credentials file is, as the AWS SDKs resolve it (with `~` expanded). */
export function credentialsFilePath(env: Env, home: string): string {
  const fromEnv = env["AWS_SHARED_CREDENTIALS_FILE"];
  if (fromEnv) {
    if (fromEnv === "~") return home;
    if (fromEnv.startsWith("~/")) return join(home, fromEnv.slice(2));
    return fromEnv;
  }
  return join(home, ".aws", "credentials");
}

/**
 * Findings in the credentials and config files. Files that exist but cannot be read are appended to
 * `problems` (when given) and otherwise ignored, so a caller that only wants findings can omit it.
 */
export async function scanAwsFiles(env: Env, home: string, problems?: ScanProblem[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  const files: { path: string; kind: FindingKind }[] = [
    { path: credentialsFilePath(env, home), kind: "credentials-file" },
    { path: configFilePath(env, home), kind: "config-static-key" },
  ];
  for (const { path, kind } of files) {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") problems?.push({ path, message: errorMessage(err) });
      continue;
    }
    findings.push(...findingsInIni(text, path, kind));
  }
  return findings;
}

interface KeyLine {
  value: string;
  line: number;
  column: number;
}

interface Profile {
  header: string;
  id?: KeyLine;
  secret?: KeyLine;
  token?: KeyLine;
}

/**
 * Findings in the text of one INI-style AWS file: one per profile with keys, then key-shaped text
 * on other lines (a commented-out key, a line botocore reads as the continuation of another value),
 * which is still a key on disk.
 */
export function findingsInIni(text: string, path: string, kind: FindingKind): Finding[] {
  const model = parseConfigFile(text, { path });
  const profiles: Profile[] = [];
  let current: Profile | undefined;
  for (const line of model.lines) {
    if (line.kind === "section" && line.header) {
      current = { header: line.header.raw };
      profiles.push(current);
      continue;
    }
    if (line.kind !== "key" || !line.key || !current || line.key.value === "") continue;
    const at: KeyLine = { value: line.key.value, line: line.lineNo, column: line.text.search(/\S/) + 1 };
    if (ID_KEYS.has(line.key.name)) current.id ??= at;
    else if (SECRET_KEYS.has(line.key.name)) current.secret ??= at;
    else if (TOKEN_KEYS.has(line.key.name)) current.token ??= at;
  }
  const findings: Finding[] = [];
  const keyLines = new Set<number>();
  for (const p of profiles) {
    for (const k of [p.id, p.secret, p.token]) if (k) keyLines.add(k.line);
    const anchor = p.id ?? p.secret ?? p.token;
    if (!anchor) continue;
    const held = [p.id && "key id", p.secret && "secret key", p.token && "session token"].filter(Boolean);
    findings.push(
      makeFinding({
        kind,
        location: fileAt(path, undefined, anchor.line, anchor.column),
        value: anchor.value,
        temporary: p.token !== undefined || p.id?.value.startsWith("ASIA") === true,
        typeHint: anchor === p.token ? "session-token" : anchor === p.secret ? "secret" : undefined,
        context: `in [${p.header}] (${held.join(", ")})`,
      }),
    );
  }
  findings.push(...findKeysInText({ text, path, root: undefined, kind, skipLines: keyLines }));
  return findings;
}
