/**
 * What `keyless import` reads from AWS (src/aws/read-import.ts) and turns into keyless.yaml
 * (src/import/). Plain data, no SDK types: the conversion is pure and tested without AWS.
 */
import type { AccountId, ActualAssignment, ActualUser, PermissionSetSpec } from "../engine/model.ts";

export interface ImportUser extends ActualUser {
  /**
   * The identity-store record carries ExternalIds: it was provisioned by an external identity provider
   * (SCIM) or synced from Active Directory, so keyless must only look it up (`external: true`).
   */
  external: boolean;
}

export interface ImportGroup {
  groupId: string;
  name: string;
  description: string;
  /** Members' user ids; undefined when not read (groups outside the import). */
  memberUserIds?: string[];
  /** The group carries ExternalIds (owned by an external identity provider). */
  external: boolean;
}

export interface ImportPermissionSet {
  arn: string;
  name: string;
  /** Present for the permission sets that are imported (read in full). */
  spec?: PermissionSetSpec;
}

export interface OrgAccount {
  id: AccountId;
  /** The account's name in AWS Organizations. */
  name: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE, ... */
  status: string;
  /** The OU (or root) directly holding the account. */
  parentId: string;
}

export interface OrgUnit {
  id: string;
  name: string;
  /** The parent OU or root id. */
  parentId: string;
}

export interface Organization {
  rootId: string;
  accounts: OrgAccount[];
  /** Every OU, nested ones included (not the root). */
  units: OrgUnit[];
}

export interface ImportSnapshot {
  region: string;
  instanceArn: string;
  identityStoreId: string;
  users: ImportUser[];
  groups: ImportGroup[];
  permissionSets: ImportPermissionSet[];
  /** Every account assignment of the instance. */
  assignments: ActualAssignment[];
  /** Undefined when Organizations could not be read (then accounts are named by id, no OU targets). */
  organization?: Organization;
}
