/**
 * Checks of keyless.yaml `ci` that need more than one value: the provider a role names is declared,
 * its accounts exist, its policy renders (preset + extraStatements or inlinePolicy, through the same
 * checks as a permission set's), and a role that can apply is never assumable from a pull request.
 * Also the warnings: an apply role not limited to a protected branch or an environment, a role that
 * grants nothing. Works on the raw document, leniently, beside
 * the schema (semantic.ts).
 */

import { loadPresetPolicy } from "../catalog/config-preset.ts";
import type { PresetParams } from "../catalog/types.ts";
import { canApply } from "../ci/can-apply.ts";
import type { Issue } from "./issues.ts";
import { ACCOUNT_ID, TARGET } from "./patterns.ts";
import { loadInlinePolicy, type ReadFile } from "./policy.ts";
import { didYouMean } from "./suggest.ts";
import type { Path } from "./yaml-source.ts";

type Raw = Record<string, unknown>;
const isMapping = (v: unknown): v is Raw => v !== null && typeof v === "object" && !Array.isArray(v);

export interface CiRolePolicy {
  /** Compact JSON of the inline policy, "" when the role has none. */
  json: string;
  canApply: boolean;
}

export interface CiSemanticResult {
  issues: Issue[];
  warnings: Issue[];
  /** Role name → its rendered policy (only roles whose policy passed). */
  policies: Map<string, CiRolePolicy>;
}

export function checkCi(doc: Raw, params: PresetParams, dir: string, readFile: ReadFile): CiSemanticResult {
  const result: CiSemanticResult = { issues: [], warnings: [], policies: new Map() };
  if (!isMapping(doc.ci)) return result;
  const providers = isMapping(doc.ci.providers) ? Object.keys(doc.ci.providers) : [];
  const roles = isMapping(doc.ci.roles) ? doc.ci.roles : {};
  checkAccessRoles(doc.ci.accessRoles, doc, result.issues);
  for (const [name, role] of Object.entries(roles)) {
    if (!isMapping(role)) continue;
    const path = ["ci", "roles", name];
    checkProvider(role, path, providers, result.issues);
    checkAccounts(role, path, doc, result.issues);
    const policy = rolePolicy(role, path, params, dir, readFile, result);
    if (policy === undefined) continue;
    result.policies.set(name, { json: policy.json, canApply: policy.canApply });
    if (policy.canApply && role.pullRequests === true) {
      result.issues.push({
        path: [...path, "pullRequests"],
        message: `role "${name}" can apply (it grants ${policy.because}), so it must not be assumable from a pull request, whose code is written by whoever opens it. Remove pullRequests here and declare a separate read-only plan role for pull requests`,
      });
    }
    if (policy.canApply) warnUnprotected(role, path, name, result.warnings);
  }
  return result;
}

/** `ci.accessRoles` keys name accounts: a name under `accounts` or a 12-digit id. */
function checkAccessRoles(accessRoles: unknown, doc: Raw, issues: Issue[]): void {
  if (!isMapping(accessRoles)) return;
  const accounts = isMapping(doc.accounts) ? Object.keys(doc.accounts) : [];
  for (const key of Object.keys(accessRoles)) {
    if (accounts.includes(key) || ACCOUNT_ID.test(key)) continue;
    issues.push({
      path: ["ci", "accessRoles", key],
      at: "key",
      message: `unknown account "${key}"; write an account name from accounts, or its 12-digit id as a quoted string${didYouMean(key, accounts)}`,
    });
  }
}

function checkProvider(role: Raw, path: Path, declared: string[], issues: Issue[]): void {
  const p = role.provider;
  if ((p === "github" || p === "gitlab") && !declared.includes(p)) {
    issues.push({
      path: [...path, "provider"],
      message: `provider ${p} is not declared under ci.providers; add \`${p}: {}\` there (or with its url for a self-managed instance)`,
    });
  }
}

