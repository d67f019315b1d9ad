/** What one change's execution gets: the writer, id resolution, polling settings and a progress sink. */
import { KeylessError } from "../errors/keyless-error.ts";
import type { IdContext } from "./ids.ts";
import type { PollSettings } from "./options.ts";
import type { CiWriter, IdentityCenterWriter, StateBackendWriter } from "./ports.ts";

export interface ExecContext {
  writer: IdentityCenterWriter;
  ids: IdContext;
  poll: PollSettings;
  /** Emits a change-progress event for the change being executed. */
  progress(message: string): void;
  /** ARNs re-provisioned successfully in this apply (a later provisioning change for them is a no-op). */
  reprovisioned: Set<string>;
  /** The state backend writer (absent when the plan has no state backend) and the key ARNs created, by alias. */
  stateBackend?: { writer: StateBackendWriter; createdKeys: Map<string, string> };
  /** The CI role writer (absent when the plan has no CI roles). */
  ci?: CiWriter;
}

/** A field the plan must carry for this action (a saved plan may be hand-edited or corrupt). */
export function required<T>(value: T | undefined, field: string, address: string): T {
  if (value !== undefined) return value;
  throw new KeylessError("PLAN_INVALID", `${address}: the plan lacks "${field}" for this change`, {
    hint: "run `keyless plan` again and apply the new plan",
  });
}
