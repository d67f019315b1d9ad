/**
 * The keyless.yaml document (as parsed data) that loads into a given Desired: the inverse of
 * normalise.ts. Used to check a Desired that did not come from the loader (the copy in a saved plan)
 * with the loader's own checks: turn it back into a document, load that, and require the same Desired.
 *
 * The input is untrusted and may have any shape; this never throws, it writes what it finds and leaves
 * judging to the schema (a wrong type becomes a schema problem, an unknown field a difference).
 */
import type { Desired } from "../engine/model.ts";
import { MANAGED_BY_TAG } from "./patterns.ts";

type Raw = Record<string, unknown>;

const isRecord = (v: unknown): v is Raw => v !== null && typeof v === "object" && !Array.isArray(v);
const records = (v: unknown): Raw[] => (Array.isArray(v) ? v.filter(isRecord) : []);
const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** Keys whose value is "" (or an empty list) are left out: the loader fills in the same default. */
export function desiredToDocument(desired: Desired | unknown): Raw {
  const d: Raw = isRecord(desired) ? desired : {};
  const doc: Raw = { version: 1, identityCenter: d.identityCenter };
  if (isRecord(d.accounts)) doc.accounts = d.accounts;
  if (isRecord(d.organizationalUnits)) doc.organizationalUnits = d.organizationalUnits;
  doc.users = Object.fromEntries(records(d.users).map((u) => [str(u.userName), user(u)]));
  doc.groups = Object.fromEntries(records(d.groups).map((g) => [str(g.name), group(g)]));
  doc.permissionSets = Object.fromEntries(
    records(d.permissionSets).map((p) => [str(p.name), permissionSet(p)]),
  );
  doc.assignments = records(d.assignmentRules).map(assignment);
  if (isRecord(d.prune)) {
    doc.prune = {
      enabled: d.prune.enabled,
      permissionSets: d.prune.permissionSets,
      groups: d.prune.groups,
      assignments: d.prune.assignmentsOfManagedPermissionSets,
      ...(d.prune.ciRoles !== undefined && { ciRoles: d.prune.ciRoles }),
    };
  }
  if (isRecord(d.stateBackend)) doc.stateBackend = stateBackend(d.stateBackend);
  if (isRecord(d.ci)) doc.ci = ci(d.ci);
  return doc;
}

function user(u: Raw): Raw {
  if (u.remove === true) return { remove: true };
  if (u.external === true) return { external: true };
  return { displayName: u.displayName, givenName: u.givenName, familyName: u.familyName, email: u.email };
}

function group(g: Raw): Raw {
  if (g.external === true) return { external: true };
  return { ...(g.description !== "" && { description: g.description }), members: g.members };
}

function permissionSet(p: Raw): Raw {
  const out: Raw = {};
  if (p.description !== "") out.description = p.description;
  out.sessionDuration = p.sessionDuration;
  if (p.relayState !== "") out.relayState = p.relayState;
  if (p.inlinePolicy !== "") out.inlinePolicy = policyDocument(p.inlinePolicy);
  out.managedPolicies = p.managedPolicies;
  out.customerManagedPolicies = p.customerManagedPolicies;
  const boundary = p.permissionsBoundary;
  if (isRecord(boundary)) {
    out.permissionsBoundary =
      boundary.kind === "managed"
        ? { managedPolicyArn: boundary.arn }
        : { customerManagedPolicy: { name: boundary.name, path: boundary.path } };
  } else if (boundary !== null) {
    out.permissionsBoundary = boundary;
  }
  out.tags = withoutManagedBy(p.tags);
  return out;
}

