/**
 * JSON paths of findings, e.g. `Statement[2].Condition.StringEquals["aws:RequestedRegion"]`. Built
 * from segments and parsed back, so a finding can be mapped to a line and column in the source
 * (policy file or keyless.yaml).
 */
export type JsonPathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_$][\w$]*$/;

export function formatJsonPath(segments: readonly JsonPathSegment[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** The inverse of formatJsonPath; undefined for text it did not produce. */
export function parseJsonPath(path: string): JsonPathSegment[] | undefined {
  const segments: JsonPathSegment[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === "[") {
      const num = /^\[(\d+)\]/.exec(path.slice(i));
      if (num) {
        segments.push(Number(num[1]));
        i += num[0].length;
        continue;
      }
      const str = /^\["(?:[^"\\]|\\.)*"\]/.exec(path.slice(i));
      if (!str) return undefined;
      segments.push(JSON.parse(str[0].slice(1, -1)) as string);
      i += str[0].length;
      continue;
    }
    if (path[i] === ".") {
      if (segments.length === 0) return undefined;
      i++;
    } else if (segments.length > 0) {
      return undefined;
    }
    const key = /^[A-Za-z_$][\w$]*/.exec(path.slice(i));
    if (!key) return undefined;
    segments.push(key[0]);
    i += key[0].length;
  }
  return segments;
}
