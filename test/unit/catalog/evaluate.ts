/**
 * A small IAM evaluator for the preset tests: explicit Deny wins, then any Allow, else implicit
 * deny. Supports what the presets use: Action/NotAction and Resource wildcards, and the condition
 * operators StringEquals, StringNotEquals, StringLike, ArnLike and ForAnyValue:StringEquals. A key
 * missing from the request context fails a positive operator and satisfies a negated one, as in IAM.
 */
import type { PolicyDocument, PolicyStatement } from "../../../src/catalog/types.ts";

export type Context = Record<string, string | string[]>;
export type Decision = "allow" | "deny" | "implicit-deny";

const glob = (pattern: string, caseInsensitive = false): RegExp =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    caseInsensitive ? "i" : "",
  );

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

function actionMatches(st: PolicyStatement, action: string): boolean {
  if (st.Action) return st.Action.some((a) => glob(a, true).test(action));
  if (st.NotAction) return !st.NotAction.some((a) => glob(a, true).test(action));
  return false;
}

function conditionHolds(st: PolicyStatement, ctx: Context): boolean {
  for (const [operator, block] of Object.entries(st.Condition ?? {})) {
    for (const [key, expected] of Object.entries(block)) {
      const want = list(expected);
      const got = ctx[key] === undefined ? undefined : list(ctx[key]);
      const ok = (() => {
        switch (operator) {
          case "StringEquals":
            return (got ?? []).some((g) => want.includes(g));
          case "StringNotEquals":
            return got === undefined || !got.some((g) => want.includes(g));
          case "StringLike":
          case "ArnLike":
            return (got ?? []).some((g) => want.some((w) => glob(w).test(g)));
          case "ForAnyValue:StringEquals":
            return (got ?? []).some((g) => want.includes(g));
          default:
            throw new Error(`evaluator: unsupported operator ${operator}`);
        }
      })();
      if (!ok) return false;
    }
  }
  return true;
}

function applies(st: PolicyStatement, action: string, resource: string, ctx: Context): boolean {
  return (
    actionMatches(st, action) &&
    list(st.Resource).some((r) => glob(r).test(resource)) &&
    conditionHolds(st, ctx)
  );
}

/** Every request carries aws:RequestedRegion; the tests default it to an allowed region. */
const BASE_CONTEXT: Context = { "aws:RequestedRegion": "eu-central-1" };

export function decide(doc: PolicyDocument, action: string, resource = "*", ctx: Context = {}): Decision {
  const full = { ...BASE_CONTEXT, ...ctx };
  const matching = doc.Statement.filter((st) => applies(st, action, resource, full));
  if (matching.some((st) => st.Effect === "Deny")) return "deny";
  if (matching.some((st) => st.Effect === "Allow")) return "allow";
  return "implicit-deny";
}
