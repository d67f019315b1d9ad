/**
 * Parses `~/.aws/config` into the lossless line model. Never throws: anything botocore would reject,
 * and any broken managed block, is recorded in `problems`, and editing refuses such a file
 * (`assertEditable`). The classification follows Python configparser's `_read` as botocore configures
 * it (RawConfigParser, strict, `=`/`:` delimiters, whole-line `#`/`;` comments, indented continuation
 * lines, blank lines inside values) so that "what belongs to which section" is what the AWS CLI sees.
 */
import { matchMarker } from "./markers.ts";
import type {
  ConfigLine,
  ConfigModel,
  ConfigProblem,
  ConfigSection,
  LineKind,
  ManagedBlock,
  SectionHeader,
} from "./model.ts";
import { classifyHeader } from "./section-name.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Splits text into lines, keeping each terminator ("\r\n" or "\n"); no phantom line after a final newline. */
export function splitLines(text: string): { text: string; eol: "" | "\n" | "\r\n" }[] {
  const out: { text: string; eol: "" | "\n" | "\r\n" }[] = [];
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf("\n", pos);
    if (nl === -1) {
      out.push({ text: text.slice(pos), eol: "" });
      break;
    }
    const crlf = nl > pos && text[nl - 1] === "\r";
    out.push({ text: text.slice(pos, crlf ? nl - 1 : nl), eol: crlf ? "\r\n" : "\n" });
    pos = nl + 1;
  }
  return out;
}

/** Serialises lines back to text: for an unmodified model, exactly the parsed input. */
export function serializeConfig(model: Pick<ConfigModel, "lines">): string {
  let out = "";
  for (const line of model.lines) out += line.text + line.eol;
  return out;
}

const SECTION_RE = /^\[([\s\S]+)\]/;
const OPTION_RE = /^([\s\S]*?)\s*([=:])\s*([\s\S]*)$/;
/** Names the JS SDK's parser refuses outright (shared-ini-file-loader parseIni). */
const JS_BLOCKED = new Set(["__proto__", "profile __proto__"]);

interface SectionDraft {
  header: SectionHeader;
  start: number;
  pieces: Map<string, string[]>;
}