function checkAccounts(role: Raw, path: Path, doc: Raw, issues: Issue[]): void {
  if (!Array.isArray(role.accounts)) return;
  const accounts = isMapping(doc.accounts) ? Object.keys(doc.accounts) : [];
  const ous = isMapping(doc.organizationalUnits) ? Object.keys(doc.organizationalUnits) : [];
  role.accounts.forEach((text, i) => {
    if (typeof text !== "string") return;
    const [, prefix, name = ""] = TARGET.exec(text) ?? [];
    const at = [...path, "accounts", i];
    if (prefix === "ou") {
      if (!ous.includes(name)) {
        issues.push({
          path: at,
          message: `unknown organizational unit "${name}"; define it under organizationalUnits${didYouMean(name, ous)}`,
        });
      }
      return;
    }
    if (accounts.includes(name) || (!prefix && ACCOUNT_ID.test(name))) return;
    const hint =
      !prefix && ous.includes(name)
        ? `; "${name}" is an organizational unit: write ou:${name}`
        : didYouMean(name, accounts);
    issues.push({
      path: at,
      message: `unknown account "${text}"; define it under accounts, or write its 12-digit id as a quoted string${hint}`,
    });
  });
}

interface RenderedRolePolicy extends CiRolePolicy {
  because?: string;
}

function rolePolicy(
  role: Raw,
  path: Path,
  params: PresetParams,
  dir: string,
  readFile: ReadFile,
  result: CiSemanticResult,
): RenderedRolePolicy | undefined {
  const managed = Array.isArray(role.managedPolicies) ? role.managedPolicies.map(String) : [];
  let json = "";
  if (role.preset !== undefined) {
    const r = loadPresetPolicy(role, path, params, dir, readFile);
    result.issues.push(...r.issues);
    result.warnings.push(...r.warnings);
    if (r.json === undefined) return undefined;
    json = r.json;
  } else if (typeof role.inlinePolicy === "string" || isMapping(role.inlinePolicy)) {
    const r = loadInlinePolicy(role.inlinePolicy, [...path, "inlinePolicy"], dir, readFile);
    result.issues.push(...r.issues);
    result.warnings.push(...r.warnings);
    if (r.json === undefined) return undefined;
    json = r.json;
  } else if (managed.length === 0) {
    result.warnings.push({
      path,
      at: "key",
      message: `CI role "${String(path.at(-1))}" grants no permissions; add a preset, an inlinePolicy or managedPolicies`,
    });
  }
  const verdict = canApply(json === "" ? undefined : JSON.parse(json), managed, params.lockTable);
  return { json, ...verdict };
}

/**
 * Whoever can push a branch matching a wildcard, or push a tag, runs code with the role; a plain
 * branch name is presumed protected (keyless cannot see branch protection; docs/ci.md says so).
 */
function warnUnprotected(role: Raw, path: Path, name: string, warnings: Issue[]): void {
  const list = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  list(role.branches).forEach((b, i) => {
    if (b.includes("*")) {
      warnings.push({
        path: [...path, "branches", i],
        message: `role "${name}" can apply, but branch pattern "${b}" is not limited to a protected branch: anyone who can push a matching branch can apply. Name the protected branch (e.g. main), or use an environment with required reviewers`,
      });
    }
  });
  list(role.environments).forEach((e, i) => {
    if (e.includes("*")) {
      warnings.push({
        path: [...path, "environments", i],
        message: `role "${name}" can apply, but environment pattern "${e}" admits every matching environment, also ones without protection rules. Name the protected environment (e.g. production)`,
      });
    }
  });
  list(role.gitTags).forEach((t, i) => {
    warnings.push({
      path: [...path, "gitTags", i],
      message: `role "${name}" can apply from tag "${t}": a tag is not a protected branch, and anyone with write access can push one unless a tag ruleset protects it. Protect the tags, or use an environment with required reviewers`,
    });
  });
}
