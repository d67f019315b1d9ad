/**
 * A tiny writer for the few HCL shapes keyless generates (blocks, string/bool attributes,
 * comments, blank lines), laid out exactly as `terraform fmt` would: two-space indent, and the
 * `=` of consecutive attribute lines aligned. A comment line, a blank line or a nested block
 * ends an alignment group, as in hclwrite. It is a writer only: reading HCL is hcl*.ts's job.
 */

export type TfValue = string | boolean;

export type TfItem =
  | { kind: "attr"; name: string; value: TfValue }
  | { kind: "comment"; text: string }
  | { kind: "blank" }
  | { kind: "block"; type: string; labels: string[]; body: TfItem[] };

export const attr = (name: string, value: TfValue): TfItem => ({ kind: "attr", name, value });
export const comment = (text: string): TfItem => ({ kind: "comment", text });
export const blank: TfItem = { kind: "blank" };
export const block = (type: string, labels: string[], body: TfItem[]): TfItem => ({
  kind: "block",
  type,
  labels,
  body,
});

/**
 * A quoted HCL string. Escapes what HCL would otherwise read as syntax: quote, backslash,
 * control characters and the template openers `${` / `%{` (written `$${` / `%%{`).
 */
export function hclString(s: string): string {
  const body = s
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t")
    .replace(/\$\{/g, () => "$${")
    .replace(/%\{/g, () => "%%{");
  return `"${body}"`;
}

function valueText(v: TfValue): string {
  return typeof v === "boolean" ? String(v) : hclString(v);
}

function renderItems(items: TfItem[], depth: number): string[] {
  const pad = "  ".repeat(depth);
  const lines: string[] = [];
  let i = 0;
  while (i < items.length) {
    const item = items[i]!;
    if (item.kind === "attr") {
      const group: Array<{ name: string; value: TfValue }> = [];
      while (i < items.length && items[i]!.kind === "attr") {
        group.push(items[i] as { name: string; value: TfValue });
        i++;
      }
      const width = Math.max(...group.map((a) => a.name.length));
      for (const a of group) lines.push(`${pad}${a.name.padEnd(width)} = ${valueText(a.value)}`);
      continue;
    }
    if (item.kind === "comment") lines.push(`${pad}# ${item.text}`);
    else if (item.kind === "blank") lines.push("");
    else {
      const labels = item.labels.map((l) => ` ${hclString(l)}`).join("");
      lines.push(`${pad}${item.type}${labels} {`, ...renderItems(item.body, depth + 1), `${pad}}`);
    }
    i++;
  }
  return lines;
}

/** The file text: top-level items, one trailing newline. */
export function renderTf(items: TfItem[]): string {
  return `${renderItems(items, 0).join("\n")}\n`;
}
