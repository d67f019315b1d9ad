/**
 * Which account × role pairs become profiles by flags (`--all`, `--account`, `--role`; never a
 * prompt; the terminal picker is in picker/). Unknown flag values are errors that list what exists,
 * so a typo never silently writes nothing.
 */
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

/** The user ended the picker without choosing (Enter with nothing selected, Ctrl-C or Ctrl-D). */
export const CANCELLED = "cancelled";
