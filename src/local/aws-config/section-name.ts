/**
 * Section headers read the way botocore reads them (configloader.build_profile_map): a header whose
 * text starts with `profile`, `sso-session` or `services` is split with POSIX shlex and counts only if
 * that gives exactly two words; `default` must match exactly. So `[profile   dev]` and
 * `[profile "dev"]` name the profile `dev`, while `[ profile dev ]` is no profile at all.
 */
import type { SectionHeader } from "./model.ts";

/** Python's `shlex.split(text)` (posix, no comments); undefined where shlex raises ValueError. */
export function shlexSplit(text: string): string[] | undefined {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === "\\") {
        const next = text[i + 1];
        if (next === undefined) return undefined;
        if (next === '"' || next === "\\") {
          word += next;
          i++;
        } else word += c;
      } else word += c;
    } else if (c === " " || c === "\t" || c === "\r" || c === "\n") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else if (c === "\\") {
      const next = text[i + 1];
      if (next === undefined) return undefined;
      word += next;
      inWord = true;
      i++;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote !== undefined) return undefined;
  if (inWord) words.push(word);
  return words;
}

const PREFIXED = ["profile", "sso-session", "services"] as const;

/** Classifies the text between `[` and `]` exactly as botocore does. */
export function classifyHeader(raw: string): SectionHeader {
  if (raw === "default") return { raw, kind: "default", name: "default" };
  for (const kind of PREFIXED) {
    if (!raw.startsWith(kind)) continue;
    const parts = shlexSplit(raw);
    if (parts?.length === 2) return { raw, kind, name: parts[1]! };
    // botocore files it under that kind but finds no name: invisible to every consumer.
    return { raw, kind: "other", name: raw };
  }
  return { raw, kind: "other", name: raw };
}

/** The header keyless writes for a profile name (`[default]` is the documented form for the default). */
export function profileHeader(name: string): string {
  return name === "default" ? "[default]" : `[profile ${name}]`;
}
