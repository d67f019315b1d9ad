/**
 * One screen of the picker as plain lines: the keys, the filter line, a screenful of rows (cursor
 * `>`, selection `[x]`, each row's number in the full list) and where that screenful is ("rows 21-40
 * of 120 matching"). No escape sequences: the driver decides how to draw them.
 */
import { lineCommand, matchingRows, type PickerState } from "./state.ts";

export const KEY_LINES = [
  "Type to filter (every word must match account name, id or role) · Enter: add the words to the filter, or finish",
  "Tab/Space: select · →/Ctrl-A: select all matching · ←: deselect all matching · ↑↓ PgUp PgDn · Esc: clear · Ctrl-C: cancel",
];

/** Lines around the rows: title, keys, filter, status, note. */
export const CHROME_LINES = 3 + KEY_LINES.length + 1;

function fit(line: string, columns: number): string {
  return line.length > columns ? `${line.slice(0, Math.max(1, columns - 1))}…` : line;
}

function enterMeans(state: PickerState, matching: number): string {
  const command = lineCommand(state);
  if (command?.kind === "rows")
    return `Enter chooses row${command.rows.length > 1 ? "s" : ""} ${state.query.trim()}`;
  if (command?.kind === "all") return `Enter chooses all ${matching} matching`;
  if (command?.kind === "clear") return "Enter clears the filter";
  if (state.query.trim()) return "Enter adds these words to the filter";
  return state.selected.size
    ? `Enter writes ${state.selected.size} profile(s)`
    : "Enter with nothing selected cancels";
}

export function renderPicker(state: PickerState, columns: number, opts: { cursor?: boolean } = {}): string[] {
  const rows = matchingRows(state);
  const total = state.candidates.length;
  const width = String(total).length;
  const filter = [...state.words].join(" ");
  const lines = [
    `Choose the accounts and roles to write as profiles (${total} in all):`,
    ...KEY_LINES,
    `Filter: ${filter ? `${filter} ` : ""}${state.query ? `+ ${state.query}` : ""}▏`,
  ];
  const shown = rows.slice(state.top, state.top + state.pageSize);
  shown.forEach((row, i) => {
    const c = state.candidates[row];
    if (!c) return;
    const cursor = opts.cursor !== false && state.top + i === state.cursor ? ">" : " ";
    const mark = state.selected.has(row) ? "[x]" : "[ ]";
    lines.push(
      `${cursor} ${mark} ${String(row + 1).padStart(width)}  ${c.accountName} (${c.accountId})  ${c.roleName}`,
    );
  });
  if (rows.length === 0) lines.push("  (no account or role matches the filter)");
  const where = rows.length
    ? `rows ${state.top + 1}-${state.top + shown.length} of ${rows.length} matching`
    : "0 matching";
  lines.push(`${where} · ${state.selected.size} selected · ${enterMeans(state, rows.length)}`);
  if (state.note) lines.push(state.note);
  return lines.map((l) => fit(l, columns));
}
