/**
 * `keyless audit --ci`: AssumeRoleWithWebIdentity into keyless CI roles (under /keyless/ci/) from
 * CloudTrail event history, as a table or JSON: when, which account and role, the repository and ref
 * from the token's sub, the outcome, and the CI run the session name points at. CloudTrail keeps
 * these events in the account of the role and the region of the STS endpoint the job called (the
 * job's aws-region), so run it with credentials for that account. Read-only. Exit 0; 1 when an event
 * could not be read or the lookup stopped partway; 64 for bad flags; 67 without credentials.
 */
import { existsSync } from "node:fs";
import { resolveConfigPath } from "../app/config-path.ts";
import { type CiAuditRecord, parseCiEvent } from "../checks/audit/ci-event.ts";
import type { LookupPortResult } from "../checks/audit/collect.ts";
import { resolveAccount } from "../checks/audit/filter.ts";
import { type AuditWindow, resolveWindow } from "../checks/audit/window.ts";
import type { CliIO } from "../cli/io.ts";
import { loadConfig } from "../config/load.ts";
import { EXIT, KeylessError } from "../errors/keyless-error.ts";
import { safe } from "../render/style.ts";
import type { AuditOptions } from "./audit.ts";
import { progressReporter } from "./progress.ts";

export interface CiAuditPorts {
  lookup(window: AuditWindow): Promise<LookupPortResult>;
  close(): void;
}

export interface CiAuditDeps {
  now?: () => Date;
  ports?: (region: string, onPage: (line: string) => void) => Promise<CiAuditPorts>;
}

async function createPorts(region: string, onProgress: (line: string) => void): Promise<CiAuditPorts> {
  const [{ createAwsClients }, { lookupEvents }] = await Promise.all([
    import("../aws/clients.ts"),
    import("../aws/cloudtrail.ts"),
  ]);
  const clients = await createAwsClients({ region });
  return {
    lookup: (window) =>
      lookupEvents(clients, {
        region,
        eventSource: "sts.amazonaws.com",
        eventName: "AssumeRoleWithWebIdentity",
        startTime: window.start,
        endTime: window.end,
        onPage: (p) =>
          onProgress(`  AssumeRoleWithWebIdentity: page ${p.pageNumber}, ${p.total} event(s) so far`),
      }),
    close: () => clients.destroy(),
  };
}

const HINT =
  "Run it with credentials for the account the CI roles are in (cloudtrail:LookupEvents), in the region the jobs call STS in (their aws-region): CloudTrail event history is per account and region.";

export async function runAuditCi(
  opts: AuditOptions & { role?: string | undefined },
  io: CliIO,
  deps: CiAuditDeps = {},
): Promise<number> {
  if (opts.csv || opts.user !== undefined) {
    throw new KeylessError("USAGE", `--ci cannot be combined with ${opts.csv ? "--csv" : "--user"}`, {
      hint: "keyless audit --ci prints a table or --json, filtered by --account and --role.",
    });
  }
  const now = (deps.now ?? (() => new Date()))();
  const window = resolveWindow({ since: opts.since, until: opts.until, now });
  const explicit = opts.config ?? io.env.KEYLESS_CONFIG;
  const path = resolveConfigPath(explicit ?? "keyless.yaml", io);
  const desired = explicit !== undefined || existsSync(path) ? (await loadConfig(path)).desired : undefined;
  const region =
    opts.region ??
    desired?.stateBackend?.region ??
    desired?.identityCenter.region ??
    io.env.AWS_REGION ??
    io.env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new KeylessError(
      "USAGE",
      "which region? keyless audit --ci reads CloudTrail where the CI jobs call STS",
      {
        hint: "Pass --region (the aws-region of the jobs), set AWS_REGION, or run it next to keyless.yaml.",
      },
    );
  }
  const accounts = desired?.accounts ?? {};
  const accountId = opts.account === undefined ? undefined : resolveAccount(opts.account, accounts);
  const names = Object.fromEntries(Object.entries(accounts).map(([name, id]) => [id, name]));
  const progress = progressReporter(io, { quiet: Boolean(opts.json) });
  progress(
    `Reading AssumeRoleWithWebIdentity events from CloudTrail in ${region}, ${window.start.toISOString()} to ${window.end.toISOString()}`,
  );
  const ports = await (deps.ports ?? createPorts)(region, progress);
  let result: LookupPortResult;
  try {
    result = await ports.lookup(window);
  } catch (err) {
    if (err instanceof KeylessError && err.code === "AWS_ACCESS_DENIED") {
      throw new KeylessError(err.code, err.message, { hint: HINT, cause: err });
    }
    throw err;
  } finally {
    ports.close();
  }
  const problems: string[] = [];
  if (result.error) {
    problems.push(
      `the lookup stopped after ${result.pages} page(s) (${result.error.message}); only the ${result.events.length} event(s) read before are shown.`,
    );
  }
  const records: CiAuditRecord[] = [];
  let others = 0;
  for (const raw of result.events) {
    const parsed = parseCiEvent(raw);
    if (parsed.status === "record") records.push(parsed.record);
    else if (parsed.status === "problem")
      problems.push(`event ${parsed.eventId ?? "(no id)"}: ${parsed.message}; skipped.`);
    else if (parsed.reason === "not-keyless") others++;
  }
  const shown = records
    .filter(
      (r) =>
        (accountId === undefined || r.accountId === accountId) &&
        (opts.role === undefined || r.role === opts.role),
    )
    .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.eventId < b.eventId ? -1 : 1));

  if (opts.json) {
    io.out(
      `${JSON.stringify(
        shown.map((r) => ({ ...r, accountName: names[r.accountId] ?? null, workflow: null })),
        null,
        2,
      )}\n`,
    );
  } else if (shown.length === 0) {
    io.out("No AssumeRoleWithWebIdentity into keyless CI roles found.\n");
  } else {
    io.out(renderTable(shown, names));
    const failed = shown.filter((r) => r.outcome === "failure").length;
    io.out(`\n${shown.length} assumption(s) of keyless CI roles, ${failed} failed.\n`);
  }
  if (others > 0) {
    io.err(
      `Note: ${others} AssumeRoleWithWebIdentity event(s) into roles outside /keyless/ci/ are not shown.\n`,
    );
  }
  if (!opts.json) {
    io.err(
      "Note: CloudTrail records only the token's sub and aud: the workflow file is not in the event; the RUN column follows the session name keyless ci workflow sets.\n",
    );
  }
  for (const p of problems) io.err(`Problem: ${safe(p)}\n`);
  return problems.length > 0 ? EXIT.ERROR : EXIT.OK;
}

function renderTable(records: CiAuditRecord[], names: Record<string, string>): string {
  const header = ["TIME", "ACCOUNT", "ROLE", "REPOSITORY", "REF", "OUTCOME", "RUN / SESSION"];
  const rows = records.map((r) =>
    [
      r.time,
      names[r.accountId] ? `${names[r.accountId]} (${r.accountId})` : r.accountId,
      r.role,
      r.repository ?? r.subject ?? "(not recorded)",
      r.ref ?? "",
      r.outcome === "success" ? "success" : `failure: ${r.errorCode}`,
      r.run ?? r.sessionName ?? "",
    ].map((c) => safe(c)),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(widths[i]!) : c)).join("  ");
  return `${[line(header), ...rows.map(line)].join("\n")}\n`;
}
