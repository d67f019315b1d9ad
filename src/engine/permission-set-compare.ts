/**
 * Field-by-field comparison of a desired permission set with the one read from AWS, and the
 * "broadens access" judgement for an update. List fields are compared as sets; the inline policy
 * semantically (policy-compare.ts); tags only on the keys the file sets, so tags added by others
 * are neither reported nor removed.
 */
import { canonicalJson } from "./canonical-json.ts";
import type { CustomerManagedPolicyRef, PermissionSetSpec, PermissionsBoundary } from "./model.ts";
import type { PermissionSetField } from "./plan-types.ts";
import { policiesEqual, policyBroadens } from "./policy-compare.ts";

/** Seconds of an ISO-8601 time duration (PT8H, PT1H30M, PT90M); undefined when not of that form. */
export function durationSeconds(iso: string): number | undefined {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(iso);
  if (!m || iso === "PT") return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

function sameDuration(a: string, b: string): boolean {
  const sa = durationSeconds(a);
  const sb = durationSeconds(b);
  return sa !== undefined && sb !== undefined ? sa === sb : a === b;
}

const cmpKey = (c: CustomerManagedPolicyRef) => `${c.path}\u0000${c.name}`;

/**
 * The key of the ownership tag keyless puts on the permission sets it creates (config's
 * MANAGED_BY_TAG). It is information for humans, not what makes a set managed (the file declares
 * that), so its absence or another value on an existing set is not drift: adopting a set that keyless
 * did not create changes nothing. keyless writes it whenever it writes the set's tags anyway.
 */
export const OWNERSHIP_TAG_KEY = "managed-by";

/**
 * Fields whose change alters the role in the member accounts, so the set must be re-provisioned
 * afterwards. Tags live on the permission set only (they are not part of the role).
 */
export function changesRole(fields: readonly PermissionSetField[]): boolean {
  return fields.some((f) => f !== "tags");
}

function setOf(items: readonly string[]): Set<string> {
  return new Set(items);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = setOf(a);
  const sb = setOf(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

function boundaryKey(b: PermissionsBoundary | null): string {
  return canonicalJson(b, { sortArrays: false });
}

/** The fields of `desired` that differ from `actual`, in the fixed order of PermissionSetField. */
export function changedFields(desired: PermissionSetSpec, actual: PermissionSetSpec): PermissionSetField[] {
  const out: PermissionSetField[] = [];
  // AWS cannot clear a description or relay state once set (both need >= 1 character), so an
  // empty desired value means "keyless does not manage it", not "remove it": never a change.
  if (desired.description !== "" && desired.description !== actual.description) out.push("description");
  if (!sameDuration(desired.sessionDuration, actual.sessionDuration)) out.push("sessionDuration");
  if (desired.relayState !== "" && desired.relayState !== actual.relayState) out.push("relayState");
  if (!policiesEqual(desired.inlinePolicy, actual.inlinePolicy)) out.push("inlinePolicy");
  if (!sameSet(desired.managedPolicies, actual.managedPolicies)) out.push("managedPolicies");
  if (!sameSet(desired.customerManagedPolicies.map(cmpKey), actual.customerManagedPolicies.map(cmpKey)))
    out.push("customerManagedPolicies");
  if (boundaryKey(desired.permissionsBoundary) !== boundaryKey(actual.permissionsBoundary))
    out.push("permissionsBoundary");
  if (Object.entries(desired.tags).some(([k, v]) => k !== OWNERSHIP_TAG_KEY && actual.tags[k] !== v))
    out.push("tags");
  return out;
}

/**
 * The spec an update writes: the desired spec, with tags keyless does not set carried over from
 * AWS, so an executor that derives tag removals from before/after never removes foreign tags.
 */
export function updatedSpec(desired: PermissionSetSpec, actual: PermissionSetSpec): PermissionSetSpec {
  return {
    ...desired,
    description: desired.description === "" ? actual.description : desired.description,
    relayState: desired.relayState === "" ? actual.relayState : desired.relayState,
    tags: { ...actual.tags, ...desired.tags },
  };
}

/** Whether moving from `before` to `after` can grant access that `before` did not. */
export function permissionSetBroadens(before: PermissionSetSpec, after: PermissionSetSpec): boolean {
  const managedBefore = setOf(before.managedPolicies);
  if (after.managedPolicies.some((p) => !managedBefore.has(p))) return true;
  const cmpBefore = setOf(before.customerManagedPolicies.map(cmpKey));
  if (after.customerManagedPolicies.some((c) => !cmpBefore.has(cmpKey(c)))) return true;
  if (policyBroadens(before.inlinePolicy, after.inlinePolicy)) return true;
  const durBefore = durationSeconds(before.sessionDuration);
  const durAfter = durationSeconds(after.sessionDuration);
  if (durBefore === undefined || durAfter === undefined) {
    if (before.sessionDuration !== after.sessionDuration) return true;
  } else if (durAfter > durBefore) return true;
  if (
    before.permissionsBoundary !== null &&
    boundaryKey(before.permissionsBoundary) !== boundaryKey(after.permissionsBoundary)
  )
    return true;
  return false;
}
