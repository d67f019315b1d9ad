/**
 * Which changes must be skipped when another one fails. Each change names the keys it needs and the
 * keys its own failure (or skip) poisons; keys are resource names, never ids.
 *
 * Forward (create/update):
 * - a failed user/group create leaves no id: its membership and assignment creates are skipped;
 *   a failed user/group update does not (the principal exists and keeps its id);
 * - a failed permission set create OR update skips its assignment creates and its re-provisioning:
 *   granting a permission set whose content is not what was reviewed would be a surprise.
 * State backend (independent of Identity Center): a failed bucket create skips that bucket's settings;
 * a failed key create skips the settings that name the new key (encryption, policy).
 * CI: a failed OIDC provider create or update skips the role creates and updates in that account (a
 * role whose trust policy names a provider that is not there, or lacks the audience, would not work).
 * Delete:
 * - a failed assignment delete keeps its permission set and principal from being deleted, so no
 *   assignment is left pointing at something that no longer exists.
 */

import type { PrincipalRef } from "../engine/model.ts";
import type { Change } from "../engine/plan-types.ts";

function principalKey(p: PrincipalRef): string {
  return p.type === "USER" ? `user:${p.name}` : `group:${p.name}`;
}

const deleteBlocker = (key: string): string => `still-referenced:${key}`;

/** Keys that must not be poisoned for `change` to run. */
export function requiredKeys(change: Change): string[] {
  switch (change.kind) {
    case "state_bucket_setting":
      return [
        `state_bucket:${change.bucket}`,
        ...(change.pendingKmsKey ? [`kms_key:${change.pendingKmsKey}`] : []),
      ];
    case "kms_key":
    case "state_bucket":
    case "lock_table":
    case "ci_oidc_provider":
      return [];
    case "ci_role":
      return change.action === "delete" ? [] : [`ci_provider:${change.accountId}`];
    case "membership":
      return change.action === "create" ? [`user:${change.userName}`, `group:${change.group}`] : [];
    case "assignment":
      return change.action === "create"
        ? [`permission_set:${change.permissionSet}`, principalKey(change.principal)]
        : [];
    case "provisioning":
      return [`permission_set:${change.permissionSet}`];
    case "permission_set":
      return change.action === "delete" ? [deleteBlocker(`permission_set:${change.name}`)] : [];
    case "group":
      return change.action === "delete" ? [deleteBlocker(`group:${change.name}`)] : [];
    case "user":
      return change.action === "delete" ? [deleteBlocker(`user:${change.userName}`)] : [];
  }
}

/** Keys that become unusable when `change` fails or is skipped. */
export function poisonedKeys(change: Change): string[] {
  switch (change.kind) {
    case "kms_key":
      return change.action === "create" ? [`kms_key:${change.alias}`] : [];
    case "state_bucket":
      return [`state_bucket:${change.bucket}`];
    case "state_bucket_setting":
    case "lock_table":
      return [];
    case "user":
      return change.action === "create" ? [`user:${change.userName}`] : [];
    case "group":
      return change.action === "create" ? [`group:${change.name}`] : [];
    case "permission_set":
      return change.action === "delete" ? [] : [`permission_set:${change.name}`];
    case "assignment":
      return change.action === "delete"
        ? [
            deleteBlocker(`permission_set:${change.permissionSet}`),
            deleteBlocker(principalKey(change.principal)),
          ]
        : [];
    case "ci_oidc_provider":
      return [`ci_provider:${change.accountId}`];
    case "membership":
    case "provisioning":
    case "ci_role":
      return [];
  }
}
