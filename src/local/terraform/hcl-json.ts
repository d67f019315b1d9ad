/**
 * Terraform's JSON configuration syntax (`*.tf.json`) mapped to the same blocks and attributes as
 * native HCL. JSON carries no schema, so which keys are nested blocks is decided the way Terraform's
 * own decoder would for the block types keyless reads (`terraform { backend "s3" {} }`, `lifecycle`,
 * `provisioner`); every other object-valued key is an attribute whose `valueText` is its JSON text.
 */
import { type JsonEntry, type JsonNode, JsonSyntaxError, lineIndex, readJson } from "./hcl-json-reader.ts";
import { unescapeTemplateMarkers } from "./hcl-strings.ts";
import type { HclAttribute, HclBlock, HclError, HclParseResult } from "./hcl-types.ts";

/** Number of labels of each top-level block type (`resource "type" "name"` has two). */
const TOP_LEVEL_LABELS: Record<string, number> = {
  resource: 2,
  data: 2,
  ephemeral: 2,
  provider: 1,
  module: 1,
  variable: 1,
  output: 1,
  check: 1,
  terraform: 0,
  locals: 0,
  import: 0,
  moved: 0,
  removed: 0,
};

/** Keys that are nested blocks (with their label counts) inside a block of the given type. */
const NESTED_BLOCKS: Record<string, Record<string, number>> = {
  terraform: { backend: 1, cloud: 0, required_providers: 0, provider_meta: 1 },
  cloud: { workspaces: 0 },
  resource: { lifecycle: 0, provisioner: 1, connection: 0 },
  data: { lifecycle: 0 },
  provisioner: { connection: 0 },
  check: { data: 2, assert: 0 },
  variable: { validation: 0 },
  output: { precondition: 0 },
};

type Pos = (offset: number) => { line: number; column: number };

/** Parses a `.tf.json` text; never throws on bad input, errors are returned with positions. */
export function parseHclJson(text: string, file: string): HclParseResult {
  const pos = lineIndex(text);
  let root: JsonNode;
  try {
    root = readJson(text);
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
    return { file, blocks: [], attributes: [], errors: [{ ...pos(err.offset), message: err.message }] };
  }
  const errors: HclError[] = [];
  const blocks: HclBlock[] = [];
  if (root.kind !== "object") {
    errors.push({ ...pos(root.start), message: "a Terraform JSON file must contain one object" });
    return { file, blocks, attributes: [], errors };
  }
  for (const entry of root.entries) {
    if (entry.key === "//") continue; // Terraform's JSON comment key
    const labels = TOP_LEVEL_LABELS[entry.key] ?? 0;
    blocks.push(...readBlocks(entry, entry.key, labels, [], pos, text, errors));
  }
  return { file, blocks, attributes: [], errors };
}

/** The block(s) of `type` under `entry`, descending one object level per remaining label. */
function readBlocks(
  entry: JsonEntry,
  type: string,
  labelsLeft: number,
  labels: string[],
  pos: Pos,
  text: string,
  errors: HclError[],
): HclBlock[] {
  const node = entry.value;
  if (labelsLeft > 0) {
    if (node.kind !== "object") {
      errors.push({ ...pos(node.start), message: `"${entry.key}" must be an object keyed by ${type} label` });
      return [];
    }
    return node.entries
      .filter((e) => e.key !== "//")
      .flatMap((e) => readBlocks(e, type, labelsLeft - 1, [...labels, e.key], pos, text, errors));
  }
  const bodies = node.kind === "array" ? node.items : [node];
  const out: HclBlock[] = [];
  for (const body of bodies) {
    if (body.kind !== "object") {
      errors.push({
        ...pos(body.start),
        message: `the body of ${type} block "${entry.key}" must be an object`,
      });
      continue;
    }
    // A single body is located at its key (where a reader looks); list items at their own brace.
    const start = pos(node.kind === "array" ? body.start : entry.keyStart);
    const end = pos(body.end - 1);
    const block: HclBlock = {
      type,
      labels,
      ...start,
      endLine: end.line,
      endColumn: end.column,
      attributes: [],
      blocks: [],
    };
    const nested = NESTED_BLOCKS[type] ?? {};
    for (const e of body.entries) {
      if (e.key === "//") continue;
      const nestedLabels = nested[e.key];
      if (nestedLabels !== undefined)
        block.blocks.push(...readBlocks(e, e.key, nestedLabels, [], pos, text, errors));
      else block.attributes.push(readAttribute(e, pos, text));
    }
    out.push(block);
  }
  return out;
}

function readAttribute(entry: JsonEntry, pos: Pos, text: string): HclAttribute {
  const node = entry.value;
  const attr: HclAttribute = {
    name: entry.key,
    ...pos(entry.keyStart),
    valueText: text.slice(node.start, node.end),
  };
  if (node.kind === "number" || node.kind === "boolean") attr.value = node.value;
  // JSON strings are templates in Terraform: only a string without interpolation is a literal.
  if (node.kind === "string" && !/[$%]\{/.test(node.value.replaceAll("$${", "").replaceAll("%%{", ""))) {
    attr.value = unescapeTemplateMarkers(node.value);
  }
  return attr;
}
