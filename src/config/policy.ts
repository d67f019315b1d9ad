/**
 * Inline policies of permission sets: read from a JSON file next to keyless.yaml or written inline
 * as a mapping, checked for the shape IAM requires and for AWS's size quotas, and rendered as the
 * compact JSON text the planner compares with what AWS returns.
 */
import { resolve } from "node:path";
import {
  type AcceptedReach,
  type LintFinding,
  lintPolicy,
  lintPolicyText,
  parseJsonPath,
} from "../policy/index.ts";
import { describeCharacter } from "./characters.ts";
import { formatPath, type Issue } from "./issues.ts";
import {
  INLINE_POLICY_MAX_BYTES,
  INLINE_POLICY_MAX_CHARS,
  POLICY_DOCUMENT_CHARS,
  POLICY_VERSIONS,
} from "./patterns.ts";
import { firstBadPolicyCharacter } from "./policy-chars.ts";
import { didYouMean } from "./suggest.ts";
import { NotUtf8Error } from "./utf8.ts";
import type { Path } from "./yaml-source.ts";

/** Reads a file as UTF-8 text; throws a Node-style error (with `code`) when it cannot. */
export type ReadFile = (absolutePath: string) => string;

const POLICY_ELEMENTS = ["Version", "Id", "Statement"];

export interface InlinePolicyResult {
  /** Compact JSON text; undefined when there were problems. */
  json?: string;
  issues: Issue[];
  /** Policy lint warnings (risky but valid grants). */
  warnings: Issue[];
}

/**
 * Loads and checks one inline policy. `path` is the key path of the `inlinePolicy` value; problems
 * about a policy file point there and name the file. The lint includes the reach checks (what the
 * holder can do to resources it does not manage, docs/policy-lint.md) as warnings; a preset passes
 * its accepted residuals (src/catalog/accepted-reach.ts), which are then not repeated.
 */
export function loadInlinePolicy(
  value: string | Record<string, unknown>,
  path: Path,
  dir: string,
  readFile: ReadFile,
  acceptedReach: readonly AcceptedReach[] = [],
): InlinePolicyResult {
  const opts = { kind: "inline" as const, reach: true, acceptedReach };
  if (typeof value !== "string") {
    const result = checkDocument(value, path, "the inline policy", true);
    if (result.json === undefined) return result;
    return withLint(result, lintPolicy(value, opts), (f) => ({
      path: [...path, ...(parseJsonPath(f.path) ?? [])],
      message: `${f.message} [${f.code}]${fixOf(f)}`,
    }));
  }
  const file = resolve(dir, value);
  let text: string;
  try {
    text = readFile(file);
  } catch (e) {
    if (e instanceof NotUtf8Error) {
      const source = { file: value, line: e.line, col: e.col };
      return { issues: [{ path, message: `policy file ${value}: ${e.describe()}`, source }], warnings: [] };
    }
    return { issues: [{ path, message: unreadable(value, file, e) }], warnings: [] };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return {
      issues: [{ path, message: `policy file ${value} is not valid JSON: ${jsonError(text, e)}` }],
      warnings: [],
    };
  }
  const result = checkDocument(doc, path, `policy file ${value}`, false);
  if (result.json === undefined) return result;
  // Lint findings of a policy file point at their line in that file.
  return withLint(result, lintPolicyText(text, opts), (f) => ({
    path,
    message: `${f.message} (${f.path ? `${f.path}, ` : ""}${f.code})${fixOf(f)}`,
    source: { file: value, line: f.line, col: f.col },
  }));
}

const REACH_CODE = /^(resource-policy|credential-reset|code-execution|tag-hop)\//;
const REACH_KINDS: Record<string, string> = {
  "resource-policy": "resource-policy writes",
  "credential-reset": "credential resets",
  "code-execution": "code execution through configuration",
  "tag-hop": "tag hops",
};

/**
 * One warning per place for the reach findings of a wildcard: `s3:*` on `*` grants 18 such actions,
 * which plan would otherwise repeat on 18 lines; `keyless policy lint` lists them one by one.
 */
export function collapseReach<F extends LintFinding>(findings: F[]): F[] {
  const byPath = new Map<string, F[]>();
  for (const f of findings) {
    if (!REACH_CODE.test(f.code)) continue;
    byPath.set(f.path, [...(byPath.get(f.path) ?? []), f]);
  }
  const out: F[] = [];
  for (const f of findings) {
    const group = REACH_CODE.test(f.code) ? byPath.get(f.path) : undefined;
    if (!group || group.length === 1) {
      out.push(f);
      continue;
    }
    if (group[0] !== f) continue;
    const pattern = /\(via "([^"]+)"\)/.exec(f.message)?.[1] ?? f.message.split(" ")[0];
    const kinds = new Map<string, number>();
    for (const g of group) {
      const kind = g.code.split("/")[0]!;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    const counted = [...kinds].map(([k, n]) => `${n} ${REACH_KINDS[k] ?? k}`).join(", ");
    out.push({
      ...f,
      code: [...kinds.keys()].map((k) => `${k}/*`).join(", "),
      message: `"${pattern}" grants ${group.length} actions that reach beyond the resources this policy manages: ${counted}`,
      fix: "`keyless policy lint` lists each with what it lets the holder do and its fix",
    });
  }
  return out;
}

