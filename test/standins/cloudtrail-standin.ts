/**
 * A stand-in for CloudTrail LookupEvents, which moto lacks. It serves recorded CloudTrail events
 * (test/fixtures/cloudtrail) over the AWS JSON 1.1 wire protocol of the CloudTrail model
 * (`cloudtrail/2013-11-01/service-2.json`: X-Amz-Target LookupEvents in either form below,
 * epoch-second timestamps,
 * errors as `__type` + `Message`, HTTP 400), so the real SDK is exercised end to end. Alone: nothing
 * is forwarded to moto. Listed in docs/standins.md.
 *
 * Like CloudTrail it filters by the one lookup attribute and by StartTime/EndTime, returns newest
 * first, pages with an opaque NextToken bound to the request's parameters, and answers
 * ThrottlingException when called faster than 2 requests per second. Control is in-process.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type AwsErrorSpec, readBody, sendError, sendJson } from "./aws-json-wire.ts";
import { type Json, parseJson } from "./handler.ts";

/**
 * X-Amz-Target of LookupEvents. botocore sends its model's `targetPrefix` + operation (the long
 * form); the JS SDK v3 sends the Smithy service shape name (`CloudTrail_20131101.LookupEvents`,
 * protocolSettings.serviceTarget). CloudTrail accepts both, so the stand-in does too.
 */
export const LOOKUP_EVENTS_TARGETS = [
  "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents",
  "CloudTrail_20131101.LookupEvents",
];

const ATTRIBUTE_KEYS = new Set([
  "EventId",
  "EventName",
  "ReadOnly",
  "Username",
  "ResourceType",
  "ResourceName",
  "EventSource",
  "AccessKeyId",
]);

/** One stored event: the summary fields LookupEvents returns and the raw CloudTrailEvent text. */
export interface StoredEvent {
  eventId: string;
  eventName: string;
  eventSource: string;
  /** Epoch ms. */
  eventTime: number;
  username?: string;
  readOnly: string;
  accessKeyId?: string;
  /**
   * The record's `resources` (`{ ARN, type }`), which LookupEvents returns as `Resources` (`ResourceName`,
   * `ResourceType`) and filters by (e.g. an AssumeRoleWithWebIdentity event names the role it assumed).
   */
  resources: { name: string; type: string }[];
  cloudTrailEvent: string;
}

export interface LookupRequestLog {
  /** Stand-in clock (ms) when the request arrived. */
  at: number;
  attribute?: { key: string; value: string };
  startTime?: number;
  endTime?: number;
  maxResults?: number;
  nextToken?: string;
  /** The error answered instead of events, if any. */
  error?: string;
  /** Events answered. */
  returned: number;
}

export interface CloudTrailStandinOptions {
  /** At most this many events per page, below MaxResults (CloudTrail may return fewer than asked). Default 50. */
  pageSize?: number;
  /** Allowed request rate before ThrottlingException; default 2 (the documented quota); 0: never throttle. */
  requestsPerSecond?: number;
  /** Clock in epoch ms for the rate check (share a test's fake clock). Default Date.now. */
  now?: () => number;
}

export type MalformedKind = "bad-json" | "missing-fields";

export interface CloudTrailStandin {
  /** http://127.0.0.1:<port>: use as AWS_ENDPOINT_URL_CLOUDTRAIL. */
  endpoint: string;
  /** Replace the stored events with these CloudTrail records (parsed JSON objects). */
  setRecords(records: Record<string, unknown>[]): void;
  /** Store one event whose CloudTrailEvent text is broken, in `eventSource` at `time`. */
  addMalformed(kind: MalformedKind, eventSource: string, time: Date): string;
  /** The next `times` requests answer ThrottlingException (on top of the rate check). */
  throttleNext(times?: number): void;
  /** true: every request answers AccessDeniedException until set back. */
  denyAccess(value: boolean): void;
  /** After `after` more answered requests, the next `times` answer `error`. */
  failNext(error: AwsErrorSpec, opts?: { times?: number; after?: number }): void;
  requests(): LookupRequestLog[];
  clearRequests(): void;
  stop(): Promise<void>;
}

/** A parsed CloudTrail record → what LookupEvents stores for it. */
export function storedFromRecord(record: Record<string, unknown>): StoredEvent {
  const identity = (record.userIdentity ?? {}) as Json;
  const username = identity.userName ?? identity.onBehalfOf?.userId;
  const event: StoredEvent = {
    eventId: String(record.eventID),
    eventName: String(record.eventName),
    eventSource: String(record.eventSource),
    eventTime: Date.parse(String(record.eventTime)),
    readOnly: String(record.readOnly ?? false),
    resources: (Array.isArray(record.resources) ? (record.resources as Json[]) : [])
      .filter((r) => typeof r?.ARN === "string" && typeof r?.type === "string")
      .map((r) => ({ name: r.ARN as string, type: r.type as string })),
    cloudTrailEvent: JSON.stringify(record),
  };
  if (typeof username === "string") event.username = username;
  if (typeof identity.accessKeyId === "string" && identity.accessKeyId)
    event.accessKeyId = identity.accessKeyId;
  return event;
}

