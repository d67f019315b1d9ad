/**
 * Writes import content as YAML with the `yaml` library's Document API (the same one merge.ts edits
 * existing files with, keeping their comments). Style: block mappings; short lists of plain values on
 * one line (`[a, b]`); strings that other YAML readers (YAML 1.1: `yes`, `2012-10-17`, `0123`) would
 * not read as strings are quoted, and account ids always are.
 */
import { Document, isScalar, type Node, Pair, Scalar, visit, YAMLMap, YAMLSeq } from "yaml";
import { compactAssignments } from "./assignments.ts";
import type { Entry, ImportContent } from "./content.ts";

/** Serialisation options shared by new and merged documents. */
export const TO_STRING = { lineWidth: 0, flowCollectionPadding: false } as const;

/** Lists of plain values up to this many characters go on one line. */
const FLOW_MAX = 100;

/** Plain scalars YAML 1.1 readers take for booleans, null, numbers or dates. */
const AMBIGUOUS =
  /^(?:y|n|yes|no|on|off|true|false|null|~|[-+]?(?:\.?\d[\d_:.,eE+-]*|\.inf|\.nan)|\d{4}-\d\d?-\d\d?.*|0x[\da-f_]+|0o?[0-7_]+)$/i;

/** Makes a node for a plain value, styled as described above. */
export function toNode(doc: Document, value: unknown): Node {
  const node = doc.createNode(value) as Node;
  style(node);
  return node;
}

function style(node: Node): void {
  visit(node, {
    Scalar(_, s) {
      if (typeof s.value === "string" && AMBIGUOUS.test(s.value)) s.type = Scalar.QUOTE_DOUBLE;
    },
    Seq(_, seq) {
      const plain = seq.items.every((i) => isScalar(i) && typeof i.value !== "object");
      const length = seq.items.reduce<number>((n, i) => n + String(isScalar(i) ? i.value : "").length + 2, 0);
      if (plain && seq.items.length > 0 && length <= FLOW_MAX) seq.flow = true;
    },
  });
}

/** `key: value` with the entry's comment on the key's line (for a mapping value: after the key). */
export function entryPair(doc: Document, e: Entry): Pair {
  const value = toNode(doc, e.value);
  const key = doc.createNode(e.key) as Scalar;
  style(key);
  const pair = new Pair(key, value);
  if (e.comment !== undefined) {
    if (value instanceof YAMLMap && !value.flow && value.items.length > 1) {
      // A comment after `key:` of a block mapping would sit on the key's own line.
      value.commentBefore = ` ${e.comment}`;
    } else {
      if (value instanceof YAMLMap) value.flow = true;
      value.comment = ` ${e.comment}`;
    }
  }
  return pair;
}

export function sectionMap(doc: Document, entries: readonly Entry[]): YAMLMap {
  const map = new YAMLMap();
  for (const e of entries) map.items.push(entryPair(doc, e));
  return map;
}

export interface Header {
  lines: string[];
}

/** A whole new keyless.yaml from import content. */
export function newDocumentText(content: ImportContent, header: Header): string {
  const doc = new Document({}) as Document;
  const root = new YAMLMap();
  doc.contents = root;
  doc.commentBefore = header.lines.map((l) => (l === "" ? "" : ` ${l}`)).join("\n");
  const add = (key: string, value: Node, comment?: string) => {
    const k = doc.createNode(key) as Scalar;
    if (comment) k.commentBefore = comment;
    root.items.push(new Pair(k, value));
  };
  add("version", doc.createNode(1) as Node);
  add("identityCenter", toNode(doc, content.identityCenter));
  add(
    "accounts",
    sectionMap(doc, content.accounts),
    " Accounts, named after their AWS Organizations names (the name as a comment where it had to change).",
  );
  if (content.organizationalUnits.length > 0)
    add(
      "organizationalUnits",
      sectionMap(doc, content.organizationalUnits),
      " OUs used as assignment targets: each one's active accounts are exactly those assigned.",
    );
  add("users", sectionMap(doc, content.users));
  add("groups", sectionMap(doc, content.groups));
  add("permissionSets", sectionMap(doc, content.permissionSets));
  const rules = compactAssignments(content.assignments, content.targeting);
  const seq = new YAMLSeq();
  for (const r of rules) seq.items.push(toNode(doc, r));
  add("assignments", seq, " One rule per principal: the permission sets it holds on the same targets.");
  for (const section of ["accounts", "users", "groups", "permissionSets"]) {
    const v = doc.get(section, true);
    if (v instanceof YAMLMap && v.items.length === 0) v.flow = true;
  }
  if (rules.length === 0) seq.flow = true;
  return doc.toString(TO_STRING);
}
