/**
 * The policy model: reads a parsed document into statements, reporting what the IAM policy grammar
 * rejects (structure, Effect, Action/Resource presence, Principal in an identity policy, Sid). The
 * later checks (catalog, conditions, resources, escalation) work on the statements read here and
 * skip values that are malformed, so each problem is reported once.
 */
import { error, warning } from "./finding.ts";
import type { JsonPathSegment } from "./path.ts";
import type { LintFinding } from "./types.ts";

export interface ElementValue {
  value: string;
  path: JsonPathSegment[];
}

export interface StatementElement {
  /** `Action` or `NotAction`; `Resource` or `NotResource`. */
  name: string;
  values: ElementValue[];
}

export interface Statement {
  path: JsonPathSegment[];
  sid?: string;
  effect?: "Allow" | "Deny";
  action?: StatementElement;
  resource?: StatementElement;
  /** Operator → (key → value), only when Condition is an object of objects. */
  condition?: Record<string, Record<string, unknown>>;
}

const DOCUMENT_ELEMENTS = ["Version", "Id", "Statement"];
const STATEMENT_ELEMENTS = [
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
];
const SID = /^[A-Za-z0-9]*$/;
/** A policy variable, quoted in messages about Version (kept out of template literals on purpose). */
const VARIABLE = ["$", "{aws:username}"].join("");

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => v !== null && typeof v === "object" && !Array.isArray(v);

export interface ReadPolicy {
  statements: Statement[];
  findings: LintFinding[];
}

export function readPolicy(doc: unknown): ReadPolicy {
  const findings: LintFinding[] = [];
  if (!isObject(doc)) {
    findings.push(
      error("document/not-object", [], "a policy must be a JSON object with Version and Statement"),
    );
    return { statements: [], findings };
  }
  for (const key of Object.keys(doc)) {
    if (!DOCUMENT_ELEMENTS.includes(key)) {
      findings.push(
        error(
          "document/unknown-element",
          [key],
          `unknown policy element "${key}"; allowed: Version, Id, Statement`,
        ),
      );
    }
  }
  findings.push(...checkVersion(doc));
  const statements: Statement[] = [];
  const raw = doc.Statement;
  if (raw === undefined) {
    findings.push(error("statement/missing", [], "the policy has no Statement; add at least one statement"));
  } else if (Array.isArray(raw)) {
    if (raw.length === 0)
      findings.push(error("statement/empty", ["Statement"], "Statement is an empty list"));
    raw.forEach((s, i) => {
      readStatement(s, ["Statement", i], statements, findings);
    });
  } else {
    readStatement(raw, ["Statement"], statements, findings);
  }
  findings.push(...duplicateSids(statements));
  return { statements, findings };
}

function checkVersion(doc: Raw): LintFinding[] {
  const version = doc.Version;
  if (version === undefined) {
    return [
      warning(
        "version/missing",
        [],
        `the policy has no Version, so IAM treats it as 2008-10-17 and policy variables such as ${VARIABLE} do not work; add "Version": "2012-10-17"`,
      ),
    ];
  }
  if (version === "2012-10-17") return [];
  if (version === "2008-10-17") {
    return [
      warning(
        "version/legacy",
        ["Version"],
        `Version 2008-10-17 disables policy variables such as ${VARIABLE}; use "2012-10-17"`,
      ),
    ];
  }
  return [
    error(
      "version/invalid",
      ["Version"],
      `Version ${JSON.stringify(version)} is not valid; use "2012-10-17"`,
    ),
  ];
}

