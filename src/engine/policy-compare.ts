/**
 * Semantic comparison of IAM policy documents. AWS hands back the text it stored, and tools write
 * the same policy in several equivalent shapes (a single action as a string or a one-element
 * array, one statement as an object or an array), so comparing text would report false drift.
 *
 * Normalisation: object keys sorted; `Statement` always an array (statement order kept);
 * Action / NotAction / Resource / NotResource, each Principal / NotPrincipal value and each
 * Condition value become sorted, de-duplicated arrays. Nothing else is interpreted.
 */
import { canonicalJson } from "./canonical-json.ts";

const LIST_KEYS = new Set(["Action", "NotAction", "Resource", "NotResource"]);
const PRINCIPAL_KEYS = new Set(["Principal", "NotPrincipal"]);

/** Normalised document, `null` for "no inline policy", or `undefined` when the text is not JSON. */
function parse(text: string): { ok: true; doc: unknown } | { ok: false } {
  if (text.trim() === "") return { ok: true, doc: null };
  try {
    return { ok: true, doc: normaliseDocument(JSON.parse(text)) };
  } catch {
    return { ok: false };
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function asSortedList(v: unknown): unknown {
  const items = Array.isArray(v) ? v : [v];
  if (!items.every((i) => typeof i === "string")) return v;
  return [...new Set(items as string[])].sort();
}

function mapValues(v: unknown, f: (x: unknown) => unknown): unknown {
  if (!isRecord(v)) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, f(x)]));
}

function normaliseStatement(st: unknown): unknown {
  if (!isRecord(st)) return st;
  return Object.fromEntries(
    Object.entries(st).map(([key, value]) => {
      if (LIST_KEYS.has(key)) return [key, asSortedList(value)];
      if (PRINCIPAL_KEYS.has(key))
        return [key, typeof value === "string" ? value : mapValues(value, asSortedList)];
      if (key === "Condition") return [key, mapValues(value, (op) => mapValues(op, asSortedList))];
      return [key, value];
    }),
  );
}

function normaliseDocument(doc: unknown): unknown {
  if (!isRecord(doc)) return doc;
  const out: Record<string, unknown> = { ...doc };
  if ("Statement" in doc) {
    const st = doc["Statement"];
    out["Statement"] = (Array.isArray(st) ? st : [st]).map(normaliseStatement);
  }
  return out;
}

/** Canonical text of the normalised policy ("" for none); unparsable text is returned trimmed. */
export function normalisedPolicyText(text: string): string {
  const p = parse(text);
  if (!p.ok) return text.trim();
  return p.doc === null ? "" : canonicalJson(p.doc, { sortArrays: false });
}

export function policiesEqual(a: string, b: string): boolean {
  return normalisedPolicyText(a) === normalisedPolicyText(b);
}

function statementsByEffect(text: string, effect: "Allow" | "Deny"): Set<string> | undefined {
  const p = parse(text);
  if (!p.ok) return undefined;
  const out = new Set<string>();
  if (!isRecord(p.doc)) return out;
  const statements = p.doc["Statement"];
  if (!Array.isArray(statements)) return out;
  for (const st of statements) {
    if (!isRecord(st) || st["Effect"] !== effect) continue;
    // Sid is a label: renaming a statement neither widens nor narrows it.
    const { Sid: _sid, ...rest } = st;
    out.add(canonicalJson(rest, { sortArrays: false }));
  }
  return out;
}

/**
 * Heuristic "does `after` grant something `before` did not": an Allow statement of `after` that is
 * not (in normalised form) in `before`, or a Deny statement of `before` that is gone. Not a policy
 * evaluator: a reworded but equivalent statement counts as broadening, which errs on the safe side.
 * Unparsable text counts as broadening when it changed.
 */
export function policyBroadens(before: string, after: string): boolean {
  if (policiesEqual(before, after)) return false;
  const allowBefore = statementsByEffect(before, "Allow");
  const allowAfter = statementsByEffect(after, "Allow");
  const denyBefore = statementsByEffect(before, "Deny");
  const denyAfter = statementsByEffect(after, "Deny");
  if (!allowBefore || !allowAfter || !denyBefore || !denyAfter) return true;
  for (const s of allowAfter) if (!allowBefore.has(s)) return true;
  for (const s of denyBefore) if (!denyAfter.has(s)) return true;
  return false;
}
