/**
 * Python's `json.dumps(value, sort_keys=?)` with its default arguments, byte for byte: separators
 * `", "` and `": "`, `ensure_ascii=True` (every non-ASCII UTF-16 unit as a lowercase `\uXXXX`, DEL
 * too), the short escapes `\" \\ \b \f \n \r \t`. botocore names the client-registration cache file
 * after the sha1 of such a string, and the AWS CLI writes its cache files with it, so keyless must
 * produce exactly the same bytes. Only what those files contain is supported: strings, integers,
 * booleans, null, lists and string-keyed objects.
 */

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

function pythonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    const code = s.charCodeAt(i);
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) out += short;
    else if (code >= 0x20 && code <= 0x7e) out += ch;
    // UTF-16 units: an astral character is already a surrogate pair, as Python writes it.
    else out += `\\u${code.toString(16).padStart(4, "0")}`;
  }
  return `${out}"`;
}

export interface PythonJsonOptions {
  /** Python's `sort_keys=True`: keys ordered by code point. Default false (insertion order). */
  sortKeys?: boolean;
}

export function pythonJsonDumps(value: unknown, opts: PythonJsonOptions = {}): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new TypeError(`pythonJsonDumps supports integers only: ${value}`);
    return String(value);
  }
  if (typeof value === "string") return pythonString(value);
  if (Array.isArray(value)) return `[${value.map((v) => pythonJsonDumps(v, opts)).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    // Python compares str by code point; JS `<` compares UTF-16 units, identical below U+10000 and for
    // every key these files use.
    if (opts.sortKeys) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${pythonString(k)}: ${pythonJsonDumps(v, opts)}`).join(", ")}}`;
  }
  throw new TypeError(`pythonJsonDumps: unsupported value of type ${typeof value}`);
}
