/** --user and --account filters. Sign-ins and tokens have no account, so --account keeps role-credential events only. */
import { KeylessError } from "../../errors/keyless-error.ts";
import type { AuditRecord } from "./record.ts";

export interface AuditFilters {
  /** A user name (case-insensitive) or an identity-store user id. */
  user?: string | undefined;
  /** A 12-digit account id. */
  accountId?: string | undefined;
}

/** --account ID|NAME → account id, names from keyless.yaml `accounts`. */
export function resolveAccount(value: string, accounts: Record<string, string>): string {
  const v = value.trim();
  if (/^\d{12}$/.test(v)) return v;
  const id = accounts[v];
  if (id) return id;
  const known = Object.keys(accounts);
  throw new KeylessError(
    "USAGE",
    `--account "${value}" is neither a 12-digit account id nor an account in keyless.yaml`,
    {
      hint: known.length
        ? `Use an account id or one of: ${known.slice(0, 20).join(", ")}${known.length > 20 ? ", ..." : ""}.`
        : "Use the 12-digit account id (names need an `accounts:` section in keyless.yaml; see -c).",
    },
  );
}

export function filterRecords(records: AuditRecord[], filters: AuditFilters): AuditRecord[] {
  const user = filters.user?.trim().toLowerCase();
  return records.filter((r) => {
    if (user && r.user.name?.toLowerCase() !== user && r.user.id?.toLowerCase() !== user) return false;
    if (filters.accountId && r.accountId !== filters.accountId) return false;
    return true;
  });
}
