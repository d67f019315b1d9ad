/**
 * The holder's side of a policy: a probe is one request the holder of the policy could send (an
 * action, a resource ARN, what the request context is known to hold), and the question is whether
 * the policy lets it through. This is not an IAM evaluator; it answers "can the holder arrange this
 * request so that an Allow matches and no Deny does", with these simplifications (docs/policy-lint.md):
 *
 * - Tag keys are the probe's to set: `aws:ResourceTag/*` (and `<service>:ResourceTag/*`) not in the
 *   probe are absent (the resource is one the holder does not own yet), request tags and
 *   `aws:TagKeys` are what the probe says.
 * - Other global keys (`aws:RequestedRegion`, `aws:SourceIp`, time, MFA, principal tags ...) are
 *   free: the holder picks a value that satisfies an Allow and avoids a Deny, independently for each
 *   condition (two conditions on the same key are not checked for consistency).
 * - Service-specific keys (`lambda:FunctionUrlAuthType`, `iam:PermissionsBoundary`, `ec2:Attribute`
 *   ...) are trusted as fences: an Allow conditioned on one does not match the risky request, a Deny
 *   conditioned on one does. A few that only describe the call (`ec2:Region`, S3 signature keys) are free.
 * - Numeric, date, IP and binary operators, and values with policy variables, are undecided: they
 *   count as met for an Allow and as not met for a Deny.
 */
import { patternGrants, wildcardRegex } from "./actions.ts";
import type { Statement } from "./statement.ts";

/** What the request context holds for one key. `open`: the holder may add further values (aws:TagKeys). */
export type ContextValue = { absent: true } | { values: string[]; open: boolean };

export interface Probe {
  /** `service:Action` as the catalog spells it. */
  action: string;
  /** A concrete ARN (or `*` for actions without resource types). */
  resource: string;
  /** Lower-case key → value; tag keys use the `aws:` form (`aws:requesttag/team`, `aws:tagkeys`). */
  context: Map<string, ContextValue>;
}

type KeyClass = "resource-tag" | "request-tag" | "free" | "fence";

/** Service-specific keys that describe the call, not what it changes: they fence nothing. */
const FREE_SERVICE_KEYS = new Set([
  "ec2:region",
  "s3:tlsversion",
  "s3:authtype",
  "s3:signatureage",
  "s3:signatureversion",
  "s3:x-amz-content-sha256",
]);

export function keyClass(key: string): KeyClass {
  const lower = key.toLowerCase();
  if (/^[a-z0-9-]+:resourcetag\/./.test(lower)) return "resource-tag";
  if (/^[a-z0-9-]+:requesttag\/./.test(lower) || /^[a-z0-9-]+:tagkeys$/.test(lower)) return "request-tag";
  if (lower.startsWith("aws:") || FREE_SERVICE_KEYS.has(lower)) return "free";
  return "fence";
}

/** `lambda:ResourceTag/Team` → `aws:resourcetag/team`: service tag keys mirror the global ones. */
export function tagKeyForm(key: string): string {
  const lower = key.toLowerCase();
  return `aws:${lower.slice(lower.indexOf(":") + 1)}`;
}

type Lookup = ContextValue | "free" | "fence";

function lookup(key: string, probe: Probe): Lookup {
  const cls = keyClass(key);
  if (cls === "free" || cls === "fence") return probe.context.get(key.toLowerCase()) ?? cls;
  const known = probe.context.get(tagKeyForm(key));
  if (known) return known;
  return cls === "resource-tag" ? { absent: true } : "free";
}

const asStrings = (raw: unknown): string[] => (Array.isArray(raw) ? raw : [raw]).map((v) => String(v));

/** Case-sensitive glob as IAM's String*Like and Arn* operators use it. */
const globMatch = (pattern: string, value: string): boolean =>
  new RegExp(wildcardRegex(pattern).source).test(value);

