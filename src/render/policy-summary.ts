/**
 * One line per statement of a policy keyless writes itself (a new state key's key policy, a new
 * bucket policy): who may do what to which resource under which condition keys. A reviewer reads
 * eight lines instead of ninety; `--full` prints the document.
 */
import { policyCharacters } from "./preset-view.ts";
import { type Colors, safe } from "./style.ts";

const ACTIONS_SHOWN = 4;

/** Lines for `policy` (compact JSON), or undefined when it is not a policy with statements. */
export function policySummaryLines(policy: string, c: Colors): string[] | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    return undefined;
  }
  const statements = (doc as { Statement?: unknown } | null)?.Statement;
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  if (list.length === 0 || !list.every((s) => s !== null && typeof s === "object")) return undefined;
  const head = `${list.length} ${list.length === 1 ? "statement" : "statements"}, ${policyCharacters(policy).toLocaleString("en-US")} characters (--full shows the policy)`;
  return [head, ...list.map((s) => statementLine(s as Record<string, unknown>, c))];
}

function statementLine(s: Record<string, unknown>, c: Colors): string {
  const effect = s.Effect === "Deny" ? c.red("Deny") : c.green(safe(String(s.Effect ?? "?")));
  const sid = typeof s.Sid === "string" ? ` ${safe(s.Sid)}` : "";
  const not = s.NotAction !== undefined ? "all but " : "";
  const actions = strings(s.Action ?? s.NotAction).map(safe);
  const shown =
    actions.length > ACTIONS_SHOWN
      ? `${actions.length} actions (${actions.slice(0, ACTIONS_SHOWN).join(", ")}, ...)`
      : actions.join(", ");
  const parts = [`${effect}${sid}: ${not}${shown}`];
  parts.push(
    `on ${
      strings(s.Resource ?? s.NotResource)
        .map(safe)
        .join(", ") || "?"
    }`,
  );
  const principal = principals(s.Principal);
  if (principal) parts.push(`for ${safe(principal)}`);
  const conditions = conditionKeys(s.Condition).map(safe);
  if (conditions.length > 0) parts.push(`if ${conditions.join(", ")}`);
  return parts.join(" ");
}

function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  return Array.isArray(v) ? v.map(String) : [];
}

function principals(p: unknown): string {
  if (p === undefined) return "";
  if (typeof p === "string") return p;
  if (p === null || typeof p !== "object") return String(p);
  return Object.values(p as Record<string, unknown>)
    .flatMap(strings)
    .join(", ");
}

/** `aws:SecureTransport`, `kms:ViaService`: the keys a statement's conditions test. */
function conditionKeys(cond: unknown): string[] {
  if (cond === null || typeof cond !== "object") return [];
  const keys = Object.values(cond as Record<string, unknown>).flatMap((block) =>
    block !== null && typeof block === "object" ? Object.keys(block) : [],
  );
  return [...new Set(keys)];
}

/**
 * One line per lifecycle rule (S3's shape, compact JSON) of a new lifecycle configuration:
 * `keyless-state-retention (Enabled): noncurrent versions expire after 90 days, ...`.
 */
export function lifecycleSummaryLines(rules: string): string[] | undefined {
  let list: unknown;
  try {
    list = JSON.parse(rules);
  } catch {
    return undefined;
  }
  if (!Array.isArray(list) || list.length === 0) return undefined;
  if (!list.every((r) => r !== null && typeof r === "object")) return undefined;
  const head = `lifecycle: ${list.length} ${list.length === 1 ? "rule" : "rules"} (--full shows them)`;
  return [head, ...list.map((r) => lifecycleRuleLine(r as Record<string, unknown>))];
}

function lifecycleRuleLine(rule: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(rule)) {
    if (key === "ID" || key === "Status") continue;
    const v = value as Record<string, unknown> | null;
    if (key === "NoncurrentVersionExpiration" && typeof v?.NoncurrentDays === "number") {
      parts.push(`noncurrent versions expire after ${v.NoncurrentDays} days`);
    } else if (key === "AbortIncompleteMultipartUpload" && typeof v?.DaysAfterInitiation === "number") {
      parts.push(`incomplete uploads are aborted after ${v.DaysAfterInitiation} days`);
    } else if (key === "Filter" && v && Object.keys(v).length === 1 && v.Prefix === "") {
      // The whole bucket: the default reading of a rule, not worth a word.
    } else {
      parts.push(`${safe(key)} ${safe(JSON.stringify(value))}`);
    }
  }
  const id = typeof rule.ID === "string" ? safe(rule.ID) : "(no ID)";
  const status = typeof rule.Status === "string" ? ` (${safe(rule.Status)})` : "";
  return `${id}${status}: ${parts.join(", ") || "no actions"}`;
}
