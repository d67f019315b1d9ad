/**
 * The audit as CSV (RFC 4180): a header, CRLF line ends, fields quoted when they hold a comma, quote
 * or line break (quotes doubled). A field that a spreadsheet would run as a formula (starting with
 * = + - @ or a tab / carriage return) gets a leading `'`: user agents and error messages come from
 * whoever made the request.
 */
import type { AuditRecord } from "./record.ts";

export const CSV_COLUMNS = [
  "time",
  "kind",
  "event",
  "user_name",
  "user_id",
  "identity_store_arn",
  "account_id",
  "account_name",
  "role",
  "source_ip",
  "user_agent",
  "outcome",
  "error_code",
  "error_message",
  "credential_type",
  "auth_workflow_id",
  "event_id",
] as const;

export function csvCell(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

export function renderAuditCsv(records: AuditRecord[], accountNames: Record<string, string>): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const r of records) {
    const row: Record<(typeof CSV_COLUMNS)[number], string> = {
      time: r.time,
      kind: r.kind,
      event: r.event,
      user_name: r.user.name ?? "",
      user_id: r.user.id ?? "",
      identity_store_arn: r.user.identityStoreArn ?? "",
      account_id: r.accountId ?? "",
      account_name: (r.accountId && accountNames[r.accountId]) || "",
      role: r.role ?? "",
      source_ip: r.sourceIp,
      user_agent: r.userAgent,
      outcome: r.outcome,
      error_code: r.errorCode ?? "",
      error_message: r.errorMessage ?? "",
      credential_type: r.credentialType ?? "",
      auth_workflow_id: r.authWorkflowId ?? "",
      event_id: r.eventId,
    };
    lines.push(CSV_COLUMNS.map((k) => csvCell(row[k])).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}
