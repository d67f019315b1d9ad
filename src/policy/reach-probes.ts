/**
 * Concrete resource ARNs for probes: one that lies outside any fence a Resource pattern draws (a
 * resource of someone else, named so no prefix or path pattern matches it), and one inside the
 * pattern that simply lacks the tags a condition asks for.
 */
import type { CatalogAction } from "./catalog.ts";
import { service } from "./catalog.ts";

/** The name an outside resource has: matched by `*` only, never by a name prefix or a path. */
export const OUTSIDE_NAME = "zz9-outside-fence";

/** A string a glob pattern matches (wildcards and policy variables filled in). */
export function concrete(pattern: string): string {
  return pattern
    .replace(/\$\{[^}]*\}/g, "zz9")
    .replace(/\*/g, "zz9")
    .replace(/\?/g, "z");
}

/** ARN templates of the types an action acts on: the given target, else the required ones, else all. */
export function targetTemplates(prefix: string, action: CatalogAction, target?: string): string[] {
  const svc = service(prefix);
  if (!svc) return [];
  const keys = target
    ? [target.toLowerCase()]
    : action.requiredResourceTypes.length > 0
      ? action.requiredResourceTypes
      : action.resourceTypes;
  return keys.flatMap((k) => {
    const arn = svc.resourceTypes.get(k)?.arn;
    return arn ? [arn] : [];
  });
}

/**
 * An instance of a catalog ARN template outside any name fence, in the partition, region and account
 * the policy's resource pattern names (those are no fence: other teams share the account).
 */
export function outsideArn(template: string, pattern: string): string {
  const t = template.split(":");
  const given = pattern.startsWith("arn:") ? pattern.split(":") : [];
  const seg = (i: number, fallback: string): string => {
    const own = t[i] ?? "";
    if (!own.includes("${")) return own;
    return given[i] !== undefined ? concrete(given[i]!) : fallback;
  };
  const rest = t
    .slice(5)
    .join(":")
    .replace(/\$\{[^}]*\}/g, OUTSIDE_NAME);
  return ["arn", seg(1, "aws"), t[2] ?? "", seg(3, "us-east-1"), seg(4, "123456789012"), rest].join(":");
}

/** Outside probes of an action for one Resource (or NotResource) value; `*` for actions without types. */
export function outsideResources(templates: string[], pattern: string): string[] {
  if (templates.length === 0) return ["*"];
  return [...new Set(templates.map((t) => outsideArn(t, pattern)))];
}