/** The compact policy JSON as the mapping it was written as (a policy loaded from a file alike). */
function policyDocument(text: unknown): unknown {
  if (typeof text !== "string") return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** keyless adds its ownership tag itself and refuses it in the file. */
function withoutManagedBy(tags: unknown): unknown {
  if (!isRecord(tags)) return tags;
  const { [MANAGED_BY_TAG.key]: _, ...rest } = tags;
  return rest;
}

/** Providers with every value written out; roles with their rendered policy as inlinePolicy. */
function ci(c: Raw): Raw {
  const providers = Object.fromEntries(
    records(c.providers).map((p) => [str(p.kind), { url: p.url, audience: p.audience }]),
  );
  const roles = Object.fromEntries(records(c.roles).map((r) => [str(r.name), ciRole(r)]));
  const out: Raw = { providers, roles };
  // Per-account roles are keyed by id here: the loader accepts ids and stores every key as one.
  const access = isRecord(c.access) ? c.access : {};
  if (access.default !== undefined) out.accessRole = accessRole(access.default);
  if (isRecord(access.accounts) && Object.keys(access.accounts).length > 0) {
    out.accessRoles = Object.fromEntries(
      Object.entries(access.accounts).map(([id, a]) => [id, accessRole(a)]),
    );
  }
  return out;
}

function accessRole(a: unknown): unknown {
  if (!isRecord(a)) return a;
  return a.externalId === undefined ? a.roleName : { name: a.roleName, externalId: a.externalId };
}

function ciRole(r: Raw): Raw {
  const out: Raw = {};
  if (r.description !== "") out.description = r.description;
  out.provider = r.provider;
  out.repository = r.repository;
  for (const key of ["branches", "gitTags", "environments", "workflows"]) {
    if (!Array.isArray(r[key]) || r[key].length > 0) out[key] = r[key];
  }
  if (r.pullRequests !== false) out.pullRequests = r.pullRequests;
  out.accounts = records(r.targets).map((t) =>
    t.kind === "ou"
      ? `ou:${str(t.name)}`
      : /^\d{12}$/.test(str(t.name))
        ? str(t.name)
        : `account:${str(t.name)}`,
  );
  out.sessionDuration = r.sessionDuration;
  if (r.inlinePolicy !== "") out.inlinePolicy = policyDocument(r.inlinePolicy);
  if (!Array.isArray(r.managedPolicies) || r.managedPolicies.length > 0)
    out.managedPolicies = r.managedPolicies;
  const boundary = r.permissionsBoundary;
  if (isRecord(boundary)) {
    out.permissionsBoundary =
      boundary.kind === "managed"
        ? { managedPolicyArn: boundary.arn }
        : { customerManagedPolicy: { name: boundary.name, path: boundary.path } };
  } else if (boundary !== null) {
    out.permissionsBoundary = boundary;
  }
  const tags = withoutManagedBy(r.tags);
  out.tags = isRecord(tags)
    ? Object.fromEntries(Object.entries(tags).filter(([k]) => !k.startsWith("keyless:")))
    : tags;
  return out;
}

function assignment(rule: Raw): Raw {
  return {
    principals: records(rule.principals).map((p) => `${p.type === "USER" ? "user" : "group"}:${str(p.name)}`),
    permissionSets: rule.permissionSets,
    targets: records(rule.targets).map((t) => `${t.kind === "ou" ? "ou" : "account"}:${str(t.name)}`),
  };
}

function stateBackend(sb: Raw): Raw {
  const encryption = isRecord(sb.encryption) ? sb.encryption : {};
  const out: Raw = {
    account: sb.accountName ?? sb.accountId,
    region: sb.region,
    bucket: sb.bucket,
    keyPrefix: sb.keyPrefix,
    locking: sb.locking,
    encryption: {
      type: encryption.type,
      ...(encryption.alias !== undefined && { alias: encryption.alias }),
      ...(encryption.kmsKeyArn !== undefined && { kmsKeyArn: encryption.kmsKeyArn }),
    },
    noncurrentVersionDays: sb.noncurrentVersionDays,
    tags: withoutManagedBy(sb.tags),
    allowWeakening: sb.allowWeakening,
  };
  if (sb.dynamodbTable !== undefined) out.dynamodbTable = sb.dynamodbTable;
  if (sb.accessLogging !== undefined) out.accessLogging = sb.accessLogging;
  return out;
}
