/**
 * Where two JSON values first differ, as a path (`after.description`, `tags["cost center"]`,
 * `managedPolicies[1]`) with both values, so a refusal can say exactly what differs. Object members
 * are compared in key order (key order itself is not a difference); a member that is `undefined` counts
 * as absent, as in JSON.
 */

export interface Difference {
  /** "" when the values differ at the top. */
  path: string;
  /** undefined: absent on that side. */
  left: unknown;
  right: unknown;
}

export function firstDifference(left: unknown, right: unknown, path = ""): Difference | undefined {
  if (Object.is(left, right)) return undefined;
  if (Array.isArray(left) && Array.isArray(right)) {
    for (let i = 0; i < Math.max(left.length, right.length); i++) {
      const d = firstDifference(left[i], right[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (isRecord(left) && isRecord(right)) {
    const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
    for (const key of keys) {
      const d = firstDifference(left[key], right[key], member(path, key));
      if (d) return d;
    }
    return undefined;
  }
  return { path, left, right };
}

/** A short JSON rendering of a value for a message; `absent` for undefined. */
export function showValue(value: unknown, max = 80): string {
  if (value === undefined) return "absent";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function member(path: string, key: string): string {
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}
