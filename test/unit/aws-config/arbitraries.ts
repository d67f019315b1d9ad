/**
 * fast-check generators of messy config files: odd spacing, tabs, CRLF, missing final newline,
 * unicode, nested `[services]` blocks, comments between keys. No keyless markers: blocks come from
 * applyManagedProfiles.
 */
import fc from "fast-check";

const ws = fc.constantFrom("", " ", "  ", "\t", " \t ");
const eol = fc.constantFrom("\n", "\r\n");
const word = fc.constantFrom("dev", "prod", "terraform-dev", "terraform-prod", "mine", "x", "ünï", "日本");
const text = fc.constantFrom(
  "eu-west-1",
  "json",
  "https://h.example/p",
  "a = b",
  "#not-comment",
  "ü 🚀",
  "",
  "x;y",
);
const keyName = fc.constantFrom(
  "region",
  "output",
  "role_arn",
  "source_profile",
  "cli_pager",
  "ca_bundle",
  "Región",
);

const header = fc.oneof(
  fc.constant("[default]"),
  fc.tuple(ws, fc.constantFrom(" ", "   ", "\t"), word).map(([a, sp, w]) => `${a}[profile${sp}${w}]`),
  word.map((w) => `[profile "${w}"]`),
  word.map((w) => `[sso-session ${w}]`),
  word.map((w) => `[services ${w}]`),
  fc.constantFrom("[plugins]", "[ profile dev ]", "[preview]", "[profile dev] # trailing"),
);

/** A line that can follow a key without changing the file's meaning for good or bad. */
const filler = fc.oneof(
  ws,
  fc.tuple(ws, fc.constantFrom("#", ";"), text).map(([w, c, t]) => `${w}${c} ${t}`),
);

const keyLine = fc
  .tuple(ws, keyName, ws, fc.constantFrom("=", ":"), ws, text, ws)
  .map(([a, k, b, d, c, v, e]) => `${a}${k}${b}${d}${c}${v}${e}`);

const nested = fc
  .tuple(
    keyName,
    fc.array(fc.tuple(fc.constantFrom("  ", "\t", "    "), keyName, text), { minLength: 1, maxLength: 3 }),
  )
  .map(([k, subs]) => [`${k} =`, ...subs.map(([i, sk, v]) => `${i}${sk} = ${v}`)]);

type Section = { header: string; body: string[][] };

const section: fc.Arbitrary<Section> = fc.record({
  header,
  body: fc.array(
    fc.oneof(
      keyLine.map((l) => [l]),
      nested,
      filler.map((l) => [l]),
    ),
    { maxLength: 6 },
  ),
});

const invalidLine = fc.constantFrom("just words", "= value", "  [profile x", "region = x");

function assemble(lines: string[], eols: string[], finalEol: boolean): string {
  return lines.map((l, i) => l + (i < lines.length - 1 || finalEol ? eols[i % eols.length] : "")).join("");
}

/** Makes keys unique within a section and headers unique in the file, as botocore requires. */
function dedupe(sections: Section[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const s of sections) {
    const raw = /\[(.+)\]/.exec(s.header.trim())![1]!;
    if (seen.has(raw)) continue;
    seen.add(raw);
    out.push(s.header);
    const keys = new Set<string>();
    for (const group of s.body) {
      const first = group[0]!;
      const m = /^\s*([^=:]*?)\s*[=:]/.exec(first);
      const isKey = m !== null && !/^\s*[#;]/.test(first) && first.trim() !== "";
      if (isKey) {
        const k = m[1]!.toLowerCase();
        if (keys.has(k)) continue;
        keys.add(k);
      }
      out.push(...group);
    }
  }
  return out;
}

/**
 * A messy file; with `invalid`, lines botocore rejects are spliced in. Files without `invalid` are
 * still not all valid (an indented header after a key is a continuation, for instance): filter with
 * the parser where a valid file is needed, and let the botocore interop test keep the parser honest.
 */
export function configFile(opts: { invalid: boolean }): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.array(filler, { maxLength: 2 }),
      fc.array(section, { maxLength: 6 }),
      fc.array(eol, { minLength: 1, maxLength: 3 }),
      fc.boolean(),
      opts.invalid ? fc.array(fc.tuple(fc.nat(40), invalidLine), { maxLength: 2 }) : fc.constant([]),
    )
    .map(([lead, sections, eols, finalEol, invalid]) => {
      const lines = [...lead.map((l) => (l.trim() === "" ? l : l.trimStart())), ...dedupe(sections)];
      for (const [at, bad] of invalid) lines.splice(at % (lines.length + 1), 0, bad);
      return assemble(lines, eols, finalEol);
    });
}
