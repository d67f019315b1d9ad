/**
 * A small JSON parser that remembers where each value and key starts, so a finding's JSON path
 * (`Statement[0].Action[1]`) can be shown as line:column of the policy file. JSON.parse gives values
 * only, and its syntax errors carry an offset at best; this reports both precisely.
 */
import { formatJsonPath, type JsonPathSegment } from "./path.ts";

export interface JsonPosition {
  line: number;
  col: number;
}

export interface ParsedJson {
  value: unknown;
  /** Offset of the value at a formatted JSON path ("" is the whole document). */
  valueOffsets: Map<string, number>;
  /** Offset of the key whose value is at that path (object members only). */
  keyOffsets: Map<string, number>;
  text: string;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Parses JSON text; throws JsonSyntaxError with the offset of the problem. */
export function parseJsonWithPositions(text: string): ParsedJson {
  const valueOffsets = new Map<string, number>();
  const keyOffsets = new Map<string, number>();
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (message: string, at = i): never => {
    throw new JsonSyntaxError(message, at);
  };
  const ws = (): void => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const describe = (): string => (i >= text.length ? "end of file" : `"${text[i]}"`);

  function parseString(): string {
    const start = i;
    i++; // opening quote
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return JSON.parse(text.slice(start, i)) as string;
      }
      if (c === "\\") i += 2;
      else if (c < " ") fail("control character in string; escape it");
      else i++;
    }
    return fail("unterminated string", start);
  }

  function parseValue(path: JsonPathSegment[]): unknown {
    ws();
    valueOffsets.set(formatJsonPath(path), i);
    const c = text[i];
    if (c === "{") return parseObject(path);
    if (c === "[") return parseArray(path);
    if (c === '"') return parseString();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      text.slice(i, i + 400),
    );
    if (!literal) return fail(`unexpected ${describe()}; expected a JSON value`);
    i += literal[0].length;
    return JSON.parse(literal[0]);
  }

  function parseObject(path: JsonPathSegment[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    i++;
    ws();
    if (text[i] === "}") {
      i++;
      return out;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') fail(`unexpected ${describe()}; expected a quoted key`);
      const keyAt = i;
      const key = parseString();
      const childPath = [...path, key];
      keyOffsets.set(formatJsonPath(childPath), keyAt);
      ws();
      if (text[i] !== ":") fail(`unexpected ${describe()}; expected ":"`);
      i++;
      out[key] = parseValue(childPath);
      ws();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "}") {
        i++;
        return out;
      }
      fail(`unexpected ${describe()}; expected "," or "}"`);
    }
  }

  function parseArray(path: JsonPathSegment[]): unknown[] {
    const out: unknown[] = [];
    i++;
    ws();
    if (text[i] === "]") {
      i++;
      return out;
    }
    for (;;) {
      out.push(parseValue([...path, out.length]));
      ws();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "]") {
        i++;
        return out;
      }
      fail(`unexpected ${describe()}; expected "," or "]"`);
    }
  }

  const value = parseValue([]);
  ws();
  if (i < text.length) fail(`unexpected ${describe()} after the document`);
  return { value, valueOffsets, keyOffsets, text };
}

/** 1-based line and column of an offset (columns count UTF-16 units, like editors mostly do). */
export function positionOf(text: string, offset: number): JsonPosition {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === "\n") {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

/**
 * Where a finding at `path` should point: the value at that path, or, when the path does not exist
 * (a missing element), the closest existing ancestor. `at: "key"` prefers the member's key.
 */
export function offsetOfPath(
  parsed: ParsedJson,
  path: readonly JsonPathSegment[],
  at: "key" | "value" = "value",
): number {
  for (let n = path.length; n >= 0; n--) {
    const p = formatJsonPath(path.slice(0, n));
    const key = at === "key" || n < path.length ? parsed.keyOffsets.get(p) : undefined;
    const offset = key ?? parsed.valueOffsets.get(p);
    if (offset !== undefined) return offset;
  }
  return 0;
}
