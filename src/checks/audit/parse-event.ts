/**
 * Parses one CloudTrail event (the `CloudTrailEvent` JSON text LookupEvents returns) into an
 * AuditRecord. Both formats of IAM Identity Center events are read by their shape, not their date
 * (AWS moved the cut-over date, and events of the transition carry both):
 * - before the change: `userIdentity.type` `Unknown` with `userName` (and `principalId`);
 * - after: type `IdentityCenterUser` with `onBehalfOf.userId` + `identityStoreArn` and no name.
 * A malformed event becomes a problem for that event only.
 */
import {
  AUDIT_EVENTS,
  AUDIT_SOURCES,
  type AuditKind,
  type AuditOutcome,
  type AuditProblem,
  type AuditRecord,
  type AuditUser,
} from "./record.ts";

/** What LookupEvents gives per event (a structural subset of src/aws/cloudtrail.ts TrailEventSummary). */
export interface RawTrailEvent {
  eventId?: string | undefined;
  eventName?: string | undefined;
  eventSource?: string | undefined;
  cloudTrailEvent?: string | undefined;
}

export type ParseResult =
  | { status: "record"; record: AuditRecord }
  | { status: "problem"; problem: AuditProblem }
  /** Not an audit event (another API of the same source) or device-flow polling noise. */
  | { status: "skipped"; reason: "other-event" | "polling" };

/**
 * CreateToken errors a device-code client gets while it polls before the user approves (RFC 8628):
 * they are the normal wait, not failed sign-ins, and would drown the table.
 */
export const POLLING_ERRORS = new Set(["AuthorizationPendingException", "SlowDownException"]);

/** Identity-store user ids: a UUID, optionally prefixed by 10 hex digits and a dash. */
const USER_ID = /^([0-9a-f]{10}-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

const KIND_BY_SOURCE = new Map<string, AuditKind>(
  (Object.entries(AUDIT_SOURCES) as [AuditKind, string][]).map(([kind, source]) => [source, kind]),
);

function problem(raw: RawTrailEvent, message: string, eventId?: string): ParseResult {
  const id = eventId ?? raw.eventId;
  return {
    status: "problem",
    problem: {
      ...(id ? { eventId: id } : {}),
      eventSource: raw.eventSource ?? "unknown source",
      message,
    },
  };
}

/** userIdentity of either format → who. */
export function userOf(identity: Obj): AuditUser {
  const user: AuditUser = {};
  const onBehalfOf = isObj(identity.onBehalfOf) ? identity.onBehalfOf : undefined;
  const id =
    str(onBehalfOf?.userId) ??
    (USER_ID.test(str(identity.principalId) ?? "") ? str(identity.principalId) : undefined);
  if (id) user.id = id;
  const name = str(identity.userName);
  if (name) user.name = name;
  const arn = str(onBehalfOf?.identityStoreArn);
  if (arn) user.identityStoreArn = arn;
  return user;
}

/**
 * Success or failure: an `errorCode` is a failure; sign-in events say `"Success"` / `"Failure"` under
 * their own name in `serviceEventDetails` (or, in some records, `responseElements`).
 */
function outcomeOf(event: Obj, eventName: string): AuditOutcome {
  if (str(event.errorCode)) return "failure";
  for (const key of ["serviceEventDetails", "responseElements"]) {
    const details = event[key];
    if (isObj(details) && typeof details[eventName] === "string") {
      return /^fail/i.test(details[eventName] as string) ? "failure" : "success";
    }
  }
  return "success";
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, "Z");
}

export function parseTrailEvent(raw: RawTrailEvent): ParseResult {
  if (raw.cloudTrailEvent === undefined || raw.cloudTrailEvent === "") {
    return problem(raw, "the event has no CloudTrailEvent text");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.cloudTrailEvent);
  } catch (err) {
    return problem(raw, `CloudTrailEvent is not valid JSON (${(err as Error).message})`);
  }
  if (!isObj(parsed)) return problem(raw, "CloudTrailEvent is not a JSON object");
  const event = parsed;
  const eventId = str(event.eventID) ?? raw.eventId;
  const missing = ["eventTime", "eventSource", "eventName", "eventID"].filter((k) => !str(event[k]));
  if (missing.length > 0) return problem(raw, `CloudTrailEvent lacks ${missing.join(", ")}`, eventId);
  const source = event.eventSource as string;
  const eventName = event.eventName as string;
  const kind = KIND_BY_SOURCE.get(source);
  if (!kind || !AUDIT_EVENTS[kind].includes(eventName)) return { status: "skipped", reason: "other-event" };
  const timeMs = Date.parse(event.eventTime as string);
  if (Number.isNaN(timeMs))
    return problem(raw, `eventTime "${String(event.eventTime)}" is not a time`, eventId);
  if (!isObj(event.userIdentity)) return problem(raw, `${eventName} lacks userIdentity`, eventId);
  const errorCode = str(event.errorCode);
  if (kind === "token" && errorCode && POLLING_ERRORS.has(errorCode))
    return { status: "skipped", reason: "polling" };

  const record: AuditRecord = {
    time: isoSeconds(timeMs),
    kind,
    event: eventName,
    user: userOf(event.userIdentity),
    sourceIp: str(event.sourceIPAddress) ?? "",
    userAgent: str(event.userAgent) ?? "",
    outcome: outcomeOf(event, eventName),
    eventId: event.eventID as string,
  };
  if (errorCode) record.errorCode = errorCode;
  const errorMessage = str(event.errorMessage);
  if (errorMessage) record.errorMessage = errorMessage;

  if (kind === "sign-in") {
    const extra = isObj(event.additionalEventData) ? event.additionalEventData : {};
    const credentialType = str(extra.CredentialType);
    if (credentialType) record.credentialType = credentialType;
    const workflow = str(extra.AuthWorkflowID);
    if (workflow) record.authWorkflowId = workflow;
  }
  if (kind === "role-credentials") {
    const details = isObj(event.serviceEventDetails) ? event.serviceEventDetails : {};
    const params = isObj(event.requestParameters) ? event.requestParameters : {};
    const accountId = str(details.account_id) ?? str(params.accountId);
    const role = str(details.role_name) ?? str(params.roleName);
    if ((!accountId || !role) && record.outcome === "success") {
      return problem(raw, "GetRoleCredentials lacks serviceEventDetails.account_id / role_name", eventId);
    }
    if (accountId) record.accountId = accountId;
    if (role) record.role = role;
  }
  return { status: "record", record };
}
