/**
 * Resource ARNs against the resource types of the statement's actions. Conservative by design: a
 * finding only when every action is known, the ARN names a concrete service, and the ARN cannot
 * match any ARN template of any of those actions (e.g. an S3 object ARN for `ec2:RunInstances`).
 * Both sides may contain wildcards, so the test is "could any ARN match both patterns".
 */
import { type ResolvedAction, resolveAction } from "./actions.ts";
import { service } from "./catalog.ts";
import { error } from "./finding.ts";
import type { Statement } from "./statement.ts";
import type { LintFinding } from "./types.ts";

export function checkResources(st: Statement): LintFinding[] {
  const findings: LintFinding[] = [];
  if (!st.resource) return findings;
  for (const r of st.resource.values) {
    if (r.value !== "*" && !r.value.startsWith("arn:")) {
      findings.push(
        error(
          "resource/not-arn",
          r.path,
          `"${r.value}" is not an ARN; a resource must be "*" or start with "arn:" (e.g. "arn:aws:s3:::my-bucket/*")`,
        ),
      );
    }
  }
  if (st.resource.name !== "Resource" || st.action?.name !== "Action") return findings;
  const templates = arnTemplates(st);
  if (templates === undefined) return findings;
  for (const r of st.resource.values) {
    const arn = splitArn(r.value);
    if (!arn || /[*?]|\$\{/.test(arn.service)) continue;
    if (templates.some((t) => arnCouldMatch(t, r.value))) continue;
    const actions = st.action.values.map((a) => a.value).join(", ");
    findings.push(
      error(
        "resource/no-matching-type",
        r.path,
        templates.length === 0
          ? `${actions} only accept Resource "*", so "${r.value}" grants nothing`
          : `"${r.value}" matches no resource type of ${actions}; check the service and resource part of the ARN`,
      ),
    );
  }
  return findings;
}

/** ARN templates of all the statement's actions; undefined when some action cannot be resolved. */
function arnTemplates(st: Statement): string[] | undefined {
  const resolved: ResolvedAction[] = [];
  for (const a of st.action?.values ?? []) {
    const r = resolveAction(a.value);
    if (r.kind !== "ok") return undefined;
    resolved.push(...r.actions);
  }
  const templates = new Set<string>();
  for (const { service: prefix, action } of resolved) {
    const svc = service(prefix);
    for (const key of action.resourceTypes) {
      const type = svc?.resourceTypes.get(key);
      if (!type) return undefined;
      templates.add(type.arn);
    }
  }
  return [...templates];
}

interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

function splitArn(text: string): Arn | undefined {
  const parts = text.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  return {
    partition: parts[1]!,
    service: parts[2]!,
    region: parts[3]!,
    account: parts[4]!,
    resource: parts.slice(5).join(":"),
  };
}

/**
 * Whether some ARN matches both the catalog template (`${Var}` = anything) and the policy's ARN
 * (`*`, `?`, and policy variables `${aws:username}` = anything). Segment by segment, case-insensitive.
 */
export function arnCouldMatch(template: string, arn: string): boolean {
  const t = splitArn(template.replace(/\$\{[^}]*\}/g, "*"));
  const a = splitArn(arn.replace(/\$\{[^}]*\}/g, "*"));
  if (!t || !a) return true;
  return (
    globsIntersect(t.partition, a.partition) &&
    globsIntersect(t.service, a.service) &&
    globsIntersect(t.region, a.region) &&
    globsIntersect(t.account, a.account) &&
    globsIntersect(t.resource, a.resource)
  );
}

/**
 * Whether two glob patterns (`*` any run, `?` one character) can match a common string. Dynamic
 * programming over positions: a star may stop, or swallow the other side's next symbol.
 */
export function globsIntersect(x: string, y: string): boolean {
  const a = x.toLowerCase();
  const b = y.toLowerCase();
  // Quick refusal: a common string starts with both literal heads and ends with both literal tails
  // (up to the first / from the last wildcard), so one head must begin the other, likewise the tails.
  if (!literalEndsAgree(a, b)) return false;
  const w = b.length + 1;
  // ok[i * w + j]: a[i..] and b[j..] can match a common string. Filled from the ends (no recursion:
  // ARNs may be thousands of characters long).
  const ok = new Uint8Array((a.length + 1) * w);
  for (let i = a.length; i >= 0; i--) {
    for (let j = b.length; j >= 0; j--) {
      let r: boolean;
      if (i === a.length && j === b.length) r = true;
      else if (a[i] === "*") r = ok[(i + 1) * w + j] === 1 || (j < b.length && ok[i * w + j + 1] === 1);
      else if (b[j] === "*") r = ok[i * w + j + 1] === 1 || (i < a.length && ok[(i + 1) * w + j] === 1);
      else if (i === a.length || j === b.length) r = false;
      else r = (a[i] === b[j] || a[i] === "?" || b[j] === "?") && ok[(i + 1) * w + j + 1] === 1;
      ok[i * w + j] = r ? 1 : 0;
    }
  }
  return ok[0] === 1;
}

const WILD = /[*?]/;

function literalEndsAgree(a: string, b: string): boolean {
  const head = (s: string) => s.slice(0, s.search(WILD) === -1 ? s.length : s.search(WILD));
  const tail = (s: string) => {
    let i = s.length;
    while (i > 0 && !WILD.test(s[i - 1]!)) i--;
    return s.slice(i);
  };
  const [ha, hb] = [head(a), head(b)];
  const [ta, tb] = [tail(a), tail(b)];
  const wildA = WILD.test(a);
  const wildB = WILD.test(b);
  if (!wildA && !wildB) return a === b;
  const headsOk = ha.startsWith(hb) || hb.startsWith(ha);
  const tailsOk = ta.endsWith(tb) || tb.endsWith(ta);
  return headsOk && tailsOk;
}
