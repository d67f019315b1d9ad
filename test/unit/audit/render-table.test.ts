import assert from "node:assert/strict";
import { test } from "node:test";
import type { AuditRecord } from "../../../src/checks/audit/record.ts";
import { renderAuditTable, summaryLine } from "../../../src/checks/audit/render-table.ts";

const records: AuditRecord[] = [
  {
    time: "2026-11-19T07:23:42Z",
    kind: "sign-in",
    event: "UserAuthentication",
    user: { id: "f12bb510-a011-702f-10dd-5607e2776dbc", name: "carol" },
    sourceIp: "192.0.2.224",
    userAgent:
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
    outcome: "success",
    eventId: "1",
    credentialType: "TOTP",
  },
  {
    time: "2026-11-19T10:00:00Z",
    kind: "role-credentials",
    event: "GetRoleCredentials",
    user: { id: "544894e8-80c1-707f-60e3-3ba6510dfac1" },
    accountId: "777788889999",
    role: "terraform-core",
    sourceIp: "203.0.113.200",
    userAgent: "evil\u001b[2J agent",
    outcome: "failure",
    errorCode: "ForbiddenException",
    eventId: "2",
  },
];

test("the table: aligned columns, account names from keyless.yaml, ids when no name, failures marked", () => {
  const text = renderAuditTable(records, { color: false, accountNames: { "777788889999": "prod" } });
  assert.equal(
    text,
    [
      "WHEN (UTC)           EVENT                      WHO                                   ACCOUNT  ROLE            FROM           AGENT                RESULT",
      "2026-11-19 07:23:42  UserAuthentication (TOTP)  carol                                 -        -               192.0.2.224    Chrome 130 (macOS)   success",
      "2026-11-19 10:00:00  GetRoleCredentials         544894e8-80c1-707f-60e3-3ba6510dfac1  prod     terraform-core  203.0.113.200  evil\\u001b[2J agent  FAILED ForbiddenException",
      "",
    ].join("\n"),
  );
});

test("no escape sequence from CloudTrail reaches the terminal; colour only when asked", () => {
  const plain = renderAuditTable(records, { color: false, accountNames: {} });
  assert.ok(!plain.includes("\u001b"));
  const coloured = renderAuditTable(records, { color: true, accountNames: {} });
  assert.ok(coloured.includes("\u001b[31m"), "failures in red");
  assert.ok(!coloured.includes("\u001b[2J"));
});

test("summary line counts kinds and failures", () => {
  assert.equal(summaryLine(records), "2 events: 1 sign-in, 0 token, 1 role-credentials; 1 failure.");
  assert.equal(summaryLine([]), "0 events: 0 sign-in, 0 token, 0 role-credentials; 0 failures.");
});
