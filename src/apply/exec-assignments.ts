/** Account assignments: start the asynchronous operation, then poll it to the end. */
import type { AssignmentChange } from "../engine/plan-types.ts";
import { retryOnConflict } from "./change-errors.ts";
import type { ExecContext } from "./exec-context.ts";
import { waitForOperation } from "./poll.ts";
import type { AssignmentTarget } from "./ports.ts";

export async function executeAssignment(change: AssignmentChange, ctx: ExecContext): Promise<void> {
  const { writer, ids, poll, progress } = ctx;
  const { address, principal } = change;
  const target: AssignmentTarget = {
    principalType: principal.type,
    principalId:
      change.principalId ??
      ids.require(principal.type === "USER" ? "user" : "group", principal.name, address),
    permissionSetArn: change.permissionSetArn ?? ids.require("permission_set", change.permissionSet, address),
    accountId: change.accountId,
  };
  if (change.action === "create") {
    const label = "assignment creation";
    const op = await retryOnConflict(() => writer.startCreateAssignment(target), label, poll, progress);
    await waitForOperation(op, (id) => writer.assignmentCreationStatus(id), label, poll, progress);
  } else {
    const label = "assignment deletion";
    const op = await retryOnConflict(() => writer.startDeleteAssignment(target), label, poll, progress);
    await waitForOperation(op, (id) => writer.assignmentDeletionStatus(id), label, poll, progress);
  }
}
