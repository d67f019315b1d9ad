/**
 * The picker's state machine, pure: which rows match, which are selected, where the cursor and the
 * screenful are, and what each key does. The terminal driver (run.ts) only feeds keys and draws.
 *
 * Filtering: the filter is a list of words; a row matches when every word is part of its account
 * name, account id or role name (case-insensitive). Typing refines the filter live; Enter commits
 * the typed words to it, so the next words narrow further; Backspace on an empty line drops the last
 * word; Esc (or `*` Enter) clears it all. Rows keep their number in the full list whatever the filter,
 * so "2" always means the same row. The answers the line prompt had keep working with Enter: row
 * numbers (`1,3-5`) and `all` choose and finish, `*` clears the filter.
 */
import { type Candidate, parseNumbers } from "../select.ts";
import type { Key } from "./keys.ts";

export interface PickerState {
  readonly candidates: readonly Candidate[];
  /** Committed filter words (lower-case). */
  readonly words: readonly string[];
  /** What is being typed. */
  readonly query: string;
  /** Selected rows, as indices into candidates. */
  readonly selected: ReadonlySet<number>;
  /** Cursor, as a position in the matching rows. */
  readonly cursor: number;
  /** The first matching row on the screen. */
  readonly top: number;
  /** Rows per screenful. */
  readonly pageSize: number;
  /** A one-line note for the user about the last key (e.g. nothing matches). */
  readonly note: string | undefined;
}

export type Step =
  | { kind: "continue"; state: PickerState }
  | { kind: "done"; chosen: number[] }
  | { kind: "cancelled" };

/** What Enter would do with the typed line, when it is one of the prompt's answers. */
export type LineCommand = { kind: "rows"; rows: number[] } | { kind: "all" } | { kind: "clear" };

export function initialState(candidates: readonly Candidate[], pageSize: number): PickerState {
  return {
    candidates,
    words: [],
    query: "",
    selected: new Set(),
    cursor: 0,
    top: 0,
    pageSize: Math.max(1, pageSize),
    note: undefined,
  };
}

const wordsOf = (text: string) => text.toLowerCase().split(/\s+/).filter(Boolean);

const haystack = (c: Candidate) => `${c.accountName}\n${c.accountId}\n${c.roleName}`.toLowerCase();

/** Indices of the candidates every word matches (all words must match). */
export function filterRows(candidates: readonly Candidate[], words: readonly string[]): number[] {
  const out: number[] = [];
  candidates.forEach((c, i) => {
    const h = haystack(c);
    if (words.every((w) => h.includes(w))) out.push(i);
  });
  return out;
}

/**
 * The typed line as one of the prompt's answers: `all`, `*`, or row numbers that all name rows of
 * the committed filter. Anything else (an account id, a name) is filter text.
 */
export function lineCommand(state: PickerState): LineCommand | undefined {
  const q = state.query.trim();
  if (q.toLowerCase() === "all") return { kind: "all" };
  if (q === "*") return { kind: "clear" };
  const rows = parseNumbers(q, state.candidates.length);
  if (!rows) return undefined;
  const shown = new Set(filterRows(state.candidates, state.words));
  return rows.every((r) => shown.has(r)) ? { kind: "rows", rows } : undefined;
}

/** The rows on offer now: the committed words and, unless it is an answer, the typed ones. */
export function matchingRows(state: PickerState): number[] {
  const typed = lineCommand(state) ? [] : wordsOf(state.query);
  return filterRows(state.candidates, [...state.words, ...typed]);
}

/** Keeps the cursor inside the rows and the screenful around the cursor. */
function settle(state: PickerState, cursor: number, top = state.top): PickerState {
  const n = matchingRows(state).length;
  const c = Math.max(0, Math.min(cursor, n - 1));
  let t = Math.max(0, Math.min(top, Math.max(0, n - state.pageSize)));
  if (c < t) t = c;
  if (c >= t + state.pageSize) t = c - state.pageSize + 1;
  return { ...state, cursor: c, top: t };
}

