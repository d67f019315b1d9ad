/**
 * The audit's work without AWS: three lookups (one per event source, since LookupEvents takes one
 * attribute per call), parse, correlate sign-ins, resolve user names, filter, sort by time. AWS comes
 * in through ports, so tests drive this with recorded events. A lookup that fails partway and a
 * malformed event each become one problem line; everything else is still shown.
 */
import { KeylessError } from "../../errors/keyless-error.ts";
import { type AuditFilters, filterRecords } from "./filter.ts";
import { parseTrailEvent, type RawTrailEvent } from "./parse-event.ts";
import { AUDIT_SOURCES, type AuditKind, type AuditRecord } from "./record.ts";
import { applyUserNames, fillUsersFromWorkflows, type UserLookup, userLookups } from "./users.ts";
import type { AuditWindow } from "./window.ts";

export interface LookupPortResult {
  events: RawTrailEvent[];
  pages: number;
  /** A page after the first failed: `events` is what was read before. */
  error?: KeylessError;
}

export interface AuditPorts {
  /**
   * All events of one source in the window. Throws when not even the first page could be read:
   * NO_CREDENTIALS and AWS_ACCESS_DENIED end the audit (every source would fail alike), any other
   * error is a problem for that source and the other sources are still read.
   */
  lookup(eventSource: string, window: AuditWindow): Promise<LookupPortResult>;
  /** userId → userName for the ids it could resolve. */
  resolveUserNames(lookups: UserLookup[]): Promise<Map<string, string>>;
  /** Problems met while resolving names (shown as notes, not failures). */
  userNameWarnings?(): string[];
}

export interface AuditResult {
  records: AuditRecord[];
  /** One line per event that could not be read or lookup that stopped early: exit non-zero. */
  problems: string[];
  /** Informational lines (clipping, polling events not shown, names not resolved). */
  notes: string[];
  pages: number;
}

const ORDER: AuditKind[] = ["sign-in", "token", "role-credentials"];
const FATAL = new Set(["NO_CREDENTIALS", "AWS_ACCESS_DENIED"]);

function hintOf(err: KeylessError): string {
  return err.hint ? ` ${err.hint}` : "";
}

function byTime(a: AuditRecord, b: AuditRecord): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}

export async function collectAudit(
  ports: AuditPorts,
  opts: { window: AuditWindow; filters: AuditFilters; identityStoreId?: string | undefined },
): Promise<AuditResult> {
  const problems: string[] = [];
  const notes = [...opts.window.notes];
  const byId = new Map<string, AuditRecord>();
  let pages = 0;
  let polling = 0;
  for (const kind of ORDER) {
    const source = AUDIT_SOURCES[kind];
    let result: LookupPortResult;
    try {
      result = await ports.lookup(source, opts.window);
    } catch (err) {
      if (!(err instanceof KeylessError) || FATAL.has(err.code)) throw err;
      problems.push(
        `${source}: the lookup failed (${err.message}); no ${kind} events are shown.${hintOf(err)}`,
      );
      continue;
    }
    pages += result.pages;
    if (result.error) {
      problems.push(
        `${source}: the lookup stopped after ${result.pages} page(s) (${result.error.message}); ` +
          `only the ${result.events.length} event(s) read before are shown.${hintOf(result.error)}`,
      );
    }
    for (const raw of result.events) {
      const parsed = parseTrailEvent({ ...raw, eventSource: raw.eventSource ?? source });
      if (parsed.status === "record") byId.set(parsed.record.eventId, parsed.record);
      else if (parsed.status === "problem") {
        const p = parsed.problem;
        problems.push(`${p.eventSource} event ${p.eventId ?? "(no id)"}: ${p.message}; skipped.`);
      } else if (parsed.reason === "polling") polling += 1;
    }
  }
  if (polling > 0) {
    notes.push(
      `${polling} CreateToken call(s) of device-code clients still waiting for approval ` +
        "(AuthorizationPending / SlowDown) are not shown: they are polling, not failed sign-ins.",
    );
  }
  let records = fillUsersFromWorkflows([...byId.values()]);
  const lookups = userLookups(records, opts.identityStoreId);
  if (lookups.length > 0) {
    records = applyUserNames(records, await ports.resolveUserNames(lookups));
    notes.push(...(ports.userNameWarnings?.() ?? []));
  }
  records = filterRecords(records, opts.filters).sort(byTime);
  return { records, problems, notes, pages };
}