function attributeOf(e: StoredEvent, key: string): string | undefined {
  switch (key) {
    case "EventId":
      return e.eventId;
    case "EventName":
      return e.eventName;
    case "EventSource":
      return e.eventSource;
    case "Username":
      return e.username;
    case "ReadOnly":
      return e.readOnly;
    case "AccessKeyId":
      return e.accessKeyId;
    case "ResourceName":
    case "ResourceType":
      return undefined; // matched against every resource in matchesAttribute
    default:
      return undefined;
  }
}

/** One lookup attribute against an event: a resource attribute matches when any of its resources does. */
function matchesAttribute(e: StoredEvent, key: string, value: string): boolean {
  if (key === "ResourceName") return e.resources.some((r) => r.name === value);
  if (key === "ResourceType") return e.resources.some((r) => r.type === value);
  return attributeOf(e, key) === value;
}

/** Timestamps in JSON 1.1 are epoch seconds (numbers); the SDK may send fractions. */
function epochMs(v: unknown): number | undefined {
  if (typeof v === "number") return v * 1000;
  if (typeof v === "string" && v !== "")
    return Number.isNaN(Date.parse(v)) ? Number(v) * 1000 : Date.parse(v);
  return undefined;
}

interface Fault {
  error: AwsErrorSpec;
  times: number;
  after: number;
}

