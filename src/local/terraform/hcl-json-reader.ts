/**
 * A strict JSON reader that keeps the offset of every value and key, for `.tf.json` files. JSON.parse
 * gives neither positions of values nor (on Node 20) always the position of a syntax error; the
 * `yaml` package gives positions but accepts input that is not JSON. JSON is small enough to read
 * exactly.
 */

export type JsonNode =
  | { kind: "object"; start: number; end: number; entries: JsonEntry[] }
  | { kind: "array"; start: number; end: number; items: JsonNode[] }
  | { kind: "string"; start: number; end: number; value: string }
  | { kind: "number"; start: number; end: number; value: number }
  | { kind: "boolean"; start: number; end: number; value: boolean }
  | { kind: "null"; start: number; end: number };

export interface JsonEntry {
  key: string;
  keyStart: number;
  value: JsonNode;
}

/** A syntax error at a character offset of the text. */
export class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

/** Reads one JSON document; throws JsonSyntaxError at the first problem. */
export function readJson(text: string): JsonNode {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0; // an editor's byte order mark is not content

  const skip = (): void => {
    WHITESPACE.lastIndex = pos;
    WHITESPACE.exec(text);
    pos = WHITESPACE.lastIndex;
  };
  const fail = (message: string, at = pos): never => {
    throw new JsonSyntaxError(at, message);
  };
  const found = (): string => (pos >= text.length ? "end of file" : JSON.stringify(text[pos]));

  const readString = (): { value: string; start: number } => {
    const start = pos;
    let i = pos + 1;
    for (; i < text.length; i++) {
      const ch = text[i]!;
      if (ch === "\\") i++;
      else if (ch === '"') break;
      else if (ch === "\n") fail("unterminated string", start);
    }
    if (i >= text.length) fail("unterminated string", start);
    pos = i + 1;
    try {
      return { value: JSON.parse(text.slice(start, pos)) as string, start };
    } catch {
      return fail("invalid escape or control character in string", start);
    }
  };

  const readValue = (): JsonNode => {
    skip();
    const start = pos;
    const ch = text[pos];
    if (ch === "{") {
      pos++;
      const entries: JsonEntry[] = [];
      skip();
      if (text[pos] === "}") return { kind: "object", start, end: ++pos, entries };
      for (;;) {
        skip();
        if (text[pos] !== '"') fail(`expected a property name in double quotes, found ${found()}`);
        const key = readString();
        skip();
        if (text[pos] !== ":") fail(`expected ":" after property name, found ${found()}`);
        pos++;
        entries.push({ key: key.value, keyStart: key.start, value: readValue() });
        skip();
        if (text[pos] === ",") {
          pos++;
          continue;
        }
        if (text[pos] === "}") return { kind: "object", start, end: ++pos, entries };
        fail(`expected "," or "}" in object, found ${found()}`);
      }
    }
    if (ch === "[") {
      pos++;
      const items: JsonNode[] = [];
      skip();
      if (text[pos] === "]") return { kind: "array", start, end: ++pos, items };
      for (;;) {
        items.push(readValue());
        skip();
        if (text[pos] === ",") {
          pos++;
          continue;
        }
        if (text[pos] === "]") return { kind: "array", start, end: ++pos, items };
        fail(`expected "," or "]" in list, found ${found()}`);
      }
    }
    if (ch === '"') {
      const { value } = readString();
      return { kind: "string", start, end: pos, value };
    }
    for (const [word, node] of [
      ["true", { kind: "boolean", value: true }],
      ["false", { kind: "boolean", value: false }],
      ["null", { kind: "null" }],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return { ...node, start, end: pos } as JsonNode;
      }
    }
    NUMBER.lastIndex = pos;
    const num = NUMBER.exec(text);
    if (num) {
      pos = NUMBER.lastIndex;
      return { kind: "number", start, end: pos, value: Number(num[0]) };
    }
    return fail(`expected a value, found ${found()}`);
  };

  const root = readValue();
  skip();
  if (pos < text.length) fail(`unexpected ${found()} after the end of the document`);
  return root;
}

/** Converts character offsets to 1-based line and column. */
export function lineIndex(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}
