/**
 * CloudTrail LookupEvents for `keyless audit`: the management events of one event source in a time
 * window, page by page. LookupEvents accepts ONE lookup attribute per call and at most 50 results per
 * page, keeps 90 days, and allows two requests per second per account and Region (aws-facts.md §9):
 * the CloudTrail client from clients.ts paces every attempt (retries included) through its own 2/s
 * bucket, and a ThrottlingException slows that bucket down and is retried with backoff.
 *
 * A lookup that fails after some pages keeps what it read (the caller still shows it) and returns
 * the error; one that fails before its first page throws, since there is nothing to show.
 */
import type { LookupEventsCommandOutput } from "@aws-sdk/client-cloudtrail";
import { KeylessError } from "../errors/keyless-error.ts";
import type { AwsClients } from "./clients.ts";
import { isAwsError, redact, toKeylessError } from "./errors.ts";
import { createRateLimiter, type RateLimiter, type RateLimiterOptions } from "./rate-limiter.ts";

/** LookupEvents: "two per second, per account, per Region" (CloudTrail API model). */
export const LOOKUP_REQUESTS_PER_SECOND = 2;

/**
 * The bucket every CloudTrail attempt takes (clients.ts): 2 per second with no burst, so no one-second
 * window ever holds more than two requests. Tests pass a fake clock.
 */
export function createLookupRateLimiter(clock: Pick<RateLimiterOptions, "now" | "sleep"> = {}): RateLimiter {
  return createRateLimiter({ requestsPerSecond: LOOKUP_REQUESTS_PER_SECOND, burst: 1, ...clock });
}

/** LookupEvents' maximum page size (model: MaxResults 1..50). */
export const LOOKUP_PAGE_SIZE = 50;

/** One LookupEvents result, as much as the audit needs; `cloudTrailEvent` is the raw JSON text. */
export interface TrailEventSummary {
  eventId: string | undefined;
  eventName: string | undefined;
  eventSource: string | undefined;
  eventTime: Date | undefined;
  cloudTrailEvent: string | undefined;
}

export interface LookupPage {
  eventSource: string;
  /** 1-based. */
  pageNumber: number;
  /** Events on this page. */
  events: number;
  /** Events read so far for this source. */
  total: number;
}

export interface LookupEventsOptions {
  /** The IAM Identity Center region (sign-in and portal events are recorded there). */
  region: string;
  /** e.g. `signin.amazonaws.com`; sent as the single `EventSource` lookup attribute. */
  eventSource: string;
  /**
   * When set, the single lookup attribute is `EventName` with this value instead (`keyless audit --ci`:
   * AssumeRoleWithWebIdentity, far fewer events than all of sts.amazonaws.com).
   */
  eventName?: string;
  startTime: Date;
  endTime: Date;
  onPage?: (page: LookupPage) => void;
}

export interface LookupEventsResult {
  events: TrailEventSummary[];
  pages: number;
  /** Set when a later page failed: `events` holds what the earlier pages returned. */
  error?: KeylessError;
}

function accessDenied(err: unknown, region: string): KeylessError {
  const raw = err instanceof Error ? err.message : String(err);
  return new KeylessError(
    "AWS_ACCESS_DENIED",
    `Access denied to CloudTrail LookupEvents in ${region}: ${redact(raw)}`,
    {
      hint:
        `The credentials in use need cloudtrail:LookupEvents in ${region}, the IAM Identity Center region ` +
        "(sign-in and portal events are recorded there, in the management account). The AWS managed policy " +
        "AWSCloudTrail_ReadOnlyAccess includes it; use --region if Identity Center lives in another region.",
      cause: err,
    },
  );
}

/** Maps an SDK error from LookupEvents to a KeylessError with a hint that says what to do. */
export function lookupError(err: unknown, region: string): KeylessError {
  if (err instanceof KeylessError) return err;
  if (isAwsError(err, "AccessDeniedException") || isAwsError(err, "AccessDenied")) {
    return accessDenied(err, region);
  }
  return toKeylessError(err, "cloudtrail.LookupEvents");
}

/** Reads every page of one event source's events in [startTime, endTime], newest first (as AWS returns them). */
export async function lookupEvents(
  clients: AwsClients,
  opts: LookupEventsOptions,
): Promise<LookupEventsResult> {
  const client = await clients.cloudTrail(opts.region);
  const events: TrailEventSummary[] = [];
  let pages = 0;
  let token: string | undefined;
  do {
    let page: LookupEventsCommandOutput;
    try {
      page = await client.lookupEvents({
        LookupAttributes: [
          opts.eventName === undefined
            ? { AttributeKey: "EventSource", AttributeValue: opts.eventSource }
            : { AttributeKey: "EventName", AttributeValue: opts.eventName },
        ],
        StartTime: opts.startTime,
        EndTime: opts.endTime,
        MaxResults: LOOKUP_PAGE_SIZE,
        NextToken: token,
      });
    } catch (err) {
      const error = lookupError(err, opts.region);
      if (pages === 0) throw error;
      return { events, pages, error };
    }
    pages += 1;
    const list = page.Events ?? [];
    for (const e of list) {
      events.push({
        eventId: e.EventId,
        eventName: e.EventName,
        eventSource: e.EventSource,
        eventTime: e.EventTime,
        cloudTrailEvent: e.CloudTrailEvent,
      });
    }
    opts.onPage?.({
      eventSource: opts.eventSource,
      pageNumber: pages,
      events: list.length,
      total: events.length,
    });
    token = page.NextToken || undefined;
  } while (token);
  return { events, pages };
}
