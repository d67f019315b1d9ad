/** `keyless audit --json`: a plain array of records (docs/audit.md documents the fields). */
import type { AuditRecord } from "./record.ts";

/** --json: the records as an array, each with `accountName` when keyless.yaml names the account. */
export function auditToJson(records: AuditRecord[], accountNames: Record<string, string>): unknown[] {
  return records.map((r) => {
    const name = r.accountId ? accountNames[r.accountId] : undefined;
    return name ? { ...r, accountName: name } : r;
  });
}