/** The path as one shell word, for a command the user may paste. */
const shellWord = (s: string) => (/^[\w./~+-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`);

/**
 * A UTF-8 byte-order mark at the start. The JS SDK skips it, but botocore (checked with 1.43.11 and the
 * AWS CLI v1) opens the file as plain UTF-8, so configparser reads line 1 as "\uFEFF[default]", finds
 * no section header and refuses the whole file ("Unable to parse config file"): every profile in it
 * stops working for the AWS CLI and boto3.
 */
function bomProblem(path: string): ConfigProblem {
  return {
    lineNo: 1,
    message:
      "the file starts with a UTF-8 byte-order mark (BOM), and botocore (the AWS CLI, boto3) cannot read it: " +
      'it stops with "Unable to parse config file" because Python\'s configparser finds no section header on ' +
      `line 1; save the file as UTF-8 without a BOM, e.g. sed -i '1s/^\\xEF\\xBB\\xBF//' ${shellWord(path)}`,
  };
}

export function parseConfigFile(text: string, opts: { path?: string } = {}): ConfigModel {
  const path = opts.path ?? "config";
  const raw = splitLines(text);
  const lines: Mutable<ConfigLine>[] = [];
  const problems: ConfigProblem[] = text.startsWith("\uFEFF") ? [bomProblem(path)] : [];
  const drafts: SectionDraft[] = [];
  /** For each line, the index into drafts of the section it belongs to (-1 before the first). */
  const owner: number[] = [];
  const seenSections = new Set<string>();
  const seenOptions = new Set<string>();
  let current: SectionDraft | undefined;
  let option: string | undefined;
  let indentLevel = 0;

  raw.forEach((r, i) => {
    const lineNo = i + 1;
    const trimmed = r.text.trim();
    const line: Mutable<ConfigLine> = { lineNo, text: r.text, eol: r.eol, kind: "blank" };
    lines.push(line);
    owner.push(drafts.length - 1);
    const kind = (k: LineKind) => {
      line.kind = k;
    };
    if (r.text.includes("\r")) {
      // Python reads a lone CR as a line break, the JS and Go SDKs do not: the consumers disagree.
      problems.push({
        lineNo,
        message: "carriage return inside a line (the AWS SDKs disagree on where it ends)",
      });
    }
    if (trimmed === "") {
      // configparser keeps blank lines inside a value; they never end a continuation.
      if (current && option !== undefined) current.pieces.get(option)?.push("");
      return;
    }
    if (trimmed.startsWith("#") || trimmed.startsWith(";")) {
      kind("comment");
      const marker = matchMarker(trimmed);
      if (marker?.type === "unrecognised") {
        problems.push({ lineNo, message: "looks like a keyless managed block marker but is not one" });
      } else if (marker) line.marker = marker;
      return;
    }
    const indent = r.text.search(/\S/);
    if (current && option !== undefined && indent > indentLevel) {
      kind("continuation");
      const pieces = current.pieces.get(option)!;
      pieces.push(trimmed);
      if (pieces[0] === "") {
        // botocore parses an empty-valued key's continuation lines as nested `key = value` pairs.
        const eq = trimmed.indexOf("=");
        if (eq === -1) {
          problems.push({ lineNo, message: `nested line under "${option}" is not "key = value"` });
        } else {
          line.key = { name: trimmed.slice(0, eq).trim(), value: trimmed.slice(eq + 1).trim() };
        }
      }
      return;
    }
    indentLevel = indent;
    const section = SECTION_RE.exec(trimmed);
    if (section) {
      kind("section");
      const header = classifyHeader(section[1]!);
      line.header = header;
      if (seenSections.has(header.raw)) {
        problems.push({
          lineNo,
          message: `section [${header.raw}] appears twice (botocore rejects the file)`,
        });
      }
      if (JS_BLOCKED.has(header.raw)) {
        problems.push({
          lineNo,
          message: `section [${header.raw}] is rejected by the AWS SDK for JavaScript`,
        });
      }
      seenSections.add(header.raw);
      current = { header, start: i, pieces: new Map() };
      drafts.push(current);
      owner[i] = drafts.length - 1;
      option = undefined;
      return;
    }
    if (!current) {
      kind("invalid");
      problems.push({
        lineNo,
        message: "text before the first [section] header (botocore rejects the file)",
      });
      return;
    }
    const opt = OPTION_RE.exec(trimmed);
    const name = opt?.[1]?.trimEnd().toLowerCase();
    if (!opt || !name) {
      kind("invalid");
      problems.push({ lineNo, message: 'not a "key = value" line (botocore rejects the file)' });
      return;
    }
    kind("key");
    const value = opt[3]!.trim();
    line.key = { name, value };
    const optionKey = `${current.header.raw}\u0000${name}`;
    if (seenOptions.has(optionKey)) {
      problems.push({
        lineNo,
        message: `key "${name}" appears twice in section [${current.header.raw}] (botocore rejects the file)`,
      });
    }
    seenOptions.add(optionKey);
    current.pieces.set(name, [value]);
    option = name;
  });

  const { blocks, blockOf } = findBlocks(lines, problems);
  const sections = drafts.map((d): ConfigSection => {
    let end = d.start + 1;
    while (end < lines.length && lines[end]!.kind !== "section" && lines[end]!.marker === undefined) end++;
    const values: Record<string, string> = {};
    for (const [k, pieces] of d.pieces) values[k] = pieces.join("\n").trimEnd();
    return { header: d.header, start: d.start, end, values, block: blockOf[d.start] };
  });
  // A key must sit in the same block (or outside all blocks) as its section header; otherwise
  // rewriting a block would silently move it to another section.
  lines.forEach((line, i) => {
    if (line.kind !== "key" && line.kind !== "continuation") return;
    const section = drafts[owner[i]!];
    if (!section || blockOf[i] === blockOf[section.start]) return;
    const where = blockOf[i] === undefined ? "outside" : "inside";
    problems.push({
      lineNo: line.lineNo,
      message: `this line is ${where} a keyless managed block but belongs to section [${section.header.raw}] on line ${section.start + 1}; add a section header before it`,
    });
  });
  problems.sort((a, b) => a.lineNo - b.lineNo);
  return { path, lines, sections, blocks, problems, eol: majorityEol(lines) };
}

function findBlocks(
  lines: readonly ConfigLine[],
  problems: ConfigProblem[],
): { blocks: ManagedBlock[]; blockOf: (string | undefined)[] } {
  const blocks: ManagedBlock[] = [];
  const blockOf: (string | undefined)[] = new Array(lines.length).fill(undefined);
  let open: { session: string; begin: number } | undefined;
  lines.forEach((line, i) => {
    const m = line.marker;
    if (!m) return;
    if (m.type === "begin") {
      if (open) {
        problems.push({
          lineNo: open.begin + 1,
          message: `keyless managed block for sso-session ${open.session} has no END marker before the next BEGIN on line ${line.lineNo}`,
        });
      }
      open = { session: m.session, begin: i };
      return;
    }
    if (!open) {
      problems.push({
        lineNo: line.lineNo,
        message: `END marker for sso-session ${m.session} without a BEGIN`,
      });
      return;
    }
    if (open.session !== m.session) {
      problems.push({
        lineNo: line.lineNo,
        message: `END marker for sso-session ${m.session} closes the block for sso-session ${open.session} begun on line ${open.begin + 1}`,
      });
      open = undefined;
      return;
    }
    if (blocks.some((b) => b.session === m.session)) {
      problems.push({
        lineNo: open.begin + 1,
        message: `second keyless managed block for sso-session ${m.session}`,
      });
    }
    blocks.push({ session: m.session, begin: open.begin, end: i });
    for (let j = open.begin; j <= i; j++) blockOf[j] = m.session;
    open = undefined;
  });
  if (open) {
    problems.push({
      lineNo: open.begin + 1,
      message: `keyless managed block for sso-session ${open.session} has no END marker`,
    });
  }
  return { blocks, blockOf };
}

function majorityEol(lines: readonly ConfigLine[]): "\n" | "\r\n" {
  let crlf = 0;
  let lf = 0;
  for (const l of lines) {
    if (l.eol === "\r\n") crlf++;
    else if (l.eol === "\n") lf++;
  }
  return crlf > lf ? "\r\n" : "\n";
}
