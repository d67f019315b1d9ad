/**
 * name → id resolution during one apply. Starts from the ids known at plan time (`plan.ids`) and is
 * filled in by creates, so a membership or assignment of a principal created in the same apply finds
 * its id. Also collects what was created, for the ApplyResult.
 */
import type { Plan } from "../engine/plan-types.ts";
import { KeylessError } from "../errors/keyless-error.ts";

export type NamedKind = "user" | "group" | "permission_set";

export class IdContext {
  private readonly known: Record<NamedKind, Map<string, string>>;
  private readonly createdIds: Record<NamedKind, Map<string, string>> = {
    user: new Map(),
    group: new Map(),
    permission_set: new Map(),
  };

  constructor(ids: Plan["ids"]) {
    this.known = {
      user: new Map(Object.entries(ids.users)),
      group: new Map(Object.entries(ids.groups)),
      permission_set: new Map(Object.entries(ids.permissionSets)),
    };
  }

  get(kind: NamedKind, name: string): string | undefined {
    return this.known[kind].get(name);
  }

  recordCreated(kind: NamedKind, name: string, id: string): void {
    this.known[kind].set(name, id);
    this.createdIds[kind].set(name, id);
  }

  /**
   * The id, or a PLAN_INVALID error. Dependents of a failed create are skipped before they run, so
   * reaching the error means the plan itself lacks an id it should carry.
   */
  require(kind: NamedKind, name: string, address: string): string {
    const id = this.get(kind, name);
    if (id !== undefined) return id;
    throw new KeylessError(
      "PLAN_INVALID",
      `${address}: no id for ${kind} "${name}": it is neither in the plan's ids nor created by this apply`,
      { hint: "run `keyless plan` again and apply the new plan" },
    );
  }

  created(): {
    users: Record<string, string>;
    groups: Record<string, string>;
    permissionSets: Record<string, string>;
  } {
    return {
      users: Object.fromEntries(this.createdIds.user),
      groups: Object.fromEntries(this.createdIds.group),
      permissionSets: Object.fromEntries(this.createdIds.permission_set),
    };
  }
}
