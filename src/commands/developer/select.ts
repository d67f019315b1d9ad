/**
 * Which account × role pairs become profiles: by flags (`--all`, `--account`, `--role`; never a
 * prompt), or on a terminal by a small filterable numbered list. Unknown flag values are errors that
 * list what exists, so a typo never silently writes nothing.
 */
import { type CliIO, PromptCancelled } from "../../cli/io.ts";
import { KeylessError } from "../../errors/keyless-error.ts";

export interface Candidate {
  accountId: string;
  accountName: string;
  roleName: string;
}

export interface SelectionFlags {
  all?: boolean | undefined;
  /** Account ids or names. */
  accounts?: string[] | undefined;
  roles?: string[] | undefined;
}

export function hasSelectionFlags(f: SelectionFlags): boolean {
  return Boolean(f.all || f.accounts?.length || f.roles?.length);
}

const lc = (s: string) => s.toLowerCase();

export function selectByFlags(candidates: Candidate[], f: SelectionFlags): Candidate[] {
  if (f.all && (f.accounts?.length || f.roles?.length)) {
    throw new KeylessError("USAGE", "--all cannot be combined with --account or --role");
  }
  if (f.all) return candidates;
  const accounts = f.accounts ?? [];
  const roles = f.roles ?? [];
  const accountOk = (c: Candidate, a: string) => c.accountId === a || lc(c.accountName) === lc(a);
  for (const a of accounts) {
    if (!candidates.some((c) => accountOk(c, a))) {
      const known = [...new Set(candidates.map((c) => `${c.accountName} (${c.accountId})`))];
      throw new KeylessError("USAGE", `--account ${a}: you have no role in an account of that id or name`, {
        hint: known.length ? `Your accounts: ${known.join(", ")}.` : "The portal lists no account for you.",
      });
    }
  }
  for (const r of roles) {
    const inScope = candidates.filter((c) => accounts.length === 0 || accounts.some((a) => accountOk(c, a)));
    if (!inScope.some((c) => c.roleName === r)) {
      const known = [...new Set(inScope.map((c) => c.roleName))].sort();
      throw new KeylessError(
        "USAGE",
        `--role ${r}: no such role${accounts.length ? " in the chosen accounts" : ""}`,
        { hint: known.length ? `Roles there: ${known.join(", ")}.` : undefined },
      );
    }
  }
  return candidates.filter(
    (c) =>
      (accounts.length === 0 || accounts.some((a) => accountOk(c, a))) &&
      (roles.length === 0 || roles.includes(c.roleName)),
  );
}

/** "1,3-5" → indices (0-based) into a list of `n`; undefined when the text is not such a list. */
export function parseNumbers(text: string, n: number): number[] | undefined {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0) return undefined;
  const out = new Set<number>();
  for (const p of parts) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(p);
    if (!m) return undefined;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from < 1 || to > n || from > to) return undefined;
    for (let i = from; i <= to; i++) out.add(i - 1);
  }
  return [...out].sort((a, b) => a - b);
}

const MAX_SHOWN = 200;
const MAX_ROUNDS = 20;

/** The user ended the prompt without choosing (Enter on an empty answer, Ctrl-C or Ctrl-D). */
export const CANCELLED = "cancelled";

/**
 * Ctrl-C / Ctrl-D at the question: the CLI's terminal prompt rejects with PromptCancelled; a readline
 * question (other CliIO implementations) with an AbortError ("Aborted with Ctrl+C").
 */
function isAbort(err: unknown): boolean {
  return (
    err instanceof PromptCancelled ||
    (err instanceof Error && (err.name === "AbortError" || (err as { code?: unknown }).code === "ABORT_ERR"))
  );
}

/**
 * The terminal prompt: shows the numbered list, takes numbers, "all", or text that filters the list.
 * An empty answer, Ctrl-C or Ctrl-D cancels: CANCELLED, and the caller writes nothing. That is the
 * user's decision, not an error in what they typed, so it is no usage error (64).
 */
export async function promptSelection(
  candidates: Candidate[],
  io: CliIO,
): Promise<Candidate[] | typeof CANCELLED> {
  let shown = candidates;
  let filter = "";
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const lines = [
      `\n${filter ? `Matching "${filter}"` : "Accounts and roles you can use"} (${shown.length}):`,
      ...shown
        .slice(0, MAX_SHOWN)
        .map((c, i) => `  ${String(i + 1).padStart(3)}  ${c.accountName} (${c.accountId})  ${c.roleName}`),
    ];
    if (shown.length > MAX_SHOWN) lines.push(`  ... ${shown.length - MAX_SHOWN} more: type text to filter`);
    io.err(`${lines.join("\n")}\n`);
    let answer: string;
    try {
      answer = (
        await io.ask(
          'Numbers (e.g. 1,3-5), "all", text to filter, "*" to clear the filter, or Enter to cancel: ',
        )
      ).trim();
    } catch (err) {
      if (isAbort(err)) return CANCELLED;
      throw err;
    }
    if (answer === "") return CANCELLED;
    if (lc(answer) === "all") return shown;
    if (answer === "*") {
      shown = candidates;
      filter = "";
      continue;
    }
    const picked = parseNumbers(answer, Math.min(shown.length, MAX_SHOWN));
    if (picked) return picked.map((i) => shown[i] as Candidate);
    if (/^[\d,\s-]+$/.test(answer)) {
      io.err(`"${answer}" does not match the numbers shown (1-${Math.min(shown.length, MAX_SHOWN)}).\n`);
      continue;
    }
    const next = candidates.filter((c) =>
      lc(`${c.accountName} ${c.accountId} ${c.roleName}`).includes(lc(answer)),
    );
    if (next.length === 0) {
      io.err(`Nothing matches "${answer}".\n`);
      continue;
    }
    shown = next;
    filter = answer;
  }
  throw new KeylessError("USAGE", "no selection after many answers; no profile written", {
    hint: "Use --all / --account / --role to choose without a prompt.",
  });
}
