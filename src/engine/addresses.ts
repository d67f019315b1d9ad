/**
 * Stable natural addresses of planned changes, e.g. `membership["platform-engineers", "dave"]`.
 * Names are JSON-quoted so a name containing quotes or commas cannot collide with another address.
 */
import type { PrincipalRef } from "./model.ts";

function address(kind: string, parts: string[]): string {
  return `${kind}[${parts.map((p) => JSON.stringify(p)).join(", ")}]`;
}

export function principalKey(p: PrincipalRef): string {
  return `${p.type === "USER" ? "user" : "group"}:${p.name}`;
}

export const addressOf = {
  user: (userName: string) => address("user", [userName]),
  group: (name: string) => address("group", [name]),
  membership: (group: string, userNameOrId: string) => address("membership", [group, userNameOrId]),
  permissionSet: (name: string) => address("permission_set", [name]),
  provisioning: (name: string) => address("provisioning", [name]),
  assignment: (principal: PrincipalRef, permissionSet: string, accountId: string) =>
    address("assignment", [principalKey(principal), permissionSet, accountId]),
};
