/**
 * A permission set's customer-managed policies and permissions boundary must not live under
 * `catalog.iamPath` (default /terraform/): terraform-iam may create, rewrite and delete every policy
 * there, so its holder could rewrite what this permission set grants (finding 7 of issue 10). Checked
 * on the raw document beside the schema, like the other cross-section checks.
 */
import { DEFAULT_IAM_PATH } from "../catalog/defaults.ts";
import type { Issue } from "./issues.ts";

type Raw = Record<string, unknown>;

const isMapping = (v: unknown): v is Raw => v !== null && typeof v === "object" && !Array.isArray(v);

function message(kind: string, name: unknown, path: string, iamPath: string): string {
  return (
    `${kind} ${path}${String(name)} is under catalog.iamPath ${iamPath}, where terraform-iam creates, ` +
    `rewrites and deletes policies: its holder could change what this permission set grants. ` +
    `Keep permission-set policies on another path (for example /keyless/), or set catalog.iamPath to a path of its own`
  );
}

export function checkManagedPathPolicies(doc: Raw): Issue[] {
  const catalog = isMapping(doc.catalog) ? doc.catalog : {};
  const iamPath =
    typeof catalog.iamPath === "string" && catalog.iamPath !== "" ? catalog.iamPath : DEFAULT_IAM_PATH;
  // "/" is refused by the schema; comparing with it would flag every policy.
  if (iamPath === "/") return [];
  const under = (path: unknown): path is string => typeof path === "string" && path.startsWith(iamPath);
  const issues: Issue[] = [];
  const sets = isMapping(doc.permissionSets) ? doc.permissionSets : {};
  for (const [name, ps] of Object.entries(sets)) {
    if (!isMapping(ps)) continue;
    const cmps = Array.isArray(ps.customerManagedPolicies) ? ps.customerManagedPolicies : [];
    cmps.forEach((ref, i) => {
      if (isMapping(ref) && under(ref.path)) {
        issues.push({
          path: ["permissionSets", name, "customerManagedPolicies", i, "path"],
          message: message("customer-managed policy", ref.name, ref.path, iamPath),
        });
      }
    });
    const boundary = isMapping(ps.permissionsBoundary)
      ? ps.permissionsBoundary.customerManagedPolicy
      : undefined;
    if (isMapping(boundary) && under(boundary.path)) {
      issues.push({
        path: ["permissionSets", name, "permissionsBoundary", "customerManagedPolicy", "path"],
        message: message("permissions boundary", boundary.name, boundary.path, iamPath),
      });
    }
  }
  return issues;
}
