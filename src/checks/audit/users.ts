/**
 * Who an event is about, across formats: sign-in events of one sign-in share an AuthWorkflowID, so a
 * user known from one of them fills in the others; identity-store user ids are then resolved to
 * names through a port (src/aws/identity-store-users.ts), and ids that stay unknown are shown as ids.
 */
import type { AuditRecord, AuditUser } from "./record.ts";

/** `arn:aws:identitystore::111122223333:identitystore/d-1234567890` → `d-1234567890`. */
export function identityStoreIdFromArn(arn: string): string | undefined {
  return /:identitystore\/([A-Za-z0-9-]+)$/.exec(arn)?.[1];
}

function merge(into: AuditUser, from: AuditUser): AuditUser {
  return {
    ...((into.id ?? from.id) ? { id: into.id ?? from.id } : {}),
    ...((into.name ?? from.name) ? { name: into.name ?? from.name } : {}),
    ...((into.identityStoreArn ?? from.identityStoreArn)
      ? { identityStoreArn: into.identityStoreArn ?? from.identityStoreArn }
      : {}),
  };
}

/** Completes each sign-in record's user from the other events of the same sign-in workflow. */
export function fillUsersFromWorkflows(records: AuditRecord[]): AuditRecord[] {
  const known = new Map<string, AuditUser>();
  for (const r of records) {
    if (!r.authWorkflowId) continue;
    known.set(r.authWorkflowId, merge(known.get(r.authWorkflowId) ?? {}, r.user));
  }
  return records.map((r) => {
    const user = r.authWorkflowId ? known.get(r.authWorkflowId) : undefined;
    return user ? { ...r, user: merge(r.user, user) } : r;
  });
}

export interface UserLookup {
  userId: string;
  identityStoreId: string;
}

/**
 * The ids to resolve: users with an id and no name. The store comes from the event's ARN, else from
 * keyless.yaml (`fallbackStoreId`); ids with neither are left as they are.
 */
export function userLookups(records: AuditRecord[], fallbackStoreId?: string): UserLookup[] {
  const seen = new Map<string, UserLookup>();
  for (const r of records) {
    const { id, name, identityStoreArn } = r.user;
    if (!id || name) continue;
    const store = (identityStoreArn && identityStoreIdFromArn(identityStoreArn)) || fallbackStoreId;
    if (!store) continue;
    seen.set(`${store}/${id}`, { userId: id, identityStoreId: store });
  }
  return [...seen.values()];
}

export function applyUserNames(records: AuditRecord[], names: Map<string, string>): AuditRecord[] {
  return records.map((r) => {
    const name = r.user.id && !r.user.name ? names.get(r.user.id) : undefined;
    return name ? { ...r, user: { ...r.user, name } } : r;
  });
}

/** What the table shows for a user: the name, else the id, else `?`. */
export function displayUser(user: AuditUser): string {
  return user.name ?? user.id ?? "?";
}
