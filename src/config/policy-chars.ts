/**
 * The first string of a policy document (a key or a value) with a character the inline policy API
 * refuses (POLICY_DOCUMENT_CHARS), with its path in the document, so the message can say where it is:
 * in an inline mapping that is a line and column of keyless.yaml, in a policy file a JSON path.
 */
import { firstBadCharacter } from "./characters.ts";
import { POLICY_DOCUMENT_CHARS } from "./patterns.ts";
import type { PathSegment } from "./yaml-source.ts";

export interface PolicyCharProblem {
  /** Path of the value (or of the key's own entry) inside the document. */
  path: PathSegment[];
  char: string;
  /** 1-based position in that string. */
  position: number;
  /** The character is in a key, not a value. */
  inKey: boolean;
}

export function firstBadPolicyCharacter(
  doc: unknown,
  path: PathSegment[] = [],
): PolicyCharProblem | undefined {
  if (typeof doc === "string") {
    const bad = firstBadCharacter(doc, POLICY_DOCUMENT_CHARS);
    return bad && { path, char: bad.char, position: bad.position, inKey: false };
  }
  if (Array.isArray(doc)) {
    for (const [i, item] of doc.entries()) {
      const found = firstBadPolicyCharacter(item, [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (doc !== null && typeof doc === "object") {
    for (const [key, value] of Object.entries(doc)) {
      const bad = firstBadCharacter(key, POLICY_DOCUMENT_CHARS);
      if (bad) return { path: [...path, key], char: bad.char, position: bad.position, inKey: true };
      const found = firstBadPolicyCharacter(value, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}
