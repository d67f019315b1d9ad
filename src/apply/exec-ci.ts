/** Executes CI changes in member accounts: an OIDC provider (create, add audience), a CI role. */
import type { CiProviderChange, CiRoleChange } from "../engine/plan-types.ts";
import { KeylessError } from "../errors/keyless-error.ts";
import type { ExecContext } from "./exec-context.ts";
import { required } from "./exec-context.ts";

export async function executeCi(change: CiProviderChange | CiRoleChange, ctx: ExecContext): Promise<void> {
  const ci = ctx.ci;
  if (!ci) {
    throw new KeylessError("PLAN_INVALID", `${change.address}: no CI writer for this apply`, {
      hint: "run `keyless plan` again with a keyless.yaml that has ci.roles",
    });
  }
  if (change.kind === "ci_oidc_provider") {
    if (change.action === "create")
      await ci.createOidcProvider(change.accountId, change.url, change.clientIds);
    else await ci.addOidcClientIds(change.accountId, change.arn, change.clientIds);
    return;
  }
  switch (change.action) {
    case "create":
      await ci.createRole(change.accountId, required(change.after, "after", change.address));
      return;
    case "update":
      await ci.updateRole(
        change.accountId,
        required(change.before, "before", change.address),
        required(change.after, "after", change.address),
        change.changedFields,
      );
      return;
    case "delete":
      await ci.deleteRole(change.accountId, required(change.before, "before", change.address));
      return;
  }
}
