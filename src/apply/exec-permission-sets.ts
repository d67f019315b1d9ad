/**
 * Permission sets and provisioning. After an update the permission set is re-provisioned to all
 * accounts it is provisioned to, so the roles in those accounts are never left at the old version.
 *
 * ProvisioningChange uses ALL_PROVISIONED_ACCOUNTS too, not one request per listed account: one
 * request per permission set instead of one per account, AWS fans it out itself (and serialises the
 * one-role-per-account update quota), and re-provisioning an up-to-date account is harmless.
 */
import type { PermissionSetChange, ProvisioningChange } from "../engine/plan-types.ts";
import { retryOnConflict } from "./change-errors.ts";
import { type ExecContext, required } from "./exec-context.ts";
import { waitForOperation } from "./poll.ts";

export async function executePermissionSet(change: PermissionSetChange, ctx: ExecContext): Promise<void> {
  const { writer, ids } = ctx;
  const { address, name } = change;
  if (change.action === "create") {
    const arn = await writer.createPermissionSet(required(change.after, "after", address));
    ids.recordCreated("permission_set", name, arn);
    return;
  }
  const arn = change.arn ?? ids.require("permission_set", name, address);
  if (change.action === "delete") {
    await writer.deletePermissionSet(arn);
    return;
  }
  const before = required(change.before, "before", address);
  const after = required(change.after, "after", address);
  if (change.changedFields.length > 0) {
    await writer.updatePermissionSet(arn, before, after, change.changedFields);
  }
  if (change.reprovisionAccounts.length > 0) await reprovision(arn, ctx);
}

export async function executeProvisioning(change: ProvisioningChange, ctx: ExecContext): Promise<void> {
  if (ctx.reprovisioned.has(change.arn)) {
    ctx.progress("already re-provisioned to all accounts after its update in this apply");
    return;
  }
  await reprovision(change.arn, ctx);
}

async function reprovision(arn: string, ctx: ExecContext): Promise<void> {
  const { writer, poll, progress } = ctx;
  const op = await retryOnConflict(
    () => writer.startProvisioning(arn, "ALL_PROVISIONED_ACCOUNTS"),
    "provisioning",
    poll,
    progress,
  );
  await waitForOperation(op, (id) => writer.provisioningStatus(id), "provisioning", poll, progress);
  ctx.reprovisioned.add(arn);
}
