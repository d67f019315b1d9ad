/**
 * configure's picker, pure: the key parser, the filter / selection / paging state machine and the
 * rendered screen, with hundreds of account × role pairs.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type Key, parseKeys } from "../../../src/commands/developer/picker/keys.ts";
import {
  filterRows,
  initialState,
  matchingRows,
  type PickerState,
  run,
  type Step,
  step,
} from "../../../src/commands/developer/picker/state.ts";
import { renderPicker } from "../../../src/commands/developer/picker/view.ts";
import type { Candidate } from "../../../src/commands/developer/select.ts";

const TEAMS = ["payments", "search", "billing", "ledger"];
const ROLES = ["AdministratorAccess", "ReadOnly", "terraform-core"];
/** 100 accounts × 3 roles = 300 pairs; account i is `<team>-<dev|prod>-<i>` (teams by pairs), id 1000000000<i>. */
const CANDIDATES: Candidate[] = Array.from({ length: 100 }, (_, i) =>
  ROLES.map((roleName) => ({
    accountId: String(100000000000 + i),
    accountName: `${TEAMS[Math.floor(i / 2) % 4]}-${i % 2 ? "prod" : "dev"}-${i}`,
    roleName,
  })),
).flat();

const fresh = (pageSize = 10) => initialState(CANDIDATES, pageSize);
const text = (t: string): Key => ({ kind: "text", text: t });
const k = (kind: Exclude<Key, { kind: "text" }>["kind"]): Key => ({ kind });

function after(state: PickerState, ...keys: Key[]): PickerState {
  const s = run(state, keys);
  assert.equal(s.kind, "continue", `the picker ended: ${JSON.stringify(s)}`);
  return (s as Extract<Step, { kind: "continue" }>).state;
}
const names = (rows: number[]) =>
  rows.map((r) => {
    const c = CANDIDATES[r] as Candidate;
    return `${c.accountName}/${c.roleName}`;
  });

describe("filter", () => {
  test("every word must match the account name, id or role, case-insensitive", () => {
    assert.equal(filterRows(CANDIDATES, []).length, 300);
    assert.equal(filterRows(CANDIDATES, ["prod"]).length, 150);
    assert.equal(filterRows(CANDIDATES, ["prod", "admin"]).length, 50);
    assert.deepEqual(names(filterRows(CANDIDATES, ["ledger", "prod", "terraform", "-95"])), [
      "ledger-prod-95/terraform-core",
    ]);
    // By account id, and id with role.
    assert.deepEqual(names(filterRows(CANDIDATES, ["100000000042", "readonly"])), ["search-dev-42/ReadOnly"]);
  });

  test("typing narrows live; Enter adds the words to the filter and later words narrow further", () => {
    let s = after(fresh(), text("prod adm"));
    assert.equal(matchingRows(s).length, 50);
    s = after(s, k("enter"));
    assert.deepEqual(s.words, ["prod", "adm"]);
    assert.equal(s.query, "");
    assert.equal(matchingRows(s).length, 50);
    s = after(s, text("ledger"));
    assert.equal(matchingRows(s).length, 12, "ledger-prod accounts are 7, 15, 23, ... 95");
    assert.ok(names(matchingRows(s)).every((n) => /^ledger-prod-\d+\/AdministratorAccess$/.test(n)));
  });

  test("Backspace widens (a letter, then a whole word); Esc, Ctrl-U and `*` Enter clear", () => {
    let s = after(fresh(), text("prod"), k("enter"), text("adminx"));
    assert.equal(matchingRows(s).length, 0);
    s = after(s, k("backspace"));
    assert.equal(matchingRows(s).length, 50);
    s = after(s, k("clearQuery"));
    assert.equal(s.query, "");
    assert.equal(matchingRows(s).length, 150);
    s = after(s, k("backspace"));
    assert.deepEqual(s.words, []);
    assert.equal(matchingRows(s).length, 300);
    s = after(s, text("prod"), k("enter"), text("admin"), k("clearFilter"));
    assert.deepEqual([s.words, s.query, matchingRows(s).length], [[], "", 300]);
    s = after(s, text("prod"), k("enter"), text("*"), k("enter"));
    assert.deepEqual([s.words, matchingRows(s).length], [[], 300]);
  });

  test("Enter on words that match nothing keeps them to edit and says so", () => {
    const s = after(fresh(), text("nosuch thing"), k("enter"));
    assert.equal(s.query, "nosuch thing");
    assert.deepEqual(s.words, []);
    assert.equal(s.note, 'Nothing matches "nosuch thing".');
    const d = after(fresh(), text("999"), k("enter"));
    assert.match(d.note ?? "", /"999" is neither a row number shown nor part of an account id/);
  });
});

