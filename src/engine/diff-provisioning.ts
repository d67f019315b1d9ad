/**
 * Re-provisioning of managed permission sets whose roles in some accounts are not the latest
 * version (e.g. an earlier apply failed half-way, or someone edited the set in the console and did
 * not provision). Skipped when an update re-provisions the set anyway (every account); a tag-only
 * update does not, so stale roles still get their own provisioning change then.
 */
import { addressOf } from "./addresses.ts";
import { ownEntry, type PlanContext } from "./context.ts";
import { type DiffResult, emptyResult } from "./diff-types.ts";
import type { Change, PermissionSetChange } from "./plan-types.ts";

export function diffProvisioning(ctx: PlanContext, earlier: readonly Change[]): DiffResult {
  const out = emptyResult();
  const reprovisions = (c: Change): c is PermissionSetChange =>
    c.kind === "permission_set" && c.action === "update" && c.reprovisionAccounts.length > 0;
  const updated = new Set(earlier.filter(reprovisions).map((c) => c.address));
  for (const name of ctx.desiredPermissionSets.keys()) {
    const actual = ctx.permissionSets.byName.get(name);
    const accounts = ownEntry(ctx.actual.staleProvisioning, name);
    if (!actual || accounts.length === 0 || updated.has(addressOf.permissionSet(name))) continue;
    out.changes.push({
      kind: "provisioning",
      action: "update",
      address: addressOf.provisioning(name),
      broadensAccess: false,
      reason: `roles in ${accounts.length} accounts are not the latest version`,
      permissionSet: name,
      arn: actual.arn,
      accounts,
    });
  }
  return out;
}
