/**
 * Key-shaped strings in any text: access key ids anywhere, session tokens by their prefix, and a
 * 40-character secret only where it is plausibly an AWS secret key (within three lines of an access
 * key id, or after a secret-like name on its own line), because 40 base64 characters alone match
 * too much. Used for ordinary files (`key-in-text`) and state files (`tfstate-secret`), and after the
 * structured detectors on every file, skipping lines those already reported.
 */
import { fileAt, makeFinding } from "./finding.ts";
import { type Positions, positionsOf } from "./positions.ts";
import {
  ACCESS_KEY_ID,
  looksLikeSecretKey,
  MAYBE_CREDENTIAL,
  SECRET_KEY_CANDIDATE,
  SECRET_NAME,
  SESSION_TOKEN,
} from "./shapes.ts";
import type { Finding, FindingKind } from "./types.ts";

/** How many lines away from an access key id a secret may sit (multi-line JSON, INI, YAML). */
const NEAR_LINES = 3;

export interface TextScanInput {
  text: string;
  path: string;
  root: string | undefined;
  kind: FindingKind;
  /** Lines another detector already reported in this file. */
  skipLines?: ReadonlySet<number>;
  positions?: Positions;
}

export function findKeysInText(input: TextScanInput): Finding[] {
  const { text, path, root, kind } = input;
  if (!MAYBE_CREDENTIAL.test(text)) return [];
  const skip = input.skipLines ?? new Set<number>();
  let pos = input.positions;
  const at = (offset: number) => {
    pos ??= positionsOf(text);
    return pos(offset);
  };
  const findings: Finding[] = [];
  const ids: { line: number; temporary: boolean }[] = [];
  for (const m of text.matchAll(ACCESS_KEY_ID)) {
    const p = at(m.index);
    ids.push({ line: p.line, temporary: m[0].startsWith("ASIA") });
    if (skip.has(p.line)) continue;
    findings.push(makeFinding({ kind, location: fileAt(path, root, p.line, p.column), value: m[0] }));
  }
  for (const m of text.matchAll(SESSION_TOKEN)) {
    const p = at(m.index);
    if (skip.has(p.line)) continue;
    findings.push(makeFinding({ kind, location: fileAt(path, root, p.line, p.column), value: m[0] }));
  }
  for (const m of text.matchAll(SECRET_KEY_CANDIDATE)) {
    if (!looksLikeSecretKey(m[0])) continue;
    const p = at(m.index);
    if (skip.has(p.line)) continue;
    const near = ids.filter((i) => Math.abs(i.line - p.line) <= NEAR_LINES);
    const lineStart = m.index - (p.column - 1);
    const named = SECRET_NAME.test(text.slice(lineStart, m.index));
    if (near.length === 0 && !named) continue;
    findings.push(
      makeFinding({
        kind,
        location: fileAt(path, root, p.line, p.column),
        value: m[0],
        temporary: near.length > 0 && near.every((i) => i.temporary),
        typeHint: "secret",
      }),
    );
  }
  return findings.sort((a, b) => lineOf(a) - lineOf(b));
}

const lineOf = (f: Finding): number => (f.location.type === "file" ? f.location.line : 0);
