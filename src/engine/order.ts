/**
 * Apply order: creates and updates in dependency order (a user exists before it joins a group, a
 * permission set before it is assigned), then deletions in the reverse order (assignments go before
 * the permission set or principal they use). Within a kind, by address; so the order is total and
 * the same on every run.
 */
import { compareStrings } from "./canonical-json.ts";
import type { Change, ResourceKind } from "./plan-types.ts";

export const KIND_ORDER: readonly ResourceKind[] = [
  // The state backend first: independent of Identity Center, the key before the bucket that uses it.
  "kms_key",
  "state_bucket",
  "state_bucket_setting",
  "lock_table",
  "user",
  "group",
  "membership",
  "permission_set",
  "provisioning",
  "assignment",
  // CI roles in member accounts: independent of Identity Center; the provider before the roles trusting it.
  "ci_oidc_provider",
  "ci_role",
];

const ACTION_ORDER = { create: 0, update: 1, delete: 2 } as const;

function rank(c: Change): number {
  const k = KIND_ORDER.indexOf(c.kind);
  return c.action === "delete" ? KIND_ORDER.length * 2 - k : k;
}

export function compareChanges(a: Change, b: Change): number {
  return (
    rank(a) - rank(b) ||
    compareStrings(a.address, b.address) ||
    ACTION_ORDER[a.action] - ACTION_ORDER[b.action]
  );
}

export function orderChanges(changes: readonly Change[]): Change[] {
  return [...changes].sort(compareChanges);
}
