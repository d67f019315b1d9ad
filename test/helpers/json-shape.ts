/**
 * Does a documented JSON example look like what keyless really prints? Same keys (none missing, none
 * invented), same types, the same values for discriminators (`kind`, `type`, ...), and strings of the
 * same form (a sha256, an ARN, an account id). Every element of an example's array must match some
 * element of the real array, so an example may show fewer elements, never other ones.
 */

/** Keys whose values name a variant: the example must use a value real output uses. */
const DISCRIMINATORS = new Set(["kind", "action", "type", "status", "setting", "format_version", "valid"]);
/** Keys whose value is a map with free keys: only the value types are compared. */
const MAPS = new Set(["tags", "ids", "users", "groups", "permissionSets"]);

/** The form of a string, coarse enough that two real values of one field share it. */
function form(s: string): string {
  if (/^[0-9a-f]{64}$/.test(s)) return "sha256 hex";
  if (/^\d{12}$/.test(s)) return "account id";
  if (s.startsWith("arn:")) return "ARN";
  return "text";
}

function kind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/** Differences between an example and one real value, as `path: what` lines ([] = it matches). */
export function shapeProblems(example: unknown, real: unknown, path = "$", key = ""): string[] {
  if (kind(example) !== kind(real))
    return [`${path}: the example has ${kind(example)}, real output ${kind(real)}`];
  if (Array.isArray(example) && Array.isArray(real)) {
    return example.flatMap((item, i) => {
      if (real.length === 0) return [`${path}[${i}]: real output has no element to compare it with`];
      const each = real.map((r) => shapeProblems(item, r, `${path}[${i}]`));
      if (each.some((p) => p.length === 0)) return [];
      // The closest real element explains the mismatch best.
      return each.reduce((a, b) => (b.length < a.length ? b : a));
    });
  }
  if (example !== null && typeof example === "object") {
    const e = example as Record<string, unknown>;
    const r = real as Record<string, unknown>;
    if (MAPS.has(key)) {
      const types = new Set(Object.values(r).map(kind));
      return Object.entries(e)
        .filter(([, v]) => types.size > 0 && !types.has(kind(v)))
        .map(([k, v]) => `${path}.${k}: the example has ${kind(v)}, real output ${[...types].join(" or ")}`);
    }
    const problems: string[] = [];
    for (const k of Object.keys(r))
      if (!(k in e)) problems.push(`${path}.${k}: real output has it, the example lacks it`);
    for (const k of Object.keys(e)) {
      if (!(k in r)) problems.push(`${path}.${k}: the example has it, real output does not`);
      else problems.push(...shapeProblems(e[k], r[k], `${path}.${k}`, k));
    }
    return problems;
  }
  if (DISCRIMINATORS.has(key) && example !== real) {
    return [`${path}: the example says ${JSON.stringify(example)}, real output ${JSON.stringify(real)}`];
  }
  if (typeof example === "string" && typeof real === "string" && form(example) !== form(real)) {
    return [
      `${path}: the example has a ${form(example)} (${example.slice(0, 20)}), real output a ${form(real)}`,
    ];
  }
  return [];
}

/** Problems of an example against the closest of several real values ([] when one matches). */
export function matchesOneOf(example: unknown, reals: readonly unknown[], path = "$"): string[] {
  if (reals.length === 0) return [`${path}: no real output to compare with`];
  const each = reals.map((r) => shapeProblems(example, r, path));
  if (each.some((p) => p.length === 0)) return [];
  return each.reduce((a, b) => (b.length < a.length ? b : a));
}

/**
 * The examples of a Markdown page: a fenced ```json block right after `<!-- example: NAME -->`. A block
 * may hold several JSON values (JSON lines, or pretty objects each starting with `{` in column 0).
 */
export function docExamples(markdown: string): Array<{ name: string; values: unknown[] }> {
  const out: Array<{ name: string; values: unknown[] }> = [];
  const re = /<!-- example: ([\w-]+) -->\n```json\n([\s\S]*?)\n```/g;
  for (const m of markdown.matchAll(re)) {
    const chunks = (m[2] ?? "").split(/\n(?=\{)/).filter((c) => c.trim() !== "");
    out.push({ name: m[1] ?? "", values: chunks.map((c) => JSON.parse(c)) });
  }
  return out;
}
