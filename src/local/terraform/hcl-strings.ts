/**
 * String literal rules of the HCL native syntax, so `value` holds what Terraform would see:
 * backslash escapes in quoted strings, `$${` / `%%{` as literal `${` / `%{`, and the
 * indentation stripping of flush heredocs (`<<-EOT`).
 */

const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };

/** The value of the characters between the quotes of a string without interpolation. */
export function unescapeQuoted(raw: string): string {
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === "\\" && i + 1 < raw.length) {
      const next = raw[i + 1]!;
      const simple = SIMPLE_ESCAPES[next];
      if (simple !== undefined) {
        out += simple;
        i++;
        continue;
      }
      const width = next === "u" ? 4 : next === "U" ? 8 : 0;
      const hex = raw.slice(i + 2, i + 2 + width);
      if (width > 0 && hex.length === width && /^[0-9a-fA-F]+$/.test(hex)) {
        out += String.fromCodePoint(Number.parseInt(hex, 16));
        i += 1 + width;
        continue;
      }
    }
    out += ch;
  }
  return unescapeTemplateMarkers(out);
}

/** `$${` and `%%{` are how a template writes a literal `${` / `%{`. */
export function unescapeTemplateMarkers(text: string): string {
  return text.replaceAll("$${", "${").replaceAll("%%{", "%{");
}

/**
 * The value of a heredoc body (every line between the opening and closing marker, each with its
 * newline). A flush heredoc (`<<-`) loses the smallest indentation of its non-blank lines.
 */
export function heredocValue(body: string, flush: boolean): string {
  if (!flush) return unescapeTemplateMarkers(body);
  const lines = body.split("\n");
  let indent = Number.POSITIVE_INFINITY;
  for (const line of lines) {
    if (line.trim() === "") continue;
    indent = Math.min(indent, line.length - line.trimStart().length);
  }
  if (!Number.isFinite(indent)) return unescapeTemplateMarkers(body);
  return unescapeTemplateMarkers(lines.map((l) => l.slice(Math.min(indent, leading(l)))).join("\n"));
}

function leading(line: string): number {
  return line.length - line.trimStart().length;
}
