/**
 * src/aws/cloudtrail.ts against the CloudTrail stand-in: the 2 requests/second pace measured on an
 * injected clock shared by the limiter and the stand-in (no wall time), paging, and the stand-in's
 * wire fidelity checked with botocore as a second client.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { createAwsClients } from "../../../src/aws/clients.ts";
import { createLookupRateLimiter, type LookupPage, lookupEvents } from "../../../src/aws/cloudtrail.ts";
import { createRateLimiter } from "../../../src/aws/rate-limiter.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";
import { renderFixture } from "../../fixtures/cloudtrail/render.ts";
import { awsTestEnv, freePort } from "../../helpers/moto.ts";
import { type CloudTrailStandin, startCloudTrailStandin } from "../../standins/cloudtrail-standin.ts";

const REGION = "eu-central-1";
const records = renderFixture("after-2025-01-13", undefined, { newestAt: new Date("2026-11-19T10:00:00Z") });
const ssoCount = records.filter((r) => r.eventSource === "sso.amazonaws.com").length;
const window = { startTime: new Date("2026-11-01T00:00:00Z"), endTime: new Date("2026-11-20T00:00:00Z") };

/** A clock that moves only when someone sleeps on it. */
function fakeClock() {
  let t = 1_000_000;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

const noGlobalLimit = { take: async () => {} };
let trail: CloudTrailStandin;
let clock: ReturnType<typeof fakeClock>;

before(async () => {
  clock = fakeClock();
  trail = await startCloudTrailStandin({ pageSize: 1, now: () => clock.now() });
  trail.setRecords(records);
  Object.assign(process.env, awsTestEnv(`http://127.0.0.1:${await freePort()}`, REGION), {
    AWS_ENDPOINT_URL_CLOUDTRAIL: trail.endpoint,
  });
});
after(async () => {
  await trail.stop();
});

test("every page is a request at most 2 per second: spacing measured on the shared fake clock", async () => {
  trail.clearRequests();
  const clients = await createAwsClients({
    region: REGION,
    rateLimiter: noGlobalLimit,
    cloudTrailRateLimiter: createLookupRateLimiter(clock),
  });
  const pages: LookupPage[] = [];
  try {
    const res = await lookupEvents(clients, {
      region: REGION,
      eventSource: "sso.amazonaws.com",
      ...window,
      onPage: (p) => pages.push(p),
    });
    assert.equal(res.error, undefined);
    assert.equal(res.events.length, ssoCount);
    assert.equal(res.pages, ssoCount);
    assert.deepEqual(
      pages.map((p) => [p.pageNumber, p.events, p.total]),
      Array.from({ length: ssoCount }, (_, i) => [i + 1, 1, i + 1]),
    );
    // Newest first, as CloudTrail answers.
    const times = res.events.map((e) => e.eventTime?.getTime() ?? 0);
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
    assert.equal(clients.callCounts()["cloudtrail.LookupEvents"], ssoCount);
  } finally {
    clients.destroy();
  }
  const at = trail.requests().map((q) => q.at);
  assert.equal(at.length, ssoCount);
  assert.ok(
    trail.requests().every((q) => q.error === undefined),
    "the stand-in never had to throttle",
  );
  for (let i = 1; i < at.length; i++)
    assert.ok((at[i] as number) - (at[i - 1] as number) >= 500, `gap ${i}: ${at}`);
  for (let i = 2; i < at.length; i++)
    assert.ok((at[i] as number) - (at[i - 2] as number) >= 1000, "≤2 in any second");
});

test("control: paced at 10 per second the stand-in throttles, and the SDK's retries give up", async () => {
  trail.clearRequests();
  const clients = await createAwsClients({
    region: REGION,
    maxAttempts: 2,
    rateLimiter: noGlobalLimit,
    cloudTrailRateLimiter: createRateLimiter({ requestsPerSecond: 10, burst: 1, ...clock }),
  });
  try {
    const res = await lookupEvents(clients, { region: REGION, eventSource: "sso.amazonaws.com", ...window });
    assert.equal(res.pages, 2, "two pages fit in the first second");
    assert.equal(res.events.length, 2);
    assert.equal(res.error?.code, "AWS_ERROR");
    assert.match(res.error?.message ?? "", /ThrottlingException/);
    assert.match(res.error?.hint ?? "", /throttled/);
  } finally {
    clients.destroy();
  }
  assert.deepEqual(
    trail.requests().map((q) => q.error ?? "ok"),
    ["ok", "ok", "ThrottlingException", "ThrottlingException"],
  );
});

test("an error on the first page is thrown (nothing to show): access denied with the IAM action and region", async () => {
  trail.clearRequests();
  trail.denyAccess(true);
  const clients = await createAwsClients({
    region: REGION,
    rateLimiter: noGlobalLimit,
    cloudTrailRateLimiter: createLookupRateLimiter(clock),
  });
  try {
    const err = await lookupEvents(clients, {
      region: REGION,
      eventSource: "signin.amazonaws.com",
      ...window,
    }).catch((e: unknown) => e);
    assert.ok(err instanceof KeylessError, String(err));
    assert.equal(err.code, "AWS_ACCESS_DENIED");
    assert.match(err.hint ?? "", /cloudtrail:LookupEvents in eu-central-1/);
  } finally {
    trail.denyAccess(false);
    clients.destroy();
  }
});

test("the stand-in answers botocore too (long-form X-Amz-Target, epoch-second times, NextToken)", async () => {
  const open = await startCloudTrailStandin({ pageSize: 3, requestsPerSecond: 0 });
  open.setRecords(records);
  try {
    const script = [
      "import boto3, datetime, json, sys",
      "c = boto3.client('cloudtrail', region_name=sys.argv[2], endpoint_url=sys.argv[1],",
      "  aws_access_key_id='testing', aws_secret_access_key='testing')",
      "n, srcs = 0, set()",
      "for page in c.get_paginator('lookup_events').paginate(",
      "    LookupAttributes=[{'AttributeKey': 'EventSource', 'AttributeValue': 'sso.amazonaws.com'}],",
      "    StartTime=datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc),",
      "    EndTime=datetime.datetime(2026, 11, 20, tzinfo=datetime.timezone.utc)):",
      "  for e in page['Events']:",
      "    n += 1; srcs.add(json.loads(e['CloudTrailEvent'])['eventSource']); assert e['EventTime'].year == 2026",
      "print(json.dumps({'events': n, 'sources': sorted(srcs)}))",
    ].join("\n");
    // Asynchronously: the stand-in answers from this process's event loop.
    const py = await promisify(execFile)("python3", ["-c", script, open.endpoint, REGION], {
      timeout: 60_000,
    });
    assert.deepEqual(JSON.parse(py.stdout), { events: ssoCount, sources: ["sso.amazonaws.com"] });
    const reqs = open.requests();
    assert.equal(reqs.length, Math.ceil(ssoCount / 3));
    assert.ok(reqs.every((q) => q.error === undefined && q.attribute?.value === "sso.amazonaws.com"));
  } finally {
    await open.stop();
  }
});
