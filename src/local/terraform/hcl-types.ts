/**
 * The shape every Terraform file reader returns, whether the file is native HCL (`.tf`, `.tfbackend`,
 * `.hcl`) or JSON syntax (`.tf.json`). Positions are 1-based and point at the first character of the
 * thing named (columns count UTF-16 code units, like editors that index JavaScript strings).
 * Consumers (suggest, state backend files, credential scanning) read blocks and attribute values from
 * here and never touch the parser.
 */

/** A literal value Terraform would evaluate without context (no references, no function calls). */
export type HclLiteral = string | number | boolean;

export interface HclAttribute {
  name: string;
  line: number;
  column: number;
  /** The expression exactly as written in the file (JSON text for `.tf.json`). */
  valueText: string;
  /**
   * Set only when the value is a plain literal: a string without `${...}` / `%{...}` (escapes and
   * heredoc indentation resolved), a number or a boolean. Absent for `null`, references,
   * interpolated strings, lists, objects and function calls: use `valueText` then.
   */
  value?: HclLiteral;
}

export interface HclBlock {
  /** `resource`, `data`, `provider`, `terraform`, `backend`, `module`, `variable`, `locals`, ... */
  type: string;
  /** The block labels, e.g. `["aws_s3_bucket", "logs"]` for `resource "aws_s3_bucket" "logs"`. */
  labels: string[];
  line: number;
  column: number;
  /** Position of the closing brace (for `.tf.json`, of the closing brace of the block's object). */
  endLine: number;
  endColumn: number;
  attributes: HclAttribute[];
  /** Nested blocks in file order, e.g. `backend "s3" {}` inside `terraform {}`. */
  blocks: HclBlock[];
}

export interface HclError {
  line: number;
  column: number;
  message: string;
}

export interface HclParseResult {
  file: string;
  /** Top-level blocks in file order; for a file with errors, the blocks the parser could recover. */
  blocks: HclBlock[];
  /** Top-level attributes (only in `.tfvars`/`.tfbackend`-style files; empty for ordinary `.tf`). */
  attributes: HclAttribute[];
  /** Syntax errors; an empty list means the file parsed cleanly. */
  errors: HclError[];
}
