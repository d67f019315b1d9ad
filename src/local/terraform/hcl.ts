/**
 * Reads Terraform configuration files into blocks and attributes with positions: native HCL through
 * tree-sitter (WebAssembly, loaded once per process on first use), `.tf.json` through the JSON
 * reader. A file that does not parse still returns what the parser could recover plus every error
 * with its position, so callers can report it instead of skipping it silently.
 */
import type { Node } from "web-tree-sitter";
import { parseHclJson } from "./hcl-json.ts";
import { heredocValue, unescapeQuoted } from "./hcl-strings.ts";
import type { HclAttribute, HclBlock, HclError, HclLiteral, HclParseResult } from "./hcl-types.ts";
import { type HclDialect, hclParser } from "./hcl-wasm.ts";

export type { HclAttribute, HclBlock, HclError, HclLiteral, HclParseResult } from "./hcl-types.ts";
export type { HclDialect } from "./hcl-wasm.ts";

export interface ParseHclOptions {
  /** Grammar for native syntax; default `terraform` for `.tf`, `hcl` for anything else. */
  dialect?: HclDialect;
}

/**
 * Parses one file's text. `file` is used for reporting and to choose the syntax: a name ending in
 * `.json` (`main.tf.json`, `terraform.tfvars.json`) is read as Terraform's JSON syntax.
 */
export async function parseHcl(
  text: string,
  file: string,
  opts: ParseHclOptions = {},
): Promise<HclParseResult> {
  if (file.endsWith(".json")) return parseHclJson(text, file);
  const dialect = opts.dialect ?? (file.endsWith(".tf") ? "terraform" : "hcl");
  const parser = await hclParser(dialect);
  const tree = parser.parse(text);
  if (!tree)
    return {
      file,
      blocks: [],
      attributes: [],
      errors: [{ line: 1, column: 1, message: "the parser gave up" }],
    };
  try {
    const root = tree.rootNode;
    const body = root.namedChildren.find((n) => n?.type === "body") ?? null;
    const { blocks, attributes } = body ? readBody(body, text) : { blocks: [], attributes: [] };
    const errors = root.hasError ? collectErrors(root) : [];
    return { file, blocks, attributes, errors };
  } finally {
    tree.delete(); // the tree lives in WebAssembly memory, not on the JS heap
  }
}

function readBody(body: Node, src: string): { blocks: HclBlock[]; attributes: HclAttribute[] } {
  const blocks: HclBlock[] = [];
  const attributes: HclAttribute[] = [];
  for (const child of body.namedChildren) {
    if (child?.type === "block") blocks.push(readBlock(child, src));
    else if (child?.type === "attribute") {
      const attr = readAttribute(child, src);
      if (attr) attributes.push(attr);
    }
  }
  return { blocks, attributes };
}

function readBlock(node: Node, src: string): HclBlock {
  const children = node.namedChildren.filter((c): c is Node => c !== null);
  const type = children[0]?.type === "identifier" ? children[0].text : "";
  const labels: string[] = [];
  let inner: { blocks: HclBlock[]; attributes: HclAttribute[] } = { blocks: [], attributes: [] };
  let end: Node = node;
  for (const child of children.slice(1)) {
    if (child.type === "string_lit") labels.push(quotedValue(child, src));
    else if (child.type === "identifier") labels.push(child.text);
    else if (child.type === "body") inner = readBody(child, src);
    else if (child.type === "block_end") end = child;
  }
  const endPos = end === node ? node.endPosition : end.startPosition;
  return {
    type,
    labels,
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    endLine: endPos.row + 1,
    endColumn: endPos.column + 1,
    attributes: inner.attributes,
    blocks: inner.blocks,
  };
}

function readAttribute(node: Node, src: string): HclAttribute | undefined {
  const name = node.namedChildren.find((c) => c?.type === "identifier");
  const expr = node.namedChildren.find((c) => c?.type === "expression");
  if (!name || !expr) return undefined;
  const attr: HclAttribute = {
    name: name.text,
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    valueText: src.slice(expr.startIndex, expr.endIndex),
  };
  const value = literalOf(expr, src);
  if (value !== undefined) attr.value = value;
  return attr;
}

