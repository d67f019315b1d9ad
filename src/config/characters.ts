/**
 * Checks a value against one of the AWS character classes of patterns.ts and says which character
 * does not fit, where, and what it is: a control character is invisible in an editor, so "has
 * characters AWS does not accept" alone would leave the user guessing.
 */
import type { CharClass } from "./patterns.ts";

export interface BadCharacter {
  /** The character (a whole code point). */
  char: string;
  /** 1-based position, counted in characters as an editor shows them. */
  position: number;
}

/** The first character of `value` outside `cls`, if any. */
export function firstBadCharacter(value: string, cls: CharClass): BadCharacter | undefined {
  let position = 0;
  for (const char of value) {
    position++;
    if (!cls.char.test(char)) return { char, position };
  }
  return undefined;
}

const NAMED: Record<string, string> = {
  "\t": "a tab",
  "\n": "a line break",
  "\r": "a carriage return",
  " ": "a space",
  "*": '"*"',
};

/** `U+0007 (a control character)`, `"é" (U+00E9)`: safe to print, never the raw invisible character. */
export function describeCharacter(char: string): string {
  const cp = char.codePointAt(0) ?? 0;
  const u = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  const named = NAMED[char];
  if (named) return `${named} (${u})`;
  if (/^\p{Cc}$/u.test(char)) return `${u} (a control character)`;
  if (/^\p{Z}$/u.test(char)) return `${u} (a space character)`;
  if (/^\p{Cf}$/u.test(char)) return `${u} (an invisible formatting character)`;
  if (/^\p{Cs}$/u.test(char)) return `${u} (half of a broken character: a lone surrogate)`;
  if (/^\p{Co}$/u.test(char)) return `${u} (a private-use character)`;
  if (/^\p{Cn}$/u.test(char)) return `${u} (an unassigned code point)`;
  return `"${char}" (${u})`;
}

/**
 * The message for a value with a character outside `cls`, or undefined when every character fits:
 * `group name has U+0007 (a control character) at character 3; AWS accepts only letters, ...`.
 */
export function badCharacterMessage(what: string, value: string, cls: CharClass): string | undefined {
  const bad = firstBadCharacter(value, cls);
  if (!bad) return undefined;
  return `${what} has ${describeCharacter(bad.char)} at character ${bad.position}; AWS accepts only ${cls.allowed}`;
}
