/**
 * YAML parsing with positions. The loader reports every problem as file:line:col, so the parsed
 * document (not just its JS value) is kept to map a key path back to the node it came from.
 */
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
} from "yaml";

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** A problem at a known offset in the YAML text. */
export interface OffsetProblem {
  offset: number;
  message: string;
}

export interface YamlSource {
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The document as plain JS; undefined when it could not be built. */
  value: unknown;
  /** Syntax problems (position-exact). */
  errors: OffsetProblem[];
  /** true when the errors leave the value unreliable (anything but duplicate keys). */
  fatal: boolean;
  warnings: OffsetProblem[];
}

/** Parses and converts, collecting YAML errors instead of throwing. */
export function parseYaml(text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    keepSourceTokens: true,
  });
  const errors = doc.errors.map((e) => ({
    offset: e.pos[0],
    message: yamlMessage(doc, e.code, e.message, e.pos[0]),
  }));
  const warnings = doc.warnings.map((w) => ({ offset: w.pos[0], message: w.message }));
  let fatal = doc.errors.some((e) => e.code !== "DUPLICATE_KEY");
  let value: unknown;
  if (!fatal) {
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      errors.push({
        offset: badAliasOffset(doc),
        message: `cannot read the document: ${(e as Error).message}`,
      });
      fatal = true;
    }
  }
  return { text, doc, lineCounter, value, errors, fatal, warnings };
}

function yamlMessage(doc: Document.Parsed, code: string, message: string, offset: number): string {
  if (code === "DUPLICATE_KEY") {
    return `duplicate key "${keyAt(doc, offset)}": each name may appear only once at this level; merge the entries or rename one`;
  }
  return `YAML syntax error: ${message.replace(/\.$/, "")}`;
}

/** The text of the map key that starts at `offset` (yaml reports duplicates by position only). */
function keyAt(doc: Document.Parsed, offset: number): string {
  let found = "";
  visit(doc, {
    Pair(_, pair) {
      if (start(pair.key) === offset) {
        found = keyText(pair.key);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** Where the first alias that does not resolve is (toJS only says that one exists). */
function badAliasOffset(doc: Document.Parsed): number {
  let offset = 0;
  visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc) === undefined) {
        offset = node.range?.[0] ?? 0;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return offset;
}

/** 1-based line and column of an offset. */
export function lineCol(src: YamlSource, offset: number): { line: number; col: number } {
  return src.lineCounter.linePos(offset);
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function start(node: unknown): number | undefined {
  return node && typeof node === "object" && "range" in node ? (node as Node).range?.[0] : undefined;
}

/**
 * The offset a problem at `path` should point at. `at: "key"` points at the map key itself (unknown
 * keys, bad names); otherwise at the value. When the path does not exist (a missing key), it points
 * at the key of the deepest entry that does, e.g. the user whose email is missing.
 */
export function offsetOf(src: YamlSource, path: Path, at: "key" | "value" = "value"): number {
  let node: unknown = src.doc.contents;
  let anchor: number | undefined = start(node);
  let lastKey: number | undefined;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(src.doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(segment));
      if (!pair) return anchor ?? 0;
      lastKey = start(pair.key);
      anchor = lastKey ?? anchor;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number" && node.items[segment] !== undefined) {
      node = node.items[segment];
      lastKey = undefined;
      anchor = start(node) ?? anchor;
    } else {
      return anchor ?? 0;
    }
  }
  if (at === "key" && lastKey !== undefined) return lastKey;
  // An empty value (`dave:` with nothing after it) has no text of its own: point at its key.
  const empty = isScalar(node) && node.range != null && node.range[0] === node.range[1];
  return (empty ? lastKey : start(node)) ?? anchor ?? 0;
}

/** The source text of the scalar at `path` (e.g. `011111111111` as typed), if there is one. */
export function sourceTextAt(src: YamlSource, path: Path): string | undefined {
  let node: unknown = src.doc.contents;
  for (const segment of path) {
    if (isMap(node)) node = node.items.find((p) => keyText(p.key) === String(segment))?.value;
    else if (isSeq(node) && typeof segment === "number") node = node.items[segment];
    else return undefined;
  }
  if (!isScalar(node) || !node.range) return undefined;
  return src.text.slice(node.range[0], node.range[1]).trim();
}