describe("selection", () => {
  test("select all matching (→ or Ctrl-A), deselect all matching (←), then Enter chooses them", () => {
    let s = after(fresh(), text("prod admin"), k("selectAll"));
    assert.equal(s.selected.size, 50);
    s = after(s, k("clearQuery"), text("ledger"), k("deselectAll"));
    assert.equal(s.selected.size, 50 - 12);
    const done = run(s, [k("clearQuery"), k("enter")]);
    assert.equal(done.kind, "done");
    const chosen = (done as { chosen: number[] }).chosen;
    assert.equal(chosen.length, 38);
    assert.ok(
      names(chosen).every((n) => /-prod-\d+\/AdministratorAccess$/.test(n) && !n.startsWith("ledger")),
    );
    assert.deepEqual(
      chosen,
      [...chosen].sort((a, b) => a - b),
      "in list order",
    );
  });

  test("Tab toggles the row under the cursor and moves down; Space does too on an empty line", () => {
    let s = after(fresh(), k("toggle"), k("toggle"));
    assert.deepEqual([...s.selected], [0, 1]);
    assert.equal(s.cursor, 2);
    s = after(s, k("up"), text(" "));
    assert.deepEqual([...s.selected], [0]);
    // Inside typed words a space separates them.
    s = after(s, text("prod admin"));
    assert.equal(s.query, "prod admin");
    assert.equal(s.selected.size, 1);
  });

  test("Enter with nothing selected cancels; so do Ctrl-C and Ctrl-D", () => {
    assert.deepEqual(run(fresh(), [k("enter")]), { kind: "cancelled" });
    assert.deepEqual(run(fresh(), [text("prod"), k("enter"), k("enter")]), { kind: "cancelled" });
    assert.deepEqual(run(fresh(), [k("toggle"), k("cancel")]), { kind: "cancelled" });
    assert.deepEqual(run(fresh(), parseKeys("\x04")), { kind: "cancelled" });
  });

  test("the line prompt's answers still work: row numbers and `all` choose and finish", () => {
    assert.deepEqual(run(fresh(), [text("2"), k("enter")]), { kind: "done", chosen: [1] });
    assert.deepEqual(run(fresh(), [text("1,3-5"), k("enter")]), { kind: "done", chosen: [0, 2, 3, 4] });
    const all = run(fresh(), [text("ledger prod"), k("enter"), text("all"), k("enter")]);
    assert.equal((all as { chosen: number[] }).chosen.length, 12 * 3);
    // A number of a row the filter hides is filter text (an account id fragment), not a choice.
    const s = after(fresh(), text("search"), k("enter"), text("42"));
    assert.equal(s.query, "42");
    assert.deepEqual(names(matchingRows(s)), [
      "search-dev-42/AdministratorAccess",
      "search-dev-42/ReadOnly",
      "search-dev-42/terraform-core",
    ]);
  });
});

