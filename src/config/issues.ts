/**
 * Turns zod issues into keyless problems: one per thing to fix, each with the key path it is about
 * and a message that says what to do. zod's own texts ("Invalid input: expected string, received
 * number") are replaced for type errors and unknown keys; every other message comes from schema.ts.
 */
import type { z } from "zod";
import { didYouMean } from "./suggest.ts";
import type { Path, PathSegment } from "./yaml-source.ts";

/** One problem in the config, before it is given a line and column. */
export interface Issue {
  path: Path;
  message: string;
  /** Point at the map key (unknown keys, bad names) rather than at its value. */
  at?: "key" | "value";
  /**
   * The problem is in another file (a policy file), at this line and column; `file` as written in
   * keyless.yaml (relative to its directory). The issue is still sorted at `path`.
   */
  source?: { file: string; line: number; col: number };
}

/** Reads what was written at a path, to say what was given and to quote it back. */
export interface ValueReader {
  valueAt(path: Path): unknown;
  sourceTextAt(path: Path): string | undefined;
}

/** `permissionSets.terraform-core.tags["cost center"]`, `assignments[0].targets[1]`. */
export function formatPath(path: Path): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z0-9_$][\w$-]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** "a number", "a list", … as used in "expected a string, got a number". */
export function describeValue(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "an empty value";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "boolean") return "a boolean";
  return `a ${typeof v}`;
}

const EXPECTED: Record<string, string> = {
  string: "a string",
  number: "a number",
  boolean: "true or false",
  object: "a mapping",
  record: "a mapping",
  map: "a mapping",
  array: "a list",
  int: "a whole number",
};

type RawIssue = z.core.$ZodIssue;

export function zodIssuesToIssues(
  issues: readonly RawIssue[],
  base: Path,
  schema: z.ZodType,
  reader: ValueReader,
): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues)
    convert(issue, [...base, ...(issue.path as PathSegment[])], schema, reader, out);
  return out;
}

function convert(issue: RawIssue, path: Path, schema: z.ZodType, reader: ValueReader, out: Issue[]): void {
  switch (issue.code) {
    case "invalid_type": {
      const got = reader.valueAt(path);
      if (got === undefined) {
        out.push({ path, message: `missing required key "${String(path.at(-1))}"` });
        return;
      }
      out.push({ path, message: typeMessage(issue.expected, got, path, reader) });
      return;
    }
    case "unrecognized_keys": {
      const allowed = allowedKeys(schema, path);
      for (const key of issue.keys) {
        const hint = didYouMean(key, allowed) || `; allowed keys here: ${allowed.join(", ")}`;
        out.push({ path: [...path, key], at: "key", message: `unknown key "${key}"${hint}` });
      }
      return;
    }
    case "invalid_key":
      for (const inner of issue.issues) out.push({ path, at: "key", message: inner.message });
      return;
    case "invalid_union": {
      // Report the errors of the branch that matched the value's type (e.g. the mapping form of a
      // customer-managed policy), or the union's own message when no branch's type matched.
      const branch = issue.errors.find(
        (errs) => !errs.every((e) => e.code === "invalid_type" && e.path.length === 0),
      );
      if (branch) {
        for (const inner of branch)
          convert(inner, [...path, ...(inner.path as PathSegment[])], schema, reader, out);
      } else {
        out.push({ path, message: `${issue.message}, got ${describeValue(reader.valueAt(path))}` });
      }
      return;
    }
    case "too_small":
    case "too_big":
      out.push({ path, message: sizeMessage(issue) });
      return;
    default:
      out.push({ path, message: issue.message });
  }
}

/**
 * Size limits: schema.ts gives its own message for most; zod's default ("Too small: expected string
 * to have >=1 characters") is replaced by one that says what to write.
 */
function sizeMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  if (!/^Too (small|big)/.test(issue.message)) return issue.message;
  const unit = issue.origin === "string" ? "characters" : issue.origin === "array" ? "entries" : "";
  if (issue.code === "too_small") {
    if (issue.origin === "string" && Number(issue.minimum) === 1) return "must not be empty";
    return `must be at least ${issue.minimum}${unit ? ` ${unit}` : ""}`;
  }
  return `must be at most ${issue.maximum}${unit ? ` ${unit}` : ""}`;
}

function typeMessage(expected: string, got: unknown, path: Path, reader: ValueReader): string {
  const shown =
    (typeof got === "string" && got.length <= 40) || (expected === "int" && typeof got === "number");
  const given = shown ? ` (${JSON.stringify(got)})` : "";
  const base = `expected ${EXPECTED[expected] ?? expected}, got ${describeValue(got)}${given}`;
  if (expected !== "string" || (typeof got !== "number" && typeof got !== "boolean")) return base;
  const written = reader.sourceTextAt(path) ?? String(got);
  const quoted = `quote it: ${JSON.stringify(written)}`;
  if (path[0] === "accounts")
    return `${base}; ${quoted} (unquoted, YAML reads a number and leading zeros would be lost)`;
  return `${base}; ${quoted}`;
}

/** Minimal view of zod's internal definitions, enough to walk the schema along a key path. */
interface LooseDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
}

const defOf = (s: z.ZodType): LooseDef => (s as unknown as { _zod: { def: LooseDef } })._zod.def;

/** Keys allowed in the object schema at `path` (for "did you mean"). */
export function allowedKeys(schema: z.ZodType, path: Path): string[] {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    current = current && step(unwrapToContainer(current, segment), segment);
  }
  const shape = current && defOf(unwrapToContainer(current, "")).shape;
  return shape ? Object.keys(shape) : [];
}

function unwrapToContainer(schema: z.ZodType, segment: PathSegment): z.ZodType {
  let s = schema;
  for (;;) {
    const def = defOf(s);
    if (def.innerType) s = def.innerType;
    else if (def.in) s = def.in;
    else if (def.options) {
      const wanted = typeof segment === "number" ? ["array"] : ["object", "record"];
      const match = def.options.find((o) => wanted.includes(defOf(o).type));
      if (!match) return s;
      s = match;
    } else return s;
  }
}

function step(schema: z.ZodType, segment: PathSegment): z.ZodType | undefined {
  const def = defOf(schema);
  if (def.type === "object") return def.shape?.[String(segment)];
  if (def.type === "record") return def.valueType;
  if (def.type === "array") return def.element;
  return undefined;
}
