import assert from "node:assert/strict";
import { test } from "node:test";
import { filterRecords, resolveAccount } from "../../../src/checks/audit/filter.ts";
import type { AuditRecord } from "../../../src/checks/audit/record.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";

function rec(over: Partial<AuditRecord>): AuditRecord {
  return {
    time: "2026-11-01T10:00:00Z",
    kind: "role-credentials",
    event: "GetRoleCredentials",
    user: {},
    sourceIp: "192.0.2.1",
    userAgent: "",
    outcome: "success",
    eventId: "e",
    ...over,
  };
}

const records = [
  rec({ eventId: "1", user: { name: "Alice", id: "id-a" }, accountId: "444455556666" }),
  rec({ eventId: "2", user: { id: "id-b" }, accountId: "777788889999" }),
  rec({ eventId: "3", kind: "sign-in", event: "UserAuthentication", user: { name: "carol" } }),
];
const ids = (rs: AuditRecord[]) => rs.map((r) => r.eventId);

test("--user matches the name case-insensitively or the user id", () => {
  assert.deepEqual(ids(filterRecords(records, { user: "alice" })), ["1"]);
  assert.deepEqual(ids(filterRecords(records, { user: "id-b" })), ["2"]);
  assert.deepEqual(ids(filterRecords(records, { user: "nobody" })), []);
});

test("--account keeps role credentials for that account only (sign-ins have no account)", () => {
  assert.deepEqual(ids(filterRecords(records, { accountId: "777788889999" })), ["2"]);
  assert.deepEqual(ids(filterRecords(records, { user: "alice", accountId: "777788889999" })), []);
  assert.deepEqual(ids(filterRecords(records, {})), ["1", "2", "3"]);
});

test("--account takes an id or a keyless.yaml account name; anything else is a usage error listing names", () => {
  const accounts = { dev: "444455556666", prod: "777788889999" };
  assert.equal(resolveAccount("prod", accounts), "777788889999");
  assert.equal(resolveAccount("123456789012", accounts), "123456789012");
  assert.throws(
    () => resolveAccount("staging", accounts),
    (e: unknown) => e instanceof KeylessError && e.code === "USAGE" && /dev, prod/.test(e.hint ?? ""),
  );
  assert.throws(
    () => resolveAccount("dev", {}),
    (e: unknown) => e instanceof KeylessError && /12-digit/.test(e.hint ?? ""),
  );
});