export async function startCloudTrailStandin(
  opts: CloudTrailStandinOptions = {},
): Promise<CloudTrailStandin> {
  const pageSize = opts.pageSize ?? 50;
  const rate = opts.requestsPerSecond ?? 2;
  const now = opts.now ?? Date.now;
  let events: StoredEvent[] = [];
  let log: LookupRequestLog[] = [];
  let arrivals: number[] = [];
  let throttle = 0;
  let denied = false;
  const faults: Fault[] = [];
  const tokens = new Map<string, { key: string; offset: number }>();

  /** Over the quota: `rate` requests already arrived in the last second (100 ms grace for timer and network jitter). */
  function overRate(at: number): boolean {
    if (rate <= 0) return false;
    arrivals = arrivals.filter((t) => at - t < 1000 - 100);
    const over = arrivals.length >= rate;
    arrivals.push(at);
    return over;
  }

  function takeFault(): AwsErrorSpec | undefined {
    const head = faults[0];
    if (!head) return undefined;
    if (head.after > 0) {
      head.after -= 1;
      return undefined;
    }
    head.times -= 1;
    if (head.times <= 0) faults.shift();
    return head.error;
  }

  /** What the request asked for, logged before any check so refused requests are logged too. */
  function describe(input: Json, entry: LookupRequestLog): void {
    const attr = Array.isArray(input.LookupAttributes)
      ? (input.LookupAttributes[0] as Json | undefined)
      : undefined;
    if (attr) entry.attribute = { key: String(attr.AttributeKey), value: String(attr.AttributeValue) };
    const start = epochMs(input.StartTime);
    const end = epochMs(input.EndTime);
    if (start !== undefined) entry.startTime = start;
    if (end !== undefined) entry.endTime = end;
    if (input.MaxResults !== undefined) entry.maxResults = input.MaxResults;
    if (input.NextToken !== undefined) entry.nextToken = String(input.NextToken);
  }

  function lookup(input: Json, entry: LookupRequestLog, res: ServerResponse): undefined {
    const fail = (status: number, type: string, message: string): undefined => {
      entry.error = type;
      sendError(res, { status, type, message });
    };
    const attrs = input.LookupAttributes ?? [];
    if (!Array.isArray(attrs) || attrs.length > 1) {
      return fail(400, "InvalidLookupAttributesException", "You can only specify one lookup attribute.");
    }
    const attr = attrs[0] as Json | undefined;
    if (attr && (!ATTRIBUTE_KEYS.has(attr.AttributeKey) || typeof attr.AttributeValue !== "string")) {
      return fail(
        400,
        "InvalidLookupAttributesException",
        `Invalid lookup attribute: ${String(attr.AttributeKey)}`,
      );
    }
    const start = epochMs(input.StartTime);
    const end = epochMs(input.EndTime);
    if (start !== undefined && end !== undefined && start > end) {
      return fail(400, "InvalidTimeRangeException", "Start time must be before end time.");
    }
    const max = input.MaxResults ?? 50;
    if (!Number.isInteger(max) || max < 1 || max > 50) {
      return fail(400, "InvalidMaxResultsException", "MaxResults must be between 1 and 50.");
    }
    const key = JSON.stringify([attr?.AttributeKey, attr?.AttributeValue, start, end]);
    let offset = 0;
    if (input.NextToken !== undefined) {
      const t = tokens.get(String(input.NextToken));
      if (!t || t.key !== key) {
        return fail(
          400,
          "InvalidNextTokenException",
          "Invalid NextToken or parameters changed since the first page.",
        );
      }
      offset = t.offset;
    }
    const matching = events
      .filter((e) => !attr || matchesAttribute(e, attr.AttributeKey, attr.AttributeValue))
      .filter(
        (e) => (start === undefined || e.eventTime >= start) && (end === undefined || e.eventTime <= end),
      )
      .sort((a, b) => b.eventTime - a.eventTime || (a.eventId < b.eventId ? -1 : 1));
    const page = matching.slice(offset, offset + Math.min(max, pageSize));
    const out: Json = {
      Events: page.map((e) => ({
        EventId: e.eventId,
        EventName: e.eventName,
        ReadOnly: e.readOnly,
        ...(e.accessKeyId ? { AccessKeyId: e.accessKeyId } : {}),
        EventTime: e.eventTime / 1000,
        EventSource: e.eventSource,
        ...(e.username ? { Username: e.username } : {}),
        Resources: e.resources.map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
        CloudTrailEvent: e.cloudTrailEvent,
      })),
    };
    if (offset + page.length < matching.length) {
      const token = Buffer.from(randomUUID()).toString("base64");
      tokens.set(token, { key, offset: offset + page.length });
      out.NextToken = token;
    }
    entry.returned = page.length;
    sendJson(res, 200, out);
    return undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const target = String(req.headers["x-amz-target"] ?? "");
    const entry: LookupRequestLog = { at: now(), returned: 0 };
    if (!LOOKUP_EVENTS_TARGETS.includes(target)) {
      return sendError(res, {
        status: 400,
        type: "UnknownOperationException",
        message: `The stand-in serves only LookupEvents, not ${target || "(no X-Amz-Target)"}`,
      });
    }
    const input = parseJson(body);
    describe(input, entry);
    log.push(entry);
    const reply = (error: AwsErrorSpec) => {
      entry.error = error.type;
      sendError(res, error);
    };
    if (!req.headers.authorization) {
      return reply({
        status: 400,
        type: "MissingAuthenticationTokenException",
        message: "Missing Authentication Token",
      });
    }
    const limited = overRate(entry.at);
    if (throttle > 0 || limited) {
      if (throttle > 0) throttle -= 1;
      return reply({ status: 400, type: "ThrottlingException", message: "Rate exceeded" });
    }
    if (denied) {
      return reply({
        status: 400,
        type: "AccessDeniedException",
        message:
          "User: arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ReadOnly_0123456789abcdef/alice is not " +
          "authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the " +
          "cloudtrail:LookupEvents action",
      });
    }
    const fault = takeFault();
    if (fault) return reply(fault);
    lookup(input, entry, res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        sendError(res, {
          status: 500,
          type: "InternalServerException",
          message: `stand-in error: ${String(err)}`,
        });
      } else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    setRecords(records) {
      events = records.map(storedFromRecord);
    },
    addMalformed(kind, eventSource, time) {
      const eventId = randomUUID();
      const iso = time.toISOString().replace(/\.\d{3}Z$/, "Z");
      const whole = {
        eventVersion: "1.10",
        userIdentity: { type: "IdentityCenterUser", accountId: "111122223333" },
        eventTime: iso,
        eventSource,
        eventName: "GetRoleCredentials",
        eventID: eventId,
      };
      const text =
        kind === "bad-json"
          ? JSON.stringify(whole).slice(0, 60)
          : JSON.stringify({
              eventVersion: "1.10",
              eventSource,
              eventName: "GetRoleCredentials",
              eventID: eventId,
            });
      events.push({
        eventId,
        eventName: "GetRoleCredentials",
        eventSource,
        eventTime: time.getTime(),
        resources: [],
        readOnly: "true",
        cloudTrailEvent: text,
      });
      return eventId;
    },
    throttleNext(times = 1) {
      throttle += times;
    },
    denyAccess(value) {
      denied = value;
    },
    failNext(error, o = {}) {
      faults.push({ error, times: o.times ?? 1, after: o.after ?? 0 });
    },
    requests: () => log.map((e) => ({ ...e })),
    clearRequests() {
      log = [];
      arrivals = [];
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
