/**
 * Re-provisioning of managed permission sets whose roles in some accounts are not the latest
 * version (e.g. an earlier apply failed half-way, or someone edited the set in the console and did
 * not provision). Skipped when an update is planned: the update re-provisions every account anyway.
 */
import { addressOf } from "./addresses.ts";
import { ownEntry, type PlanContext } from "./context.ts";
import { type DiffResult, emptyResult } from "./diff-types.ts";
import type { Change } from "./plan-types.ts";

export function diffProvisioning(ctx: PlanContext, earlier: readonly Change[]): DiffResult {
  const out = emptyResult();
  const updated = new Set(
    earlier.filter((c) => c.kind === "permission_set" && c.action === "update").map((c) => c.address),
  );
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
