/**
 * A saved plan is applied only when its changes are exactly what keyless computes from the plan's own
 * Desired against the AWS state it fingerprinted. The plan in the file is what people reviewed; an
 * edit after review (a description, a policy, an extra assignment) must not reach AWS. apply compares
 * the file with a plan recomputed from the same inputs and refuses (exit 64) at the first difference.
 */
import { canonicalJson } from "../engine/canonical-json.ts";
import type { Change, Plan } from "../engine/plan-types.ts";
import { KeylessError } from "../errors/keyless-error.ts";
import { firstDifference, showValue } from "../util/first-difference.ts";

/** Plan fields compared after the changes. fingerprint and instanceArn are the staleness check's. */
const OTHER_FIELDS = [
  "formatVersion",
  "region",
  "identityStoreId",
  "prune",
  "problems",
  "pruneCandidates",
  "unmanaged",
  "notes",
  "targets",
  "ids",
  "ciAccess",
] as const satisfies readonly (keyof Plan)[];

const HINT = "Do not edit plan files. Run `keyless plan -out FILE` again and review the new plan.";

/** Throws PLAN_INVALID naming the first change (or field) of `saved` that `computed` does not have. */
export function assertSavedPlanMatches(saved: Plan, computed: Plan, source: string): void {
  const problem = changeProblem(asJson(saved.changes), asJson(computed.changes));
  if (problem) {
    throw new KeylessError(
      "PLAN_INVALID",
      `Saved plan ${source} does not match what keyless computes from its own configuration against AWS now: ${problem.summary}. Nothing was changed.`,
      { details: [problem.detail], hint: HINT },
    );
  }
  for (const field of OTHER_FIELDS) {
    const d = firstDifference(asJson(saved[field]), asJson(computed[field]), field);
    if (d) {
      throw new KeylessError(
        "PLAN_INVALID",
        `Saved plan ${source} does not match what keyless computes from its own configuration against AWS now: its field ${field} differs. Nothing was changed.`,
        {
          details: [`${d.path}: the file has ${showValue(d.left)}; keyless computes ${showValue(d.right)}`],
          hint: HINT,
        },
      );
    }
  }
}

interface Problem {
  summary: string;
  detail: string;
}

function changeProblem(saved: Change[], computed: Change[]): Problem | undefined {
  const savedAddresses = new Set(saved.map((c) => c.address));
  const computedAddresses = new Set(computed.map((c) => c.address));
  for (let i = 0; i < Math.max(saved.length, computed.length); i++) {
    const s = saved[i];
    const c = computed[i];
    if (s && c && canonical(s) === canonical(c)) continue;
    if (s && c && s.address === c.address) {
      const d = firstDifference(s, c);
      return {
        summary: `change ${s.address} differs`,
        detail: `${s.address}: ${d?.path || "the change"} is ${showValue(d?.left)} in the file; keyless computes ${showValue(d?.right)}`,
      };
    }
    if (s && !computedAddresses.has(s.address)) {
      return {
        summary: `the file has a change keyless does not compute, ${s.address}`,
        detail: `${s.address} (${s.action}): not a change of this configuration against AWS now`,
      };
    }
    if (c && !savedAddresses.has(c.address)) {
      return {
        summary: `the file lacks the change ${c.address}`,
        detail: `${c.address} (${c.action}): keyless computes it, the file does not have it`,
      };
    }
    const address = (s ?? c)?.address ?? `#${i + 1}`;
    return {
      summary: `change ${address} is not where keyless computes it`,
      detail: `change ${i + 1} of the file is ${s?.address ?? "absent"}; keyless computes ${c?.address ?? "none"} there`,
    };
  }
  return undefined;
}

/** As the value reads in JSON (undefined members dropped), which is how the file holds it. */
function asJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function canonical(value: unknown): string {
  return canonicalJson(value, { sortArrays: false });
}
