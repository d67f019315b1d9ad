import assert from "node:assert/strict";
import { test } from "node:test";
import type { AuditRecord } from "../../../src/checks/audit/record.ts";
import { CSV_COLUMNS, csvCell, renderAuditCsv } from "../../../src/checks/audit/render-csv.ts";

/** A small RFC 4180 reader, to check that what we write reads back to the same values. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  return rows;
}

test("cells are quoted only when needed, quotes doubled", () => {
  assert.equal(csvCell("plain"), "plain");
  assert.equal(csvCell("a,b"), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell("two\nlines"), '"two\nlines"');
  assert.equal(csvCell(""), "");
});

test("cells a spreadsheet would run as formulas get a leading apostrophe", () => {
  assert.equal(csvCell('=HYPERLINK("http://x")'), '"\'=HYPERLINK(""http://x"")"');
  assert.equal(csvCell("+1"), "'+1");
  assert.equal(csvCell("@SUM(A1)"), "'@SUM(A1)");
  assert.equal(csvCell("-2"), "'-2");
});

test("a header, one CRLF-terminated row per record, and values that read back unchanged", () => {
  const rec: AuditRecord = {
    time: "2026-11-01T10:00:00Z",
    kind: "role-credentials",
    event: "GetRoleCredentials",
    user: { id: "94d00cd8-e9e6-4810-b177-b08e84775435", name: "alice" },
    accountId: "444455556666",
    role: "terraform-core",
    sourceIp: "198.51.100.23",
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) "quoted", comma',
    outcome: "failure",
    errorCode: "ForbiddenException",
    errorMessage: "No access,\nreally",
    eventId: "e-1",
  };
  const text = renderAuditCsv([rec], { "444455556666": "dev" });
  assert.ok(text.endsWith("\r\n"));
  const rows = readCsv(text);
  assert.deepEqual(rows[0], [...CSV_COLUMNS]);
  assert.equal(rows.length, 2);
  const row = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, rows[1]?.[i]]));
  assert.equal(row.user_agent, rec.userAgent);
  assert.equal(row.error_message, rec.errorMessage);
  assert.equal(row.account_name, "dev");
  assert.equal(row.user_name, "alice");
  assert.equal(row.outcome, "failure");
  assert.equal(row.identity_store_arn, "");
});
