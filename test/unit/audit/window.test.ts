import assert from "node:assert/strict";
import { test } from "node:test";
import { parseTimeArg, resolveWindow } from "../../../src/checks/audit/window.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";

const now = new Date("2026-11-20T12:00:00Z");
const iso = (d: Date) => d.toISOString();

function usage(fn: () => unknown, pattern: RegExp): void {
  assert.throws(
    fn,
    (e: unknown) => e instanceof KeylessError && e.code === "USAGE" && pattern.test(e.message),
  );
}

test("ages: minutes, hours, days, weeks before now", () => {
  assert.equal(iso(parseTimeArg("30m", now, "--since")), "2026-11-20T11:30:00.000Z");
  assert.equal(iso(parseTimeArg("12h", now, "--since")), "2026-11-20T00:00:00.000Z");
  assert.equal(iso(parseTimeArg("7d", now, "--since")), "2026-11-13T12:00:00.000Z");
  assert.equal(iso(parseTimeArg("2W", now, "--since")), "2026-11-06T12:00:00.000Z");
});

test("dates are UTC midnight; date-times without an offset are UTC; offsets are honoured", () => {
  assert.equal(iso(parseTimeArg("2026-11-01", now, "--since")), "2026-11-01T00:00:00.000Z");
  assert.equal(iso(parseTimeArg("2026-11-01T08:30", now, "--since")), "2026-11-01T08:30:00.000Z");
  assert.equal(iso(parseTimeArg("2026-11-01 08:30:15", now, "--since")), "2026-11-01T08:30:15.000Z");
  assert.equal(iso(parseTimeArg("2026-11-01T08:30:00+02:00", now, "--since")), "2026-11-01T06:30:00.000Z");
  assert.equal(iso(parseTimeArg("2026-11-01T08:30:00Z", now, "--since")), "2026-11-01T08:30:00.000Z");
});

test("anything else is a usage error naming the flag", () => {
  usage(() => parseTimeArg("last week", now, "--since"), /--since "last week" is not a time/);
  usage(() => parseTimeArg("7y", now, "--until"), /--until/);
  usage(() => parseTimeArg("2026-13-45", now, "--since"), /not a time/);
});

test("default window: the last 7 days up to now, no notes", () => {
  const w = resolveWindow({ now });
  assert.equal(iso(w.start), "2026-11-13T12:00:00.000Z");
  assert.equal(iso(w.end), iso(now));
  assert.deepEqual(w.notes, []);
});

test("a start older than 90 days is clipped to the lookup limit, with a note", () => {
  const w = resolveWindow({ since: "2026-01-01", now });
  assert.equal(iso(w.start), "2026-08-22T12:00:00.000Z");
  assert.equal(w.notes.length, 1);
  assert.match(
    w.notes[0] ?? "",
    /keeps 90 days: reading from 2026-08-22T12:00:00Z instead of 2026-01-01T00:00:00Z/,
  );
});

test("an end in the future is now; start after end and an end beyond 90 days are usage errors", () => {
  assert.equal(iso(resolveWindow({ since: "1d", until: "2027-01-01", now }).end), iso(now));
  usage(() => resolveWindow({ since: "1d", until: "2d", now }), /is not before --until/);
  usage(() => resolveWindow({ since: "2026-01-01", until: "2026-02-01", now }), /more than 90 days ago/);
});
