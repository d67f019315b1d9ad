/**
 * The text of an error for the user: `Error: message`, detail lines, `Hint: what to do`. Stacks and
 * causes appear only with --debug: a cause (an AWS SDK error, a response) can carry request data
 * that has no place in ordinary output or CI logs.
 */
import { inspect } from "node:util";
import { KeylessError } from "../errors/keyless-error.ts";
import { colors, type RenderOptions, safeMultiline as safe } from "./style.ts";

export interface ErrorRenderOptions extends RenderOptions {
  /** Add stack traces and the cause chain. */
  debug: boolean;
}

/** How many causes deep --debug follows (causes can be cyclic). */
const MAX_CAUSES = 5;

export function renderError(err: unknown, opts: ErrorRenderOptions): string {
  const c = colors(opts.color);
  const label = c.red(c.bold("Error:"));
  const lines: string[] = [];
  if (err instanceof KeylessError) {
    lines.push(`${label} ${safe(err.message)}`);
    for (const d of err.details) lines.push(`  ${safe(d)}`);
    if (err.hint) lines.push(`${c.cyan("Hint:")} ${safe(err.hint)}`);
  } else {
    lines.push(`${label} ${safe(messageOf(err))}`);
    if (!opts.debug) lines.push(`${c.cyan("Hint:")} run again with --debug to see where it happened.`);
  }
  if (opts.debug) lines.push(...debugLines(err).map((l) => c.dim(safe(l))));
  return lines.join("\n");
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (typeof err === "string") return err;
  // An arbitrary thrown value may hold anything; show its shape only with --debug.
  return "unexpected failure (not an Error object)";
}

function debugLines(err: unknown): string[] {
  const lines: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && depth <= MAX_CAUSES; depth++) {
    if (depth > 0)
      lines.push(`Caused by: ${current instanceof Error ? `${current.name}: ${current.message}` : ""}`);
    if (current instanceof Error) {
      lines.push(...frames(current));
      current = current.cause;
    } else {
      lines.push(...inspect(current, { depth: 3, breakLength: 100 }).split("\n"));
      current = undefined;
    }
  }
  return lines;
}

/** The `at ...` lines of a stack (its first line repeats the message already shown). */
function frames(err: Error): string[] {
  return (err.stack ?? "").split("\n").filter((l) => l.trimStart().startsWith("at "));
}
