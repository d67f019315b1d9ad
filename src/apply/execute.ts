/** Runs one change against the writer, by kind. Throws on failure; the caller records the result. */
import type { Change } from "../engine/plan-types.ts";
import { executeAssignment } from "./exec-assignments.ts";
import { executeCi } from "./exec-ci.ts";
import type { ExecContext } from "./exec-context.ts";
import { executeGroup, executeMembership, executeUser } from "./exec-identity.ts";
import { executePermissionSet, executeProvisioning } from "./exec-permission-sets.ts";
import { executeStateBackend } from "./exec-state-backend.ts";

export function executeChange(change: Change, ctx: ExecContext): Promise<void> {
  switch (change.kind) {
    case "kms_key":
    case "state_bucket":
    case "state_bucket_setting":
    case "lock_table":
      return executeStateBackend(change, ctx);
    case "user":
      return executeUser(change, ctx);
    case "group":
      return executeGroup(change, ctx);
    case "membership":
      return executeMembership(change, ctx);
    case "permission_set":
      return executePermissionSet(change, ctx);
    case "provisioning":
      return executeProvisioning(change, ctx);
    case "assignment":
      return executeAssignment(change, ctx);
    case "ci_oidc_provider":
    case "ci_role":
      return executeCi(change, ctx);
  }
}
