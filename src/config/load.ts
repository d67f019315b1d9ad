/**
 * Loads keyless.yaml: parse with positions, check the shape (schema.ts), check references and policy
 * files (semantic.ts), then normalise into Desired. Every problem found is reported at once, as one
 * CONFIG_INVALID error with a `file:line:col: key.path: message` line per problem; nothing after
 * this module validates input again.
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { Desired } from "../engine/model.ts";
import type { PresetUse } from "../engine/plan-types.ts";
import { KeylessError } from "../errors/keyless-error.ts";
import { formatPath, type Issue, zodIssuesToIssues } from "./issues.ts";
import { toDesired } from "./normalise.ts";
import type { ReadFile } from "./policy.ts";
import { configSchema } from "./schema.ts";
import { checkSemantics } from "./semantic.ts";
import { decodeUtf8Strict, NotUtf8Error } from "./utf8.ts";
import { lineCol, offsetOf, type Path, parseYaml, sourceTextAt, type YamlSource } from "./yaml-source.ts";

export interface LoadedConfig {
  /** The config path as given (used in messages). */
  path: string;
  /** Absolute directory of the config; relative paths in it (policy files) resolve from here. */
  dir: string;
  desired: Desired;
  /** Legal but suspicious content, as `file:line:col: key.path: message` lines. */
  warnings: string[];
  /** Permission sets written as `preset:`, by name: what the plan shows instead of their policy JSON. */
  presets: Record<string, PresetUse>;
}

const INVALID_HINT = "Fix the problems listed above, then run `keyless validate` to check the file again.";

/** Reads and validates a keyless.yaml. Throws CONFIG_NOT_FOUND or CONFIG_INVALID (KeylessError). */
export async function loadConfig(path: string): Promise<LoadedConfig> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new KeylessError("CONFIG_NOT_FOUND", `${path} not found`, {
        hint: "Run `keyless init` to write a starter keyless.yaml, or pass --config with the path of yours.",
        cause: e,
      });
    }
    throw new KeylessError("CONFIG_INVALID", `${path} is not valid: 1 problem(s)`, {
      details: [`${path}: the file cannot be read (${code ?? (e as Error).message})`],
      hint:
        code === "EISDIR"
          ? "Pass the path of the keyless.yaml file, not of its directory."
          : "Check that the file exists and that you may read it.",
      cause: e,
    });
  }
  let text: string;
  try {
    text = decodeUtf8Strict(bytes);
  } catch (e) {
    if (!(e instanceof NotUtf8Error)) throw e;
    throw new KeylessError("CONFIG_INVALID", `${path} is not valid: 1 problem(s)`, {
      details: [`${path}:${e.line}:${e.col}: ${e.describe()}`],
      hint: INVALID_HINT,
    });
  }
  return parseConfig(text, path);
}

/** Policy files are held to the same strict UTF-8 as keyless.yaml (policy.ts reports where). */
const readUtf8: ReadFile = (p) => decodeUtf8Strict(readFileSync(p));

/**
 * Validates config text. Synchronous so tests can drive it with inline YAML; `readFile` reads inline
 * policy files, whose paths are resolved against the directory of `path`.
 */
export function parseConfig(text: string, path: string, readFileFn: ReadFile = readUtf8): LoadedConfig {
  const dir = dirname(resolve(path));
  const src = parseYaml(text);
  const problems = src.errors.map((e) => ({ offset: e.offset, line: e.message }));
  const warnings = src.warnings.map((w) => ({ offset: w.offset, line: w.message }));
  let desired: Desired | undefined;
  let presets: Record<string, PresetUse> = {};

  if (!src.fatal) {
    const issues: Issue[] = [];
    const warningIssues: Issue[] = [];
    const raw = dropEmptySections(src.value);
    if (raw === undefined) {
      issues.push({
        path: [],
        message: "the file is empty; start from `keyless init` or see docs/config.md",
      });
    } else if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
      issues.push({ path: [], message: `expected a mapping of settings at the top level, got ${kind(raw)}` });
    } else {
      const parsed = configSchema.safeParse(raw);
      const reader = {
        valueAt: (p: Path) => valueAt(raw, p),
        sourceTextAt: (p: Path) => sourceTextAt(src, p),
      };
      if (!parsed.success) issues.push(...zodIssuesToIssues(parsed.error.issues, [], configSchema, reader));
      const semantic = checkSemantics(raw as Record<string, unknown>, dir, readFileFn);
      issues.push(...semantic.issues);
      warningIssues.push(...semantic.warnings);
      if (parsed.success && issues.length === 0 && problems.length === 0) {
        desired = toDesired(
          parsed.data,
          semantic.inlinePolicies,
          semantic.presetAttachments,
          semantic.ciPolicies,
        );
        presets = Object.fromEntries(semantic.presetUses);
      }
    }
    problems.push(...issues.map((i) => located(src, i)));
    warnings.push(...warningIssues.map((i) => located(src, i)));
  }

  if (problems.length > 0 || desired === undefined) {
    const details = render(src, path, problems);
    throw new KeylessError("CONFIG_INVALID", `${path} is not valid: ${details.length} problem(s)`, {
      details,
      hint: INVALID_HINT,
    });
  }
  return { path, dir, desired, warnings: render(src, path, warnings), presets };
}

/** `users:` with nothing under it means "none", not "a null where a mapping belongs". */
function dropEmptySections(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value).filter(([k, v]) => v !== null || k === "version" || k === "identityCenter"),
  );
}

function kind(v: unknown): string {
  return Array.isArray(v) ? "a list" : `a ${typeof v}`;
}

function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const segment of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[segment];
  }
  return v;
}

interface Located {
  offset: number;
  line: string;
  source?: Issue["source"];
}

function located(src: YamlSource, issue: Issue): Located {
  const where = formatPath(issue.at === "key" ? issue.path.slice(0, -1) : issue.path);
  return {
    offset: offsetOf(src, issue.path, issue.at),
    line: where ? `${where}: ${issue.message}` : issue.message,
    ...(issue.source && { source: issue.source }),
  };
}

/** `file:line:col: message` lines in file order, without repeats. */
function render(src: YamlSource, path: string, items: Located[]): string[] {
  const sorted = [...items].sort(
    (a, b) => a.offset - b.offset || (a.source?.line ?? 0) - (b.source?.line ?? 0),
  );
  const lines = sorted.map((p) => {
    if (p.source) {
      // A problem inside a policy file: name that file, relative to where keyless.yaml was named.
      const file = isAbsolute(p.source.file) ? p.source.file : join(dirname(path), p.source.file);
      return `${file}:${p.source.line}:${p.source.col}: ${p.line}`;
    }
    const { line, col } = lineCol(src, p.offset);
    return `${path}:${line}:${col}: ${p.line}`;
  });
  return [...new Set(lines)];
}
