/**
 * `keyless audit`: IAM Identity Center sign-ins, token creation and role-credential use from
 * CloudTrail event history (LookupEvents), in the Identity Center region, as a table, JSON or CSV.
 * Read-only. Exit 0; 1 when an event could not be parsed or a lookup stopped partway (what was read is
 * still printed); 67 without credentials; 64 for bad flags.
 */
import { existsSync } from "node:fs";
import { resolveConfigPath } from "../app/config-path.ts";
import { type AuditPorts, collectAudit } from "../checks/audit/collect.ts";
import { resolveAccount } from "../checks/audit/filter.ts";
import { renderAuditCsv } from "../checks/audit/render-csv.ts";
import { auditToJson } from "../checks/audit/render-json.ts";
import { renderAuditTable, summaryLine } from "../checks/audit/render-table.ts";
import { resolveWindow } from "../checks/audit/window.ts";
import { type CliIO, useColor } from "../cli/io.ts";
import { loadConfig } from "../config/load.ts";
import { EXIT, KeylessError } from "../errors/keyless-error.ts";
import { safe } from "../render/style.ts";
import { progressReporter } from "./progress.ts";

export interface AuditOptions {
  since?: string | undefined;
  until?: string | undefined;
  user?: string | undefined;
  account?: string | undefined;
  json?: boolean | undefined;
  csv?: boolean | undefined;
  config?: string | undefined;
  region?: string | undefined;
  color?: boolean | undefined;
}

export interface AuditDeps {
  /** The clock for the window (tests). */
  now?: () => Date;
  /** AWS access (tests); otherwise built for the region from src/aws. */
  ports?: (region: string, onPage: (line: string) => void) => Promise<AuditPorts & { close(): void }>;
}

/** The AWS side of the audit: LookupEvents per source and DescribeUser, on one set of clients. */
async function createAuditPorts(
  region: string,
  onProgress: (line: string) => void,
): Promise<AuditPorts & { close(): void }> {
  const [{ createAwsClients }, { lookupEvents }, { createUserNameResolver }] = await Promise.all([
    import("../aws/clients.ts"),
    import("../aws/cloudtrail.ts"),
    import("../aws/identity-store-users.ts"),
  ]);
  const clients = await createAwsClients({ region });
  const names = createUserNameResolver(clients);
  return {
    lookup: (eventSource, window) =>
      lookupEvents(clients, {
        region,
        eventSource,
        startTime: window.start,
        endTime: window.end,
        onPage: (p) => onProgress(`  ${p.eventSource}: page ${p.pageNumber}, ${p.total} event(s) so far`),
      }),
    resolveUserNames: (lookups) => names.resolve(lookups),
    userNameWarnings: () => names.warnings(),
    close: () => clients.destroy(),
  };
}

interface Settings {
  region: string;
  accounts: Record<string, string>;
  identityStoreId: string | undefined;
}

/** Region and accounts: keyless.yaml when there is one (-c, KEYLESS_CONFIG or ./keyless.yaml), --region first. */
async function settings(opts: AuditOptions, io: CliIO): Promise<Settings> {
  const explicit = opts.config ?? io.env.KEYLESS_CONFIG;
  const path = resolveConfigPath(explicit ?? "keyless.yaml", io);
  const desired = explicit !== undefined || existsSync(path) ? (await loadConfig(path)).desired : undefined;
  const region =
    opts.region ?? desired?.identityCenter.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new KeylessError(
      "USAGE",
      "which region? keyless audit reads CloudTrail in the IAM Identity Center region",
      {
        hint: "Pass --region (the Identity Center region), set AWS_REGION, or run it next to keyless.yaml.",
      },
    );
  }
  return {
    region,
    accounts: desired?.accounts ?? {},
    identityStoreId: desired?.identityCenter.identityStoreId,
  };
}

export async function runAudit(opts: AuditOptions, io: CliIO, deps: AuditDeps = {}): Promise<number> {
  if (opts.json && opts.csv) {
    throw new KeylessError("USAGE", "--json and --csv cannot be combined", {
      hint: "Choose one output format.",
    });
  }
  const now = (deps.now ?? (() => new Date()))();
  const window = resolveWindow({ since: opts.since, until: opts.until, now });
  const { region, accounts, identityStoreId } = await settings(opts, io);
  const accountId = opts.account === undefined ? undefined : resolveAccount(opts.account, accounts);
  const accountNames = Object.fromEntries(Object.entries(accounts).map(([name, id]) => [id, name]));
  const progress = progressReporter(io, { quiet: Boolean(opts.json || opts.csv) });
  progress(
    `Reading IAM Identity Center events from CloudTrail in ${region}, ${window.start.toISOString()} to ${window.end.toISOString()}`,
  );
  const ports = await (deps.ports ?? createAuditPorts)(region, progress);
  let result: Awaited<ReturnType<typeof collectAudit>>;
  try {
    result = await collectAudit(ports, { window, filters: { user: opts.user, accountId }, identityStoreId });
  } finally {
    ports.close();
  }
  const { records, problems, notes } = result;
  if (opts.json) io.out(`${JSON.stringify(auditToJson(records, accountNames), null, 2)}\n`);
  else if (opts.csv) io.out(renderAuditCsv(records, accountNames));
  else if (records.length === 0) {
    io.out(
      problems.length > 0
        ? "No IAM Identity Center events could be read (see the problems below).\n"
        : "No IAM Identity Center sign-in, token or role-credential events found.\n",
    );
  } else {
    io.out(renderAuditTable(records, { color: useColor(io, opts.color), accountNames }));
    io.out(`\n${summaryLine(records)}\n`);
  }
  for (const note of notes) io.err(`Note: ${safe(note)}\n`);
  for (const problem of problems) io.err(`Problem: ${safe(problem)}\n`);
  if (problems.length > 0) {
    io.err(`${problems.length} problem(s): the audit above may be incomplete.\n`);
    return EXIT.ERROR;
  }
  return EXIT.OK;
}
