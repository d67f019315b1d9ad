import assert from "node:assert/strict";
import { test } from "node:test";
import { formatCacheTimestamp, parseCacheTimestamp } from "../../../src/local/sso/timestamps.ts";

const T = Date.UTC(2025, 2, 4, 5, 6, 7); // 2025-03-04T05:06:07Z

test("writes %Y-%m-%dT%H:%M:%SZ in UTC without a fraction (fraction truncated like strftime)", () => {
  assert.equal(formatCacheTimestamp(T + 891), "2025-03-04T05:06:07Z");
  assert.equal(formatCacheTimestamp(T), "2025-03-04T05:06:07Z");
});

test("reads botocore's, JavaScript's, Go's and older botocore's forms", () => {
  const cases: [string, number][] = [
    ["2025-03-04T05:06:07Z", T],
    ["2025-03-04T05:06:07.891Z", T + 891], // JS toISOString
    ["2025-03-04T05:06:07.891234567Z", T + 891], // Go RFC3339Nano
    ["2025-03-04T07:06:07+02:00", T], // Go RFC3339 with offset
    ["2025-03-04T00:06:07-0500", T],
    ["2025-03-04T05:06:07UTC", T], // botocore JSONFileCache with %Z
    ["2025-03-04T05:06:07", T], // naive: UTC, never local time
    ["2025-03-04 05:06:07Z", T],
  ];
  for (const [text, expected] of cases) assert.equal(parseCacheTimestamp(text), expected, text);
});

test("rejects what is not a timestamp", () => {
  for (const bad of ["", "tomorrow", "2025-13-01T00:00:00Z", "1741064767", 1741064767, null, undefined, {}]) {
    assert.equal(parseCacheTimestamp(bad), undefined, String(bad));
  }
});

test("round trip at second precision", () => {
  for (const ms of [0, T, Date.UTC(2099, 11, 31, 23, 59, 59)]) {
    assert.equal(parseCacheTimestamp(formatCacheTimestamp(ms)), ms);
  }
});