/** A new filter: back to the first row. */
const refiltered = (state: PickerState, change: Partial<PickerState>) =>
  settle({ ...state, ...change, note: undefined }, 0, 0);

function typeText(state: PickerState, text: string): PickerState {
  let s = state;
  for (const ch of text) {
    // Space starts no filter word: on an empty line it selects, as in other pickers.
    s = ch === " " && s.query === "" ? toggle(s) : refiltered(s, { query: s.query + ch });
  }
  return s;
}

function toggle(state: PickerState): PickerState {
  const row = matchingRows(state)[state.cursor];
  if (row === undefined) return state;
  const selected = new Set(state.selected);
  if (selected.has(row)) selected.delete(row);
  else selected.add(row);
  // Down one row after selecting, so Space Space Space selects a run.
  return settle({ ...state, selected, note: undefined }, state.cursor + 1);
}

function selectMatching(state: PickerState, on: boolean): PickerState {
  const selected = new Set(state.selected);
  for (const r of matchingRows(state)) {
    if (on) selected.add(r);
    else selected.delete(r);
  }
  return { ...state, selected, note: undefined };
}

const sorted = (rows: Iterable<number>) => [...new Set(rows)].sort((a, b) => a - b);

function enter(state: PickerState): Step {
  if (state.query.trim() === "") {
    if (state.selected.size === 0) return { kind: "cancelled" };
    return { kind: "done", chosen: sorted(state.selected) };
  }
  const command = lineCommand(state);
  if (command?.kind === "all") {
    return {
      kind: "done",
      chosen: sorted([...state.selected, ...filterRows(state.candidates, state.words)]),
    };
  }
  if (command?.kind === "rows") return { kind: "done", chosen: sorted([...state.selected, ...command.rows]) };
  if (command?.kind === "clear")
    return { kind: "continue", state: refiltered(state, { words: [], query: "" }) };
  if (matchingRows(state).length === 0) {
    const digits = /^[\d,\s-]+$/.test(state.query);
    const note = digits
      ? `"${state.query.trim()}" is neither a row number shown nor part of an account id.`
      : `Nothing matches "${state.query.trim()}".`;
    return { kind: "continue", state: { ...state, note } };
  }
  return {
    kind: "continue",
    state: refiltered(state, { words: [...state.words, ...wordsOf(state.query)], query: "" }),
  };
}

/** What one key does. */
export function step(state: PickerState, key: Key): Step {
  const next = (s: PickerState): Step => ({ kind: "continue", state: s });
  switch (key.kind) {
    case "text":
      return next(typeText(state, key.text));
    case "enter":
      return enter(state);
    case "cancel":
      return { kind: "cancelled" };
    case "backspace":
      if (state.query) return next(refiltered(state, { query: state.query.slice(0, -1) }));
      return next(refiltered(state, { words: state.words.slice(0, -1) }));
    case "clearQuery":
      return next(refiltered(state, { query: "" }));
    case "clearFilter":
      return next(refiltered(state, { query: "", words: [] }));
    case "toggle":
      return next(toggle(state));
    case "selectAll":
      return next(selectMatching(state, true));
    case "deselectAll":
      return next(selectMatching(state, false));
    case "up":
      return next(settle(state, state.cursor - 1));
    case "down":
      return next(settle(state, state.cursor + 1));
    case "pageUp":
      return next(settle(state, state.cursor - state.pageSize, state.top - state.pageSize));
    case "pageDown":
      return next(settle(state, state.cursor + state.pageSize, state.top + state.pageSize));
    case "home":
      return next(settle(state, 0, 0));
    case "end":
      return next(settle(state, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
  }
}

/** Runs keys through the machine until one ends it (for tests and the line prompt). */
export function run(state: PickerState, keys: Iterable<Key>): Step {
  let current: Step = { kind: "continue", state };
  for (const k of keys) {
    if (current.kind !== "continue") break;
    current = step(current.state, k);
  }
  return current;
}
