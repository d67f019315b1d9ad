/**
 * Colour and text safety shared by the renderers. Colour is a parameter (never detected here) so
 * output is deterministic and tests compare exact text. Every value that comes from keyless.yaml or
 * AWS passes through `safe` or `quote` before it reaches a terminal, so a display name holding an
 * escape sequence cannot rewrite the screen.
 */
import pc from "picocolors";

export type Colors = ReturnType<typeof pc.createColors>;

export interface RenderOptions {
  /** Emit ANSI colour codes. The CLI passes `stdout.isTTY && !NO_COLOR`. */
  color: boolean;
}

export function colors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

const escapeControl = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * Untrusted text for one line: every control character (newline and tab included) becomes a visible
 * `\u001b`-style escape, so a value can neither drive the terminal nor start a line of its own that
 * looks like a planned change.
 */
export function safe(text: string): string {
  return text.replace(CONTROL, escapeControl);
}

/** As `safe`, but keeps newlines and tabs: for error messages and stack traces, which span lines. */
export function safeMultiline(text: string): string {
  return text.replace(CONTROL_EXCEPT_LINES, escapeControl);
}

/** A string value in double quotes, JSON-escaped; `safe` then covers the C1 controls JSON leaves alone. */
export function quote(text: string): string {
  return safe(JSON.stringify(text));
}