describe("a screenful at a time", () => {
  test("the cursor moves by rows and pages, and the screenful follows it", () => {
    let s = after(fresh(10), k("down"), k("down"));
    assert.deepEqual([s.cursor, s.top], [2, 0]);
    s = after(s, k("pageDown"));
    assert.deepEqual([s.cursor, s.top], [12, 10]);
    s = after(s, ...Array.from({ length: 8 }, () => k("down")));
    assert.deepEqual([s.cursor, s.top], [20, 11], "one row past the screen scrolls by one");
    s = after(s, k("end"));
    assert.deepEqual([s.cursor, s.top], [299, 290]);
    s = after(s, k("pageDown"));
    assert.deepEqual([s.cursor, s.top], [299, 290], "stops at the end");
    s = after(s, k("pageUp"));
    assert.deepEqual([s.cursor, s.top], [289, 280]);
    s = after(s, k("home"));
    assert.deepEqual([s.cursor, s.top], [0, 0]);
    s = after(s, k("up"));
    assert.deepEqual([s.cursor, s.top], [0, 0]);
  });

  test("a new filter starts at the first row; the cursor stays inside fewer rows", () => {
    const s = after(fresh(10), k("end"), text("ledger-prod-95"));
    assert.deepEqual([s.cursor, s.top, matchingRows(s).length], [0, 0, 3]);
  });

  test("the screen shows one screenful, the cursor, the marks, row numbers and n of m", () => {
    const s = after(fresh(5), k("pageDown"), k("toggle"));
    const lines = renderPicker(s, 200);
    const rows = lines.filter((l) => /^[> ] \[[x ]\] /.test(l));
    assert.equal(rows.length, 5);
    assert.equal(rows[0], "  [x]   6  payments-prod-1 (100000000001)  terraform-core");
    assert.equal(rows[1], "> [ ]   7  search-dev-2 (100000000002)  AdministratorAccess");
    assert.match(
      lines.at(-1) ?? "",
      /^rows 6-10 of 300 matching · 1 selected · Enter writes 1 profile\(s\)$/,
    );
    const filtered = renderPicker(after(fresh(5), text("prod admin")), 200);
    assert.match(filtered.join("\n"), /Filter: \+ prod admin/);
    assert.match(filtered.at(-1) ?? "", /^rows 1-5 of 50 matching · 0 selected · Enter adds these words/);
    const numbers = renderPicker(after(fresh(5), text("2")), 200);
    assert.match(numbers.at(-1) ?? "", /Enter chooses row 2$/);
  });

  test("lines longer than the terminal are cut to its width", () => {
    for (const line of renderPicker(fresh(5), 40)) assert.ok(line.length <= 40, line);
  });
});

describe("keys from the terminal", () => {
  test("text, control keys and escape sequences in both cursor modes, several in one read", () => {
    assert.deepEqual(parseKeys("prod admin\r"), [text("prod admin"), k("enter")]);
    assert.deepEqual(parseKeys("\x1b[A\x1b[B\x1bOA\x1bOB"), [k("up"), k("down"), k("up"), k("down")]);
    assert.deepEqual(parseKeys("\x1b[5~\x1b[6~\x1b[H\x1b[F\x1b[1~\x1b[4~"), [
      k("pageUp"),
      k("pageDown"),
      k("home"),
      k("end"),
      k("home"),
      k("end"),
    ]);
    assert.deepEqual(parseKeys("\x1b[C\x1b[D\x01\t\x15\x7f\x03"), [
      k("selectAll"),
      k("deselectAll"),
      k("selectAll"),
      k("toggle"),
      k("clearQuery"),
      k("backspace"),
      k("cancel"),
    ]);
    assert.deepEqual(parseKeys("\x1b"), [k("clearFilter")]);
    assert.deepEqual(parseKeys("a\x1b[99Zb"), [text("a"), text("b")], "an unknown sequence is dropped");
  });

  test("the whole scenario as typed: two words, select all matching, Enter", () => {
    const s = run(fresh(), parseKeys("prod admin\x01\r\r"));
    // First Enter adds the words to the filter, the second finishes.
    assert.equal(s.kind, "done");
    assert.equal((s as { chosen: number[] }).chosen.length, 50);
    assert.deepEqual(step(fresh(), k("enter")), { kind: "cancelled" });
  });
});
