/**
 * Action names against the IAM catalog: `service:Action`, case-insensitive, with `*` and `?`
 * wildcards in the action part. Resolving a pattern gives the catalog actions it grants, which the
 * resource and escalation checks reuse.
 */

import { suggest } from "../config/suggest.ts";
import { allServicePrefixes, type CatalogAction, service } from "./catalog.ts";

export interface ResolvedAction {
  service: string;
  action: CatalogAction;
}

export type ActionResolution =
  /** `*` or `*:*`: every action of every service. */
  | { kind: "all" }
  /** Wildcards in the service part (`s3*:Get*`): not checkable, trusted. */
  | { kind: "unchecked" }
  | { kind: "invalid"; message: string }
  | { kind: "unknown-service"; message: string }
  | { kind: "unknown-action"; message: string }
  | { kind: "no-match"; message: string }
  | { kind: "ok"; actions: ResolvedAction[] };

const FORMAT = /^([A-Za-z0-9*?-]+):([A-Za-z0-9*?-]+)$/;
const cache = new Map<string, ActionResolution>();

export function resolveAction(text: string): ActionResolution {
  let r = cache.get(text);
  if (r === undefined) {
    r = resolveUncached(text);
    cache.set(text, r);
  }
  return r;
}

function resolveUncached(text: string): ActionResolution {
  if (text === "*" || text === "*:*") return { kind: "all" };
  const m = FORMAT.exec(text);
  if (!m) {
    return {
      kind: "invalid",
      message: `"${text}" is not an action; write service:Action, e.g. "s3:GetObject" (wildcards * and ? only)`,
    };
  }
  const prefix = m[1]!;
  const name = m[2]!;
  if (/[*?]/.test(prefix)) return { kind: "unchecked" };
  const svc = service(prefix);
  if (!svc) {
    const close = suggest(prefix.toLowerCase(), allServicePrefixes());
    return {
      kind: "unknown-service",
      message: `unknown service prefix "${prefix}" in "${text}"${close ? `; did you mean "${close}"?` : ""}`,
    };
  }
  if (!/[*?]/.test(name)) {
    const action = svc.actions.get(name.toLowerCase());
    if (action) return { kind: "ok", actions: [{ service: svc.prefix, action }] };
    const names = [...svc.actions.values()].map((a) => a.name);
    const close = suggest(name, names);
    return {
      kind: "unknown-action",
      message: `unknown action "${text}"${close ? `; did you mean "${prefix}:${close}"?` : ` (service ${prefix} has no such action)`}`,
    };
  }
  const re = wildcardRegex(name);
  const actions = [...svc.actions.values()]
    .filter((a) => re.test(a.name))
    .map((action) => ({ service: svc.prefix, action }));
  if (actions.length === 0) {
    return {
      kind: "no-match",
      message: `"${text}" matches no ${prefix} action; check the spelling of the pattern`,
    };
  }
  return { kind: "ok", actions };
}

/** IAM wildcard (`*` any run, `?` one character) as a case-insensitive regex. */
export function wildcardRegex(pattern: string): RegExp {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`, "i");
}

/** Whether an action pattern as written (`iam:Put*`, `*`) grants `service:Action`. */
export function patternGrants(pattern: string, qualified: string): boolean {
  if (pattern === "*") return true;
  return wildcardRegex(pattern).test(qualified);
}
