/**
 * Building blocks of the keyless.yaml schema (schema.ts and its sections): strings with messages
 * that name the field, the value and what to write instead.
 */
import { z } from "zod";
import { badCharacterMessage } from "./characters.ts";
import type * as P from "./patterns.ts";

export const len = (input: unknown): number => (typeof input === "string" ? input.length : 0);

/** A string of min..max characters with messages naming the field. */
export function text(what: string, min: number, max: number) {
  return z
    .string()
    .min(min, { error: `${what} must not be empty; remove the key instead` })
    .max(max, { error: (iss) => `${what} is ${len(iss.input)} characters long; the limit is ${max}` });
}

/** `explain` gets the value JSON-escaped (without its quotes), so a control character in it shows as \u0007. */
export function matching(re: RegExp, explain: (value: string) => string) {
  return z.string().regex(re, { error: (iss) => explain(JSON.stringify(String(iss.input)).slice(1, -1)) });
}

/** Refuses a character outside an AWS character class (patterns.ts), naming the first one. */
export function onlyChars<T extends z.ZodString>(schema: T, what: string, cls: P.CharClass): T {
  return schema.superRefine((v, ctx) => {
    const message = badCharacterMessage(what, v, cls);
    if (message) ctx.addIssue({ code: "custom", message });
  });
}
