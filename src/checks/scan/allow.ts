/**
 * Accepted exceptions (`--allow FILE`): a YAML or JSON list of `{ path, kind?, fingerprint?, reason }`
 * (or `{ allow: [...] }`). `path` is a glob matched against the finding's path relative to the scanned
 * root (`~/.aws/credentials` for home files, `env:NAME` for variables); `reason` is required, so every
 * exception says why it is acceptable. An allowed finding is still shown, with its reason, and does
 * not fail the scan. A malformed file is a usage error naming the line.
 */
import { readFile } from "node:fs/promises";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type YAMLMap } from "yaml";
import { KeylessError } from "../../errors/keyless-error.ts";
import { allowPath } from "./display.ts";
import { globMatcher } from "./gitignore.ts";
import type { Finding, FindingKind } from "./types.ts";

export const FINDING_KINDS: readonly FindingKind[] = [
  "env-long-term-key",
  "env-temporary-key",
  "credentials-file",
  "config-static-key",
  "terraform-provider-static-key",
  "terraform-backend-static-key",
  "terraform-backend-cache-key",
  "tfvars-secret",
  "tfstate-secret",
  "dotenv-secret",
  "key-in-text",
  "ci-github-static-key",
  "ci-gitlab-static-key",
];

export interface AllowEntry {
  path: string;
  kind?: FindingKind;
  fingerprint?: string;
  reason: string;
  /** Line of the entry in the allow file, for messages. */
  line: number;
  matches(pathOfFinding: string): boolean;
}

const KNOWN_KEYS = new Set(["path", "kind", "fingerprint", "reason"]);
const HINT =
  "Each entry needs `path` (a glob) and `reason`, optionally `kind` and `fingerprint` (from `keyless scan --json`).";

export async function loadAllowFile(file: string, shownName = file): Promise<AllowEntry[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new KeylessError("USAGE", `cannot read the allow file ${shownName}: ${(err as Error).message}`);
  }
  return parseAllowList(text, shownName);
}

export function parseAllowList(text: string, file: string): AllowEntry[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const lineOf = (offset: number | undefined): number =>
    offset === undefined ? 1 : lineCounter.linePos(offset).line;
  const fail = (line: number, message: string): never => {
    throw new KeylessError("USAGE", `${file}:${line}: ${message}`, { hint: HINT });
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    fail(lineOf(e.pos[0]), `not valid YAML or JSON: ${e.message.split("\n")[0]}`);
  }
  let list: unknown = doc.contents;
  if (isMap(list)) {
    if (!list.has("allow"))
      fail(lineOf(list.range?.[0]), "expected a list of exceptions (or `allow:` with a list)");
    list = list.get("allow", true) ?? null;
  }
  if (list === null || list === undefined) return [];
  if (!isSeq(list))
    return fail(
      lineOf((list as { range?: [number] }).range?.[0]),
      "expected a list of exceptions (or `allow:` with a list)",
    );
  const entries: AllowEntry[] = [];
  for (const item of list.items) {
    const line = lineOf((item as { range?: [number, number, number] }).range?.[0]);
    if (!isMap(item)) fail(line, "an exception must be a mapping with path and reason");
    const map = item as YAMLMap;
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      if (!KNOWN_KEYS.has(key))
        fail(lineOf(isScalar(pair.key) ? pair.key.range?.[0] : undefined) || line, `unknown key "${key}"`);
    }
    const str = (key: string): string | undefined => {
      const v = map.get(key);
      if (v === undefined || v === null) return undefined;
      if (typeof v !== "string") return fail(line, `"${key}" must be a string`);
      return v.trim();
    };
    const path = str("path");
    const reason = str("reason");
    const kind = str("kind");
    const fingerprint = str("fingerprint");
    if (!path) fail(line, "exception without a path");
    if (!reason) fail(line, "exception without a reason (say why this credential is acceptable)");
    if (kind !== undefined && !FINDING_KINDS.includes(kind as FindingKind))
      fail(line, `unknown kind "${kind}" (one of: ${FINDING_KINDS.join(", ")})`);
    const matcher = globMatcher(path!);
    entries.push({
      path: path!,
      reason: reason!,
      line,
      matches: matcher,
      ...(kind !== undefined ? { kind: kind as FindingKind } : {}),
      ...(fingerprint !== undefined ? { fingerprint } : {}),
    });
  }
  return entries;
}

/** Marks findings covered by an exception (the first matching entry gives the reason). */
export function applyAllowList(
  findings: Finding[],
  entries: readonly AllowEntry[],
  home: string | undefined,
): void {
  if (entries.length === 0) return;
  for (const f of findings) {
    const path = allowPath(f, home);
    const entry = entries.find(
      (e) =>
        e.matches(path) &&
        (e.kind === undefined || e.kind === f.kind) &&
        (e.fingerprint === undefined || e.fingerprint === f.fingerprint),
    );
    if (entry) f.allowed = { reason: entry.reason };
  }
}
