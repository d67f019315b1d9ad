/**
 * Reach checks: what the holder of a policy can do to resources it does not manage. An allowed
 * resource-policy write, credential reset or configuration-level code execution (reach-rules.ts) is
 * reported when the holder can aim it at a resource outside every fence of the statement: its
 * Resource pattern covers someone else's resource, its Condition can be met (probe.ts), and no Deny
 * of the same policy stops it. Tag conditions the holder can satisfy are tag-hop.ts.
 */
import { resolveAction } from "./actions.ts";
import type { CatalogAction } from "./catalog.ts";
import { ESCALATION_RULES } from "./escalation.ts";
import { warning } from "./finding.ts";
import { deniedBy, type Probe, statementMatches } from "./probe.ts";
import { outsideResources, targetTemplates } from "./reach-probes.ts";
import { type ReachCategory, type ReachRule, reachRule } from "./reach-rules.ts";
import type { Statement } from "./statement.ts";
import type { LintFinding } from "./types.ts";

const FIX: Record<ReachCategory, string> = {
  "resource-policy":
    "list the resources this policy manages in Resource (a name prefix or path), or add a condition the holder cannot satisfy, such as aws:ResourceTag/<key> with the tag settable only at creation; keep cross-account sharing out with an SCP/RCP",
  "credential-reset":
    "list the databases or users this policy manages in Resource, or fence them with a tag settable only at creation (aws:ResourceTag/<key>); prefer credentials managed in Secrets Manager",
  "code-execution":
    "list the resources this policy manages in Resource, or fence them with a tag settable only at creation (aws:ResourceTag/<key>), so code runs only with roles of resources the holder manages",
};

/** `ModifyDBInstance` → `modify-db-instance`. */
export function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .toLowerCase();
}

export const reachCode = (category: string, qualified: string): string => {
  const [svc, name = ""] = qualified.split(":");
  return `${category}/${svc}-${kebab(name)}`;
};

/** A request the holder can send to a resource outside the statement's fences, if there is one. */
function outsideProbe(
  statements: Statement[],
  st: Statement,
  prefix: string,
  action: CatalogAction,
  target?: string,
): { probe: Probe; pattern: string } | undefined {
  if (!st.resource) return undefined;
  const qualified = `${prefix}:${action.name}`;
  const templates = targetTemplates(prefix, action, target);
  for (const r of st.resource.values) {
    for (const resource of outsideResources(templates, r.value)) {
      const probe: Probe = { action: qualified, resource, context: new Map() };
      if (statementMatches(st, probe) && !deniedBy(statements, probe)) return { probe, pattern: r.value };
    }
  }
  return undefined;
}

/** Whether some Allow of the policy lets the holder use `qualified` on a resource outside its fences. */
function holderCanAnywhere(statements: Statement[], qualified: string): boolean {
  const r = resolveAction(qualified);
  if (r.kind !== "ok") return false;
  const [{ service: prefix, action }] = r.actions as [(typeof r.actions)[number]];
  return statements.some(
    (st) => st.effect === "Allow" && outsideProbe(statements, st, prefix, action) !== undefined,
  );
}

/** The escalation check already reports this grant (same action, unconditioned, on "*"). */
function escalationReports(st: Statement, qualified: string): boolean {
  const rule = ESCALATION_RULES.find((r) => r.action.toLowerCase() === qualified.toLowerCase());
  if (!rule || (st.condition && Object.keys(st.condition).length > 0)) return false;
  return (
    rule.when === "unconditioned" ||
    st.resource?.name === "NotResource" ||
    (st.resource?.values.some((v) => v.value === "*") ?? false)
  );
}

export function checkReach(statements: Statement[]): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const st of statements) {
    if (st.effect !== "Allow" || st.action?.name !== "Action") continue;
    const seen = new Set<string>();
    for (const v of st.action.values) {
      const resolved = resolveAction(v.value);
      if (resolved.kind !== "ok") continue; // `*` and NotAction have their own warnings
      for (const { service: prefix, action } of resolved.actions) {
        const qualified = `${prefix}:${action.name}`;
        const rule = reachRule(prefix, action);
        if (!rule || seen.has(qualified) || escalationReports(st, qualified)) continue;
        const outside = outsideProbe(statements, st, prefix, action, rule.target);
        if (!outside) continue;
        const partners = rule.needs?.filter((n) => holderCanAnywhere(statements, n));
        if (partners?.length === 0) continue;
        seen.add(qualified);
        findings.push(reachFinding(st, v, rule, qualified, outside.pattern, partners));
      }
    }
  }
  return findings;
}

function reachFinding(
  st: Statement,
  v: { value: string; path: Statement["path"] },
  rule: ReachRule,
  qualified: string,
  pattern: string,
  partners: string[] | undefined,
): LintFinding {
  const via = v.value.toLowerCase() === qualified.toLowerCase() ? "" : ` (via "${v.value}")`;
  const where = pattern === "*" ? 'Resource "*"' : `"${pattern}"`;
  const conditioned = st.condition !== undefined && Object.keys(st.condition).length > 0;
  const cond = conditioned ? " (its Condition does not fence the resource)" : "";
  const also = partners ? `; with ${partners.join(", ")} also allowed` : "";
  const fix = rule.fix ? `${FIX[rule.category]}; ${rule.fix}` : FIX[rule.category];
  return {
    ...warning(
      reachCode(rule.category, qualified),
      v.path,
      `${qualified}${via} is allowed on ${where}${cond}, beyond the resources this policy manages: it ${rule.why}${also}`,
    ),
    fix,
  };
}
