/**
 * The text of a merged keyless.yaml that changes nothing the user wrote: the new entries are spliced
 * into the original text at the end of their section (indented like its entries), so every existing
 * line, comment and space stays byte for byte. Where that is not possible (a section written in flow
 * style with entries in it, or a file whose sections are not plain mappings), the whole document is
 * written by the `yaml` library from the edited Document instead, which keeps comments and layout but
 * normalises spacing. Either way the result is checked to hold exactly the merged content.
 */
import { isDeepStrictEqual } from "node:util";
import { Document, isMap, isPair, isScalar, type Node, parseDocument, YAMLMap, YAMLSeq } from "yaml";
import { TO_STRING } from "./yaml.ts";

export interface SectionAddition {
  section: string;
  /** The new pairs (mapping sections) or items (assignments), comments attached. */
  items: unknown[];
  kind: "map" | "seq";
}

interface Splice {
  at: number;
  /** Characters of the original replaced (0: insertion). */
  remove: number;
  text: string;
}

/** Where the section's entries start, as a column (0 when unknown). */
function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf("\n", offset - 1) + 1);
}

function itemsText(add: SectionAddition, column: number): string {
  const doc = new Document();
  const collection = add.kind === "map" ? new YAMLMap() : new YAMLSeq();
  collection.items.push(...(add.items as never[]));
  doc.contents = collection;
  const pad = " ".repeat(column);
  return doc
    .toString(TO_STRING)
    .split("\n")
    .map((line) => (line === "" ? line : pad + line))
    .join("\n");
}

/** Start of the line after the one holding `offset`. */
function nextLine(text: string, offset: number): number {
  const nl = text.indexOf("\n", offset);
  return nl < 0 ? text.length : nl + 1;
}

function spliceFor(
  original: string,
  root: YAMLMap,
  add: SectionAddition,
  order: readonly string[],
): Splice | null {
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === add.section);
  if (!pair) {
    // A new section: before the next section in the documented order (and the comments just above
    // it, which describe that section), else at the end.
    const rank = (k: unknown) => {
      const i = order.indexOf(String(k));
      return i < 0 ? order.length : i;
    };
    const next = root.items.find((p) => isScalar(p.key) && rank(p.key.value) > rank(add.section));
    let at = original.length;
    if (next && isScalar(next.key) && next.key.range) {
      at = next.key.range[0] - columnOf(original, next.key.range[0]);
      for (;;) {
        const prevStart = original.lastIndexOf("\n", at - 2) + 1;
        if (at === 0 || !/^\s*#/.test(original.slice(prevStart, at))) break;
        at = prevStart;
      }
    }
    const lead = at > 0 && original[at - 1] !== "\n" ? "\n" : "";
    return { at, remove: 0, text: `${lead}${add.section}:\n${itemsText(add, 2)}` };
  }
  const value = pair.value as Node | null;
  const keyRange = isScalar(pair.key) ? pair.key.range : undefined;
  if (!keyRange) return null;
  if (value === null || (isScalar(value) && value.value === null)) {
    return { at: nextLine(original, keyRange[1]), remove: 0, text: itemsText(add, 2) };
  }
  const collection = value as YAMLMap | YAMLSeq;
  if (!(collection instanceof YAMLMap || collection instanceof YAMLSeq) || !collection.range) return null;
  if (collection.flow) {
    if (collection.items.length > 0) return null;
    // `organizationalUnits: {}`: the entries go on the lines below instead of the braces.
    const [braces, end] = collection.range;
    let start = braces;
    while (start > 0 && original[start - 1] === " ") start--;
    return { at: start, remove: end - start, text: `\n${itemsText(add, 2).replace(/\n$/, "")}` };
  }
  const first = collection.items[0];
  const firstStart = isPair(first)
    ? (first.key as Node | null)?.range?.[0]
    : (first as Node | undefined)?.range?.[0];
  const column =
    collection instanceof YAMLSeq
      ? columnOf(original, collection.range[0])
      : columnOf(original, firstStart ?? collection.range[0]);
  const at = collection.range[1];
  const lead = at > 0 && original[at - 1] !== "\n" ? "\n" : "";
  return { at, remove: 0, text: `${lead}${itemsText(add, column)}` };
}

/**
 * The merged text: `original` with `additions` spliced in, when that holds exactly what `merged` (the
 * edited Document) holds; else `merged` written out whole.
 */
export function mergedText(
  original: string,
  merged: Document,
  additions: readonly SectionAddition[],
  order: readonly string[],
): string {
  const fallback = () => merged.toString(TO_STRING);
  const parsed = parseDocument(original);
  const root = parsed.contents;
  if (!isMap(root) || parsed.errors.length > 0) return fallback();
  const splices: Splice[] = [];
  for (const add of additions) {
    if (add.items.length === 0) continue;
    const s = spliceFor(original, root, add, order);
    if (!s) return fallback();
    splices.push(s);
  }
  let text = original;
  // From the end, so earlier offsets stay valid; new sections at the same place keep their order.
  const ordered = splices.map((s, i) => ({ s, i })).sort((a, b) => b.s.at - a.s.at || b.i - a.i);
  for (const { s } of ordered) text = text.slice(0, s.at) + s.text + text.slice(s.at + s.remove);
  const check = parseDocument(text);
  if (check.errors.length > 0 || !isDeepStrictEqual(check.toJS(), merged.toJS())) return fallback();
  return text;
}
