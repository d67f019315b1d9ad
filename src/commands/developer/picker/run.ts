/**
 * configure's picker on a terminal: the state machine (state.ts) fed with keystrokes, drawn a
 * screenful at a time on the terminal's alternate screen, so the shell's screen is back as it was
 * afterwards. Where keys cannot be read one by one (an IO without a raw terminal) the same machine
 * takes whole answered lines: filter words, row numbers, `all`, `*`, or Enter to finish.
 */
import { type CliIO, PromptCancelled } from "../../../cli/io.ts";
import type { RawTerminal } from "../../../cli/raw-terminal.ts";
import { KeylessError } from "../../../errors/keyless-error.ts";
import { CANCELLED, type Candidate } from "../select.ts";
import { type Key, parseKeys } from "./keys.ts";
import { initialState, type PickerState, run, step } from "./state.ts";
import { CHROME_LINES, renderPicker } from "./view.ts";

const ENTER_ALTERNATE_SCREEN = "\x1b[?1049h\x1b[?25l";
const LEAVE_ALTERNATE_SCREEN = "\x1b[?25h\x1b[?1049l";
const HOME_AND_CLEAR = "\x1b[H\x1b[2J";

/** Rows shown per answer when answering by lines (no paging keys there). */
const LINE_MODE_ROWS = 200;
const MAX_ROUNDS = 50;

export async function pickOnTerminal(
  candidates: Candidate[],
  io: CliIO,
): Promise<Candidate[] | typeof CANCELLED> {
  await io.flush?.();
  const chosen = io.terminal ? await fullScreen(candidates, io.terminal) : await byLines(candidates, io);
  if (chosen === CANCELLED) return CANCELLED;
  io.err(`Chose ${chosen.length} of ${candidates.length} account and role pairs.\n`);
  return chosen.map((i) => candidates[i] as Candidate);
}

function fullScreen(candidates: Candidate[], term: RawTerminal): Promise<number[] | typeof CANCELLED> {
  const { rows, columns } = term.size();
  let state = initialState(candidates, rows - CHROME_LINES);
  const draw = () => term.write(`${HOME_AND_CLEAR}${renderPicker(state, columns).join("\r\n")}`);
  return new Promise((resolve) => {
    // Raw mode before the first screen: a Ctrl-C typed as soon as the list shows is a key to the
    // picker (cancel, exit 1), not a SIGINT from the terminal's line mode.
    const stop = term.readKeys((data) => {
      for (const key of parseKeys(data)) {
        const next = step(state, key);
        if (next.kind === "continue") {
          state = next.state;
          continue;
        }
        stop();
        term.write(LEAVE_ALTERNATE_SCREEN);
        resolve(next.kind === "done" ? next.chosen : CANCELLED);
        return;
      }
      draw();
    });
    term.write(ENTER_ALTERNATE_SCREEN);
    draw();
  });
}

/** Ctrl-C / Ctrl-D at a line prompt: PromptCancelled from the CLI's prompt, AbortError from readline's. */
function isAbort(err: unknown): boolean {
  return (
    err instanceof PromptCancelled ||
    (err instanceof Error && (err.name === "AbortError" || (err as { code?: unknown }).code === "ABORT_ERR"))
  );
}

const LINE_KEYS =
  'Answer with words to filter by (every word must match), row numbers such as 1,3-5 or "all" to choose, "*" to clear the filter.';

async function byLines(candidates: Candidate[], io: CliIO): Promise<number[] | typeof CANCELLED> {
  let state: PickerState = initialState(candidates, LINE_MODE_ROWS);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // No cursor: answering by lines has no keys to move it.
    const [title, , , ...rest] = renderPicker(state, Number.MAX_SAFE_INTEGER, { cursor: false });
    io.err(`\n${[title, LINE_KEYS, ...rest].join("\n")}\n`);
    let answer: string;
    try {
      answer = (
        await io.ask("Filter, numbers, all, * or Enter (finish; cancels with nothing chosen): ")
      ).trim();
    } catch (err) {
      if (isAbort(err)) return CANCELLED;
      throw err;
    }
    const keys: Key[] = [{ kind: "clearQuery" }];
    if (answer) keys.push({ kind: "text", text: answer });
    keys.push({ kind: "enter" });
    const next = run(state, keys);
    if (next.kind === "done") return next.chosen;
    if (next.kind === "cancelled") return CANCELLED;
    state = next.state;
  }
  throw new KeylessError("USAGE", "no selection after many answers; no profile written", {
    hint: "Use --all / --account / --role to choose without a prompt.",
  });
}