/** A reach finding's fix, after its message (validate and plan print one line per warning). */
function fixOf(f: LintFinding): string {
  return f.fix ? `; fix: ${f.fix}` : "";
}

/** Lint errors make the policy invalid (they block apply); warnings are passed on. */
function withLint<F extends LintFinding>(
  result: InlinePolicyResult,
  findings: F[],
  toIssue: (f: F) => Issue,
): InlinePolicyResult {
  const issues = findings.filter((f) => f.severity === "error").map(toIssue);
  const warnings = collapseReach(findings.filter((f) => f.severity === "warning")).map(toIssue);
  if (issues.length > 0) return { issues, warnings };
  return { ...result, warnings };
}

function unreadable(given: string, file: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === "ENOENT")
    return `policy file ${given} not found (looked for ${file}); create it or fix the path`;
  if (code === "EISDIR") return `policy file ${given} is a directory; point at a .json file`;
  if (code === "EACCES" || code === "EPERM") {
    return `policy file ${given} cannot be read (permission denied); make it readable`;
  }
  return `policy file ${given} cannot be read: ${code ?? (e as Error)?.message ?? String(e)}`;
}

/** JSON.parse's message with the position turned into line:col of the policy file. */
function jsonError(text: string, e: unknown): string {
  const message = (e as Error).message;
  const at = /at position (\d+)/.exec(message);
  if (!at || /\(line \d+ column \d+\)/.test(message)) return message;
  const before = text.slice(0, Number(at[1]));
  const line = before.split("\n").length;
  const col = before.length - before.lastIndexOf("\n");
  return `${message} (line ${line} column ${col})`;
}

function checkDocument(doc: unknown, path: Path, what: string, inline: boolean): InlinePolicyResult {
  // Problems inside an inline mapping point at the element; those of a file point at the reference.
  const at = (element: string): Path => (inline ? [...path, element] : path);
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    return {
      issues: [{ path, message: `${what} must be a JSON object with Version and Statement` }],
      warnings: [],
    };
  }
  const policy = doc as Record<string, unknown>;
  const issues: Issue[] = [];
  for (const key of Object.keys(policy)) {
    if (!POLICY_ELEMENTS.includes(key)) {
      issues.push({
        path: at(key),
        ...(inline && { at: "key" as const }),
        message: `${what} has an unknown element "${key}"${didYouMean(key, POLICY_ELEMENTS) || "; IAM allows Version, Id and Statement"}`,
      });
    }
  }
  if (policy.Version === undefined) {
    issues.push({ path: at("Version"), message: `${what} has no Version; add "Version": "2012-10-17"` });
  } else if (!POLICY_VERSIONS.includes(policy.Version as string)) {
    issues.push({
      path: at("Version"),
      message: `${what} has Version ${JSON.stringify(policy.Version)}; use "2012-10-17"`,
    });
  }
  const statement = policy.Statement;
  if (statement === undefined) {
    issues.push({ path: at("Statement"), message: `${what} has no Statement; add at least one statement` });
  } else if (
    statement === null ||
    typeof statement !== "object" ||
    (Array.isArray(statement) && statement.length === 0)
  ) {
    issues.push({
      path: at("Statement"),
      message: `${what}: Statement must be a statement object or a non-empty list of them`,
    });
  }
  if (issues.length > 0) return { issues, warnings: [] };
  const json = JSON.stringify(policy);
  // Characters as people count them (code points), not UTF-16 units.
  const chars = [...json.replace(/\s/g, "")].length;
  if (chars > INLINE_POLICY_MAX_CHARS) {
    issues.push({
      path,
      message: `${what} is ${chars} characters without whitespace; AWS allows ${INLINE_POLICY_MAX_CHARS}. Use wildcards or split the permission set`,
    });
  }
  const bytes = Buffer.byteLength(json, "utf8");
  if (bytes > INLINE_POLICY_MAX_BYTES) {
    issues.push({
      path,
      message: `${what} is ${bytes} bytes; AWS allows ${INLINE_POLICY_MAX_BYTES}. Shorten it or split the permission set`,
    });
  }
  const bad = firstBadPolicyCharacter(policy);
  if (bad) {
    const where = `${bad.inKey ? "the key " : ""}${formatPath(bad.path)}`;
    issues.push({
      path: inline ? [...path, ...bad.path] : path,
      ...(inline && bad.inKey && { at: "key" as const }),
      message: `${what} has ${describeCharacter(bad.char)} at character ${bad.position} of ${where}; AWS accepts only ${POLICY_DOCUMENT_CHARS.allowed}: replace it (in a StringLike condition value, ? matches any one character)`,
    });
  }
  return issues.length > 0 ? { issues, warnings: [] } : { json, issues, warnings: [] };
}