function readStatement(
  raw: unknown,
  path: JsonPathSegment[],
  out: Statement[],
  findings: LintFinding[],
): void {
  if (!isObject(raw)) {
    findings.push(error("statement/not-object", path, "a statement must be a JSON object"));
    return;
  }
  const st: Statement = { path };
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_ELEMENTS.includes(key)) {
      findings.push(
        error(
          "statement/unknown-element",
          [...path, key],
          `unknown statement element "${key}"; allowed: ${STATEMENT_ELEMENTS.join(", ")}`,
        ),
      );
    }
  }
  if (raw.Sid !== undefined) {
    if (typeof raw.Sid !== "string" || !SID.test(raw.Sid)) {
      findings.push(
        error("sid/invalid", [...path, "Sid"], "Sid must be a string of letters and digits only"),
      );
    } else st.sid = raw.Sid;
  }
  if (raw.Effect === undefined) {
    findings.push(
      error("effect/missing", path, 'the statement has no Effect; add "Effect": "Allow" or "Deny"'),
    );
  } else if (raw.Effect === "Allow" || raw.Effect === "Deny") {
    st.effect = raw.Effect;
  } else {
    findings.push(
      error(
        "effect/invalid",
        [...path, "Effect"],
        `Effect ${JSON.stringify(raw.Effect)} is not valid; use "Allow" or "Deny"`,
      ),
    );
  }
  for (const key of ["Principal", "NotPrincipal"]) {
    if (raw[key] !== undefined) {
      findings.push(
        error(
          "principal/not-allowed",
          [...path, key],
          `${key} is not allowed in an identity policy (the permission set's role is the principal); remove it`,
        ),
      );
    }
  }
  const action = readPair(raw, path, "Action", "NotAction", findings);
  if (action) st.action = action;
  const resource = readPair(raw, path, "Resource", "NotResource", findings);
  if (resource) st.resource = resource;
  const condition = readCondition(raw.Condition, [...path, "Condition"], findings);
  if (condition) st.condition = condition;
  out.push(st);
}

/** Action/NotAction or Resource/NotResource: exactly one, a string or a non-empty list of strings. */
function readPair(
  raw: Raw,
  path: JsonPathSegment[],
  name: string,
  notName: string,
  findings: LintFinding[],
): StatementElement | undefined {
  const code = name.toLowerCase();
  const has = raw[name] !== undefined;
  const hasNot = raw[notName] !== undefined;
  if (has && hasNot) {
    findings.push(
      error(`${code}/both`, [...path, notName], `a statement may have ${name} or ${notName}, not both`),
    );
    return undefined;
  }
  if (!has && !hasNot) {
    findings.push(
      error(`${code}/missing`, path, `the statement has no ${name}; add ${name} (or ${notName})`),
    );
    return undefined;
  }
  const element = has ? name : notName;
  const value = raw[element];
  const at = [...path, element];
  if (typeof value === "string") return { name: element, values: [{ value, path: at }] };
  if (Array.isArray(value) && value.length > 0) {
    const values: ElementValue[] = [];
    value.forEach((v, i) => {
      if (typeof v === "string") values.push({ value: v, path: [...at, i] });
      else findings.push(error(`${code}/not-string`, [...at, i], `each ${element} entry must be a string`));
    });
    return { name: element, values };
  }
  findings.push(
    error(`${code}/not-string`, at, `${element} must be a string or a non-empty list of strings`),
  );
  return undefined;
}

function readCondition(
  value: unknown,
  path: JsonPathSegment[],
  findings: LintFinding[],
): Record<string, Record<string, unknown>> | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    findings.push(
      error("condition/invalid", path, "Condition must be an object of operator → { key: value }"),
    );
    return undefined;
  }
  const out: Record<string, Record<string, unknown>> = {};
  for (const [operator, block] of Object.entries(value)) {
    if (!isObject(block)) {
      findings.push(
        error(
          "condition/invalid",
          [...path, operator],
          `the ${operator} block must be an object of key → value`,
        ),
      );
      continue;
    }
    out[operator] = block;
  }
  return out;
}

function duplicateSids(statements: Statement[]): LintFinding[] {
  const seen = new Set<string>();
  const findings: LintFinding[] = [];
  for (const st of statements) {
    if (st.sid === undefined || st.sid === "") continue;
    if (seen.has(st.sid)) {
      findings.push(
        error(
          "sid/duplicate",
          [...st.path, "Sid"],
          `Sid "${st.sid}" is used twice; Sids must be unique in a policy`,
        ),
      );
    }
    seen.add(st.sid);
  }
  return findings;
}
