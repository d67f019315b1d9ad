/**
 * Raw terminal input → the picker's keys. One read may hold several keys (typed fast, or pasted) and
 * escape sequences in both cursor-key modes (`ESC [ A` and `ESC O A`). Unknown sequences are dropped,
 * never typed into the filter.
 */

export type Key =
  | { kind: "text"; text: string }
  | {
      kind:
        | "enter"
        | "backspace"
        | "up"
        | "down"
        | "pageUp"
        | "pageDown"
        | "home"
        | "end"
        | "toggle"
        | "selectAll"
        | "deselectAll"
        | "clearQuery"
        | "clearFilter"
        | "cancel";
    };

type Named = Exclude<Key, { kind: "text" }>["kind"];

const SEQUENCES: Record<string, Named> = {
  "[A": "up",
  "[B": "down",
  "[C": "selectAll",
  "[D": "deselectAll",
  OA: "up",
  OB: "down",
  OC: "selectAll",
  OD: "deselectAll",
  "[5~": "pageUp",
  "[6~": "pageDown",
  "[H": "home",
  "[F": "end",
  OH: "home",
  OF: "end",
  "[1~": "home",
  "[4~": "end",
  "[7~": "home",
  "[8~": "end",
};

const CONTROL: Record<string, Named> = {
  "\r": "enter",
  "\n": "enter",
  "\x7f": "backspace",
  "\b": "backspace",
  "\t": "toggle",
  "\x01": "selectAll", // Ctrl-A
  "\x02": "pageUp", // Ctrl-B, as in less and vi
  "\x06": "pageDown", // Ctrl-F
  "\x0e": "down", // Ctrl-N
  "\x10": "up", // Ctrl-P
  "\x15": "clearQuery", // Ctrl-U
  "\x03": "cancel", // Ctrl-C
  "\x04": "cancel", // Ctrl-D
};

export function parseKeys(data: string): Key[] {
  const keys: Key[] = [];
  let text = "";
  const flush = () => {
    if (text) keys.push({ kind: "text", text });
    text = "";
  };
  for (let i = 0; i < data.length; i++) {
    const ch = data[i] as string;
    if (ch === "\x1b") {
      flush();
      // ESC [ params final, or ESC O letter; a lone ESC clears the filter.
      const m = /^(\[[0-9;]*[~A-Za-z]|O[A-Za-z])/.exec(data.slice(i + 1));
      if (!m) {
        keys.push({ kind: "clearFilter" });
        continue;
      }
      const seq = (m[1] as string).replace(/^\[1;\d+([A-Za-z])$/, "[$1");
      const named = SEQUENCES[seq];
      if (named) keys.push({ kind: named });
      i += (m[1] as string).length;
      continue;
    }
    const control = CONTROL[ch];
    if (control) {
      flush();
      keys.push({ kind: control });
    } else if (ch >= " ") {
      text += ch;
    }
  }
  flush();
  return keys;
}
