/**
 * The tag hop: an Allow conditioned on `aws:ResourceTag/K` is a fence only while the holder cannot
 * put K on a resource itself. When the same policy lets the holder tag those resources with K (an
 * unconditioned `lambda:TagResource`, `ec2:CreateTags`, `iam:TagPolicy` ...), the holder tags someone
 * else's resource and the fenced actions apply to it. Reported at the condition key.
 */
import { resolveAction } from "./actions.ts";
import { service } from "./catalog.ts";
import { warning } from "./finding.ts";
import { formatJsonPath } from "./path.ts";
import { entryMet, holderAllowedBy, keyClass, type Probe, resourceMatches } from "./probe.ts";
import { kebab } from "./reach.ts";
import { concrete, outsideResources, targetTemplates } from "./reach-probes.ts";
import { arnCouldMatch } from "./resources.ts";
import type { Statement } from "./statement.ts";
import type { LintFinding } from "./types.ts";

const NO_CONTEXT: Probe = { action: "", resource: "", context: new Map() };
const REMOVES_TAGS = /^(Untag|Remove|Delete)/;

export function checkTagHops(statements: Statement[]): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const st of statements) {
    if (st.effect !== "Allow" || st.action?.name !== "Action" || st.resource?.name !== "Resource") continue;
    for (const [operator, block] of Object.entries(st.condition ?? {})) {
      for (const [key, raw] of Object.entries(block)) {
        if (keyClass(key) !== "resource-tag") continue;
        // Met without the tag (IfExists, a negated operator): no fence to hop over.
        if (entryMet(operator, key, raw, NO_CONTEXT, true)) continue;
        const hop = findHop(statements, st, key, operator, raw);
        if (hop) findings.push(hopFinding(st, operator, key, raw, hop));
      }
    }
  }
  return findings;
}

interface Hop {
  tagAction: string;
  resource: string;
  by: Statement;
}

function findHop(
  statements: Statement[],
  st: Statement,
  key: string,
  operator: string,
  raw: unknown,
): Hop | undefined {
  const tagKey = key.slice(key.indexOf("/") + 1);
  const context = new Map([
    ["aws:tagkeys", { values: [tagKey], open: true }],
    [`aws:requesttag/${tagKey.toLowerCase()}`, { values: [sampleValue(operator, raw)], open: false }],
  ]);
  for (const resource of untaggedResources(statements, st)) {
    const prefix = resource.split(":")[2] ?? "";
    for (const tagAction of taggingActions(prefix, resource)) {
      const by = holderAllowedBy(statements, { action: tagAction, resource, context });
      if (by) return { tagAction, resource, by };
    }
  }
  return undefined;
}

/** A value the fence accepts, to put in the tagging request. */
function sampleValue(operator: string, raw: unknown): string {
  const first = Array.isArray(raw) ? raw[0] : raw;
  if (operator === "Null" || first === undefined) return "x";
  return concrete(String(first));
}

/**
 * Resources the statement covers that carry no tag yet: its patterns made concrete (for "*", someone
 * else's resource of each type), and the resources other statements name inside its patterns (a
 * tagging grant on part of them is enough) when the fenced actions act on resources of that kind:
 * tagging an S3 bucket opens nothing to actions that are fenced on EC2 volumes.
 */
function untaggedResources(statements: Statement[], st: Statement): string[] {
  const out = new Set<string>();
  const templates = fencedTemplates(st);
  for (const other of statements) {
    if (other === st || other.effect !== "Allow" || other.resource?.name !== "Resource") continue;
    for (const r of other.resource.values) {
      if (!r.value.startsWith("arn:")) continue;
      const arn = concrete(r.value);
      if (!resourceMatches(st, arn)) continue;
      if (templates && !templates.some((t) => arnCouldMatch(t, arn))) continue;
      out.add(arn);
    }
  }
  for (const r of st.resource?.values ?? []) {
    if (r.value.startsWith("arn:")) {
      out.add(concrete(r.value));
      continue;
    }
    for (const v of st.action?.values ?? []) {
      const resolved = resolveAction(v.value);
      if (resolved.kind !== "ok") continue;
      for (const { service: prefix, action } of resolved.actions) {
        for (const arn of outsideResources(targetTemplates(prefix, action), r.value)) {
          if (arn !== "*") out.add(arn);
        }
      }
    }
  }
  return [...out].slice(0, 50);
}

/**
 * ARN templates of every resource type the statement's actions act on (an action on "*" only has no
 * resource whose tag could matter); undefined (no filter) when an action cannot be resolved.
 */
function fencedTemplates(st: Statement): string[] | undefined {
  const out: string[] = [];
  for (const v of st.action?.values ?? []) {
    const resolved = resolveAction(v.value);
    if (resolved.kind !== "ok") return undefined;
    for (const { service: prefix, action } of resolved.actions) {
      const svc = service(prefix);
      if (!svc) return undefined;
      for (const k of action.resourceTypes) {
        const arn = svc.resourceTypes.get(k)?.arn;
        if (arn) out.push(arn);
      }
    }
  }
  return out;
}

/** Actions of the service that add tags and can act on this resource. */
function taggingActions(prefix: string, resource: string): string[] {
  const svc = service(prefix);
  if (!svc) return [];
  return [...svc.actions.values()]
    .filter((a) => a.accessLevel.includes("Tagging") && !REMOVES_TAGS.test(a.name))
    .filter(
      (a) =>
        a.resourceTypes.length === 0 ||
        a.resourceTypes.some((k) => {
          const arn = svc.resourceTypes.get(k)?.arn;
          return arn !== undefined && arnCouldMatch(arn, resource);
        }),
    )
    .map((a) => `${svc.prefix}:${a.name}`);
}

function hopFinding(st: Statement, operator: string, key: string, raw: unknown, hop: Hop): LintFinding {
  const tagKey = key.slice(key.indexOf("/") + 1);
  const [svc, name = ""] = hop.tagAction.split(":");
  const actions = (st.action?.values ?? []).map((v) => v.value);
  const shown = actions.length > 3 ? `${actions.slice(0, 3).join(", ")}, ...` : actions.join(", ");
  const value = operator === "Null" ? "" : `=${JSON.stringify(raw)}`;
  return {
    ...warning(
      `tag-hop/${svc}-${kebab(name)}`,
      [...st.path, "Condition", operator, key],
      `${shown} is allowed only on resources tagged ${tagKey}${value}, but ${hop.tagAction} (allowed by ${formatJsonPath(hop.by.path)}) lets the holder add ${tagKey} to a resource that lacks it and then use it there: the tag condition is no fence`,
    ),
    fix: `let ${tagKey} be set only when a resource is created (aws:RequestTag/${tagKey} on the create call) and never added or changed later: deny ${hop.tagAction} with ForAnyValue:StringEquals aws:TagKeys ["${tagKey}"] on existing resources, or allow it only with ForAllValues:StringNotEquals aws:TagKeys ["${tagKey}"]`,
  };
}