/** value-vs-policy-value matcher of the positive form of an operator; undefined when not decided here. */
function matcher(base: string): ((value: string, p: string) => boolean) | undefined {
  switch (base.replace("Not", "")) {
    case "StringEquals":
      return (v, p) => v === p;
    case "StringEqualsIgnoreCase":
      return (v, p) => v.toLowerCase() === p.toLowerCase();
    case "StringLike":
    case "ArnLike":
    case "ArnEquals":
      return (v, p) => globMatch(p, v);
    case "Bool":
      return (v, p) => v.toLowerCase() === p.toLowerCase();
    default:
      return undefined;
  }
}

/**
 * Whether one condition entry counts as met. For an Allow: the holder can make it true. For a Deny:
 * it is true whatever the holder does. Semantics of absent keys, IfExists, Null and the set
 * operators as in the IAM documentation.
 */
export function entryMet(operator: string, key: string, raw: unknown, probe: Probe, allow: boolean): boolean {
  const m = /^(ForAllValues:|ForAnyValue:)?(.+?)(IfExists)?$/.exec(operator);
  if (!m) return allow;
  const set = m[1];
  const base = m[2]!;
  const ifExists = m[3] !== undefined;
  const ctx = lookup(key, probe);
  if (ctx === "free") return allow;
  if (ctx === "fence") return !allow;
  const policyValues = asStrings(raw);
  const negated = base !== "Null" && base.includes("Not");
  if ("absent" in ctx) {
    if (base === "Null") return policyValues.some((p) => p.toLowerCase() === "true");
    if (ifExists || set === "ForAllValues:") return true;
    if (set === "ForAnyValue:") return false;
    return negated;
  }
  if (base === "Null") return policyValues.some((p) => p.toLowerCase() === "false");
  const match = matcher(base);
  if (!match || policyValues.some((p) => p.includes("${"))) return allow;
  const hit = (v: string) => policyValues.some((p) => match(v, p));
  const ok = (v: string) => (negated ? !hit(v) : hit(v));
  const { values, open } = ctx;
  if (set === "ForAllValues:") {
    // Allow: send no extra value. Deny: the holder can add a value that breaks "all".
    return values.every(ok) && (allow || !open);
  }
  // ForAnyValue, and a plain operator on a key with several values, behave as "some value".
  if (values.some(ok)) return true;
  return allow && open;
}

export function conditionMet(st: Statement, probe: Probe): boolean {
  const allow = st.effect === "Allow";
  for (const [operator, block] of Object.entries(st.condition ?? {})) {
    for (const [key, raw] of Object.entries(block)) {
      if (!entryMet(operator, key, raw, probe, allow)) return false;
    }
  }
  return true;
}

export function actionMatches(st: Statement, action: string): boolean {
  if (!st.action) return false;
  const granted = st.action.values.some((v) => patternGrants(v.value, action));
  return st.action.name === "NotAction" ? !granted : granted;
}

/** A resource pattern covers a concrete ARN. Policy variables never match: they fence by the holder's identity. */
export function resourcePatternCovers(pattern: string, resource: string): boolean {
  if (pattern === "*") return true;
  if (pattern.includes("${")) return false;
  return wildcardRegex(pattern).test(resource);
}

export function resourceMatches(st: Statement, resource: string): boolean {
  if (!st.resource) return false;
  const covered = st.resource.values.some((r) => resourcePatternCovers(r.value, resource));
  return st.resource.name === "NotResource" ? !covered : covered;
}

export function statementMatches(st: Statement, probe: Probe): boolean {
  return actionMatches(st, probe.action) && resourceMatches(st, probe.resource) && conditionMet(st, probe);
}

/** A Deny that applies to the probe whatever the holder does. */
export function deniedBy(statements: Statement[], probe: Probe): Statement | undefined {
  return statements.find((st) => st.effect === "Deny" && statementMatches(st, probe));
}

/** The Allow statement that lets the holder send the probe (none when no Allow matches or a Deny applies). */
export function holderAllowedBy(statements: Statement[], probe: Probe): Statement | undefined {
  if (deniedBy(statements, probe)) return undefined;
  return statements.find((st) => st.effect === "Allow" && statementMatches(st, probe));
}