/** The literal value of an expression node, or undefined when evaluating it needs context. */
function literalOf(expr: Node, src: string): HclLiteral | undefined {
  const inner = expr.namedChildren[0];
  if (!inner || expr.namedChildCount !== 1) return undefined;
  if (inner.type === "literal_value") {
    const lit = inner.namedChildren[0];
    if (lit?.type === "numeric_lit") return numberOf(lit.text);
    if (lit?.type === "bool_lit") return lit.text === "true";
    if (lit?.type === "string_lit") return quotedValue(lit, src);
    return undefined; // null_lit
  }
  if (inner.type === "template_expr") {
    const tpl = inner.namedChildren[0];
    if (tpl?.type === "quoted_template" && onlyLiteralParts(tpl)) return quotedValue(tpl, src);
    if (tpl?.type === "heredoc_template" && onlyLiteralParts(tpl)) return heredocOf(tpl, src);
    return undefined;
  }
  if (inner.type === "operation") {
    // `-1` is a unary operation in the grammar, but a plain number to a reader.
    const unary = inner.namedChildren[0];
    const operand = unary?.namedChildren[0];
    if (
      unary?.type === "unary_operation" &&
      unary.text.startsWith("-") &&
      operand?.type === "literal_value"
    ) {
      const num = operand.namedChildren[0];
      if (num?.type === "numeric_lit") return -numberOf(num.text);
    }
  }
  return undefined;
}

function numberOf(text: string): number {
  return Number(text);
}

function onlyLiteralParts(template: Node): boolean {
  return template.namedChildren.every(
    (c) => c !== null && c.type !== "template_interpolation" && c.type !== "template_directive",
  );
}

/** The unescaped characters between the quotes of a `string_lit` or literal `quoted_template`. */
function quotedValue(node: Node, src: string): string {
  const first = node.firstChild;
  const last = node.lastChild;
  if (!first || !last || first.equals(last)) return "";
  return unescapeQuoted(src.slice(first.endIndex, last.startIndex));
}

function heredocOf(node: Node, src: string): string {
  const markers = node.namedChildren.filter((c) => c?.type === "heredoc_identifier");
  const open = markers[0];
  const close = markers[markers.length - 1];
  if (!open || !close || open.equals(close)) return "";
  const bodyStart = src.indexOf("\n", open.endIndex) + 1;
  const closeLineStart = src.lastIndexOf("\n", close.startIndex - 1) + 1;
  if (bodyStart <= 0 || closeLineStart < bodyStart) return "";
  const flush = node.namedChildren.some((c) => c?.type === "heredoc_start" && c.text === "<<-");
  return heredocValue(src.slice(bodyStart, closeLineStart), flush);
}

/** What a closing token closes, by the node that holds the MISSING token. */
const CLOSES: Record<string, string> = {
  block_end: "block",
  object_end: "object",
  tuple_end: "list",
  template_interpolation_end: "interpolation",
};

/**
 * Every ERROR and MISSING node. An ERROR that contains more precise errors is reported through
 * those (tree-sitter often wraps the rest of a file around the real problem).
 */
function collectErrors(root: Node): HclError[] {
  const errors: HclError[] = [];
  const visit = (node: Node): void => {
    if (node.isMissing) {
      errors.push(at(node, `syntax error: missing ${missingWhat(node)}`));
      return;
    }
    const inner = node.children.filter((c): c is Node => c?.hasError === true);
    if (node.isError && inner.length === 0) {
      errors.push(at(node, `syntax error: unexpected ${describe(node.text)}`));
      return;
    }
    for (const child of inner) visit(child);
  };
  visit(root);
  return errors;
}

function missingWhat(node: Node): string {
  const holder = node.parent;
  if (node.type === "quoted_template_end" && holder)
    return `closing quote of the string that starts at ${pos(holder)}`;
  if (node.type === "heredoc_identifier" && holder)
    return `end marker of the heredoc that starts at ${pos(holder)}`;
  const closes = holder ? CLOSES[holder.type] : undefined;
  const opened = holder?.parent;
  if (closes && opened) return `'${node.type}' closing the ${closes} that starts at ${pos(opened)}`;
  return `'${node.type}'`;
}

function pos(node: Node): string {
  return `${node.startPosition.row + 1}:${node.startPosition.column + 1}`;
}

function at(node: Node, message: string): HclError {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1, message };
}

function describe(text: string): string {
  const firstLine = text.split("\n")[0]!.trim();
  if (firstLine === "") return "end of file";
  return `'${firstLine.length > 40 ? `${firstLine.slice(0, 40)}...` : firstLine}'`;
}
