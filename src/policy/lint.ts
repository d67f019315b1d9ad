/**
 * Lints one IAM identity policy document: the grammar (statement.ts), the IAM catalog (actions,
 * condition operators and keys, resource types), the size quota, risky grants (Allow *,
 * NotAction, privilege escalation) and, on request, what the holder reaches beyond the policy's
 * fences (reach.ts, tag-hop.ts). Codes and reasons are listed in docs/policy-lint.md.
 */
import { resolveAction } from "./actions.ts";
import { checkConditions } from "./conditions.ts";
import { checkEscalation } from "./escalation.ts";
import { error, warning } from "./finding.ts";
import { formatJsonPath } from "./path.ts";
import { checkReach } from "./reach.ts";
import { checkResources } from "./resources.ts";
import { checkSize } from "./size.ts";
import { readPolicy, type Statement } from "./statement.ts";
import { checkTagHops } from "./tag-hop.ts";
import type { AcceptedReach, LintFinding, LintOptions } from "./types.ts";

/**
 * Checks a parsed policy document (the value of JSON.parse). Synchronous: the IAM catalog is read
 * lazily from disk per service and cached for the process. Never throws for bad input; every
 * problem is a finding, errors first, each group in document order.
 */
export function lintPolicy(doc: unknown, opts: LintOptions = {}): LintFinding[] {
  const { statements, findings } = readPolicy(doc);
  for (const st of statements) {
    findings.push(...checkActions(st), ...checkConditions(st), ...checkResources(st), ...checkEscalation(st));
  }
  if (opts.reach) {
    const reach = [...checkReach(statements), ...checkTagHops(statements)];
    findings.push(...reach.filter((f) => !accepted(f, statements, opts.acceptedReach ?? [])));
  }
  findings.push(...checkSize(doc, opts.kind ?? "inline"));
  const errors = findings.filter((f) => f.severity === "error");
  const warnings = findings.filter((f) => f.severity === "warning");
  return [...errors, ...warnings];
}

/** The finding is reported on a statement whose Sid accepts its code. */
function accepted(f: LintFinding, statements: Statement[], list: readonly AcceptedReach[]): boolean {
  if (list.length === 0) return false;
  const st = statements.find((s) => {
    const at = formatJsonPath(s.path);
    return f.path === at || f.path.startsWith(`${at}.`);
  });
  return st?.sid !== undefined && list.some((a) => a.code === f.code && a.sid === st.sid);
}

function checkActions(st: Statement): LintFinding[] {
  const findings: LintFinding[] = [];
  if (!st.action) return findings;
  const allow = st.effect === "Allow";
  if (allow && st.action.name === "NotAction") {
    findings.push(
      warning(
        "action/not-action-allow",
        [...st.path, "NotAction"],
        "Allow with NotAction allows every action not listed, including services added later; list the allowed actions instead",
      ),
    );
  }
  for (const { value, path } of st.action.values) {
    const r = resolveAction(value);
    switch (r.kind) {
      case "all":
        if (allow && st.action.name === "Action") {
          findings.push(
            warning(
              "action/allow-all",
              path,
              `"${value}" allows every action on the resources; grant the actions needed`,
            ),
          );
        }
        break;
      case "invalid":
        findings.push(error("action/invalid", path, r.message));
        break;
      case "unknown-service":
        findings.push(error("action/unknown-service", path, r.message));
        break;
      case "unknown-action":
        findings.push(error("action/unknown", path, r.message));
        break;
      case "no-match":
        findings.push(error("action/no-match", path, r.message));
        break;
      default:
        break;
    }
  }
  return findings;
}
