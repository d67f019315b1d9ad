/**
 * The lossless model of an AWS shared config file (`~/.aws/config`). Every line keeps its exact text
 * and line terminator, so serialising an unmodified model gives the input back byte for byte; the
 * classification beside it mirrors how botocore's configparser reads the file, so keyless edits what
 * the consumers actually see rather than what an INI library guesses.
 */

/** What a line is, in botocore's (Python configparser's) reading of the file. */
export type LineKind =
  /** Empty or whitespace only. Does not end a multi-line value (configparser's empty_lines_in_values). */
  | "blank"
  /** A whole-line comment: first non-blank character `#` or `;`. Inline comments do not exist for botocore. */
  | "comment"
  /** `[...]` at the start of a (non-continuation) line. */
  | "section"
  /** `name = value` (or `name: value`, configparser accepts both delimiters). */
  | "key"
  /** Indented deeper than the key line before it: part of that key's value (nested `s3 =` blocks). */
  | "continuation"
  /** Anything botocore refuses: text before the first section, a line that is not `key = value`. */
  | "invalid";

/** How botocore files a section header (configloader.build_profile_map). */
export type SectionKind = "default" | "profile" | "sso-session" | "services" | "other";

export interface SectionHeader {
  /** The text between the brackets, exactly as written (configparser's section name). */
  readonly raw: string;
  readonly kind: SectionKind;
  /** Profile / sso-session / services name; `default` for `[default]`; the raw text for `other`. */
  readonly name: string;
}

export interface ConfigLine {
  /** 1-based line number in the parsed text, for messages. */
  readonly lineNo: number;
  /** The line without its terminator. */
  readonly text: string;
  /** The terminator exactly as found; "" only for a last line without a final newline. */
  readonly eol: "" | "\n" | "\r\n";
  readonly kind: LineKind;
  /** Set for kind "section". */
  readonly header?: SectionHeader;
  /** Set for kind "key" (name lower-cased like configparser's optionxform) and for nested
   *  `sub = value` continuation lines. */
  readonly key?: { readonly name: string; readonly value: string };
  /** Set for the BEGIN / END comment lines of a keyless managed block. */
  readonly marker?: { readonly type: "begin" | "end"; readonly session: string };
}

export interface ConfigSection {
  readonly header: SectionHeader;
  /** Index (0-based, into `lines`) of the header line. */
  readonly start: number;
  /** Index one past the section's last line (the next header, or the end of the file). */
  readonly end: number;
  /** Top-level keys with their values as botocore joins them (continuations joined with "\n"). */
  readonly values: Readonly<Record<string, string>>;
  /** The session name of the managed block the header sits in, if any. */
  readonly block: string | undefined;
}

export interface ManagedBlock {
  readonly session: string;
  /** Index of the BEGIN marker line. */
  readonly begin: number;
  /** Index of the END marker line. */
  readonly end: number;
}

/** Something that makes the file unsafe to edit (botocore would reject it, or a block is broken). */
export interface ConfigProblem {
  readonly lineNo: number;
  readonly message: string;
}

export interface ConfigModel {
  /** Where the text came from, for messages only. */
  readonly path: string;
  readonly lines: readonly ConfigLine[];
  readonly sections: readonly ConfigSection[];
  readonly blocks: readonly ManagedBlock[];
  readonly problems: readonly ConfigProblem[];
  /** The line terminator new lines should use: the file's majority, "\n" for an empty file. */
  readonly eol: "\n" | "\r\n";
}
