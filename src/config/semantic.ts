/**
 * Checks that need more than one value at a time or another file: references between sections,
 * inline policy files, and warnings about legal but suspicious content. Runs on the raw document
 * alongside the schema (not after it), so one round of fixing shows as many problems as possible.
 */

import { configPresetParams } from "../catalog/config-params.ts";
import { loadPresetPolicy, type PresetAttachments } from "../catalog/config-preset.ts";
import { findPreset } from "../catalog/registry.ts";
import type { Preset, PresetParams } from "../catalog/types.ts";
import type { PresetUse } from "../engine/plan-types.ts";
import { type CiRolePolicy, checkCi } from "./ci-semantic.ts";
import type { Issue } from "./issues.ts";
import { checkManagedPathPolicies } from "./managed-path.ts";
import { isPlaceholderAccountId } from "./placeholders.ts";
import { loadInlinePolicy, type ReadFile } from "./policy.ts";
import { checkReferences } from "./references.ts";
import { checkStateBackendReferences } from "./state-backend.ts";

export interface SemanticResult {
  issues: Issue[];
  warnings: Issue[];
  /** Permission set name → compact inline policy JSON (those that have one that passed). */
  inlinePolicies: Map<string, string>;
  /** Permission set name → policies its preset attaches (merged with the set's own in normalise.ts). */
  presetAttachments: Map<string, PresetAttachments>;
  /** Permission set name → its preset and the parameters that preset uses (for the plan's display). */
  presetUses: Map<string, PresetUse>;
  /** CI role name → its rendered policy and whether it can apply (ci-semantic.ts). */
  ciPolicies: Map<string, CiRolePolicy>;
}

type Raw = Record<string, unknown>;

const isMapping = (v: unknown): v is Raw => v !== null && typeof v === "object" && !Array.isArray(v);

export function checkSemantics(doc: Raw, dir: string, readFile: ReadFile): SemanticResult {
  const issues: Issue[] = [
    ...checkReferences(doc),
    ...checkStateBackendReferences(doc),
    ...checkManagedPathPolicies(doc),
  ];
  const warnings: Issue[] = [];
  const inlinePolicies = new Map<string, string>();
  const presetAttachments = new Map<string, PresetAttachments>();
  const presetUses = new Map<string, PresetUse>();
  const presetParams = configPresetParams(doc);

  for (const [name, ps] of Object.entries(isMapping(doc.permissionSets) ? doc.permissionSets : {})) {
    if (!isMapping(ps)) continue;
    const path = ["permissionSets", name];
    const inline = ps.inlinePolicy;
    if (ps.preset !== undefined) {
      const result = loadPresetPolicy(ps, path, presetParams, dir, readFile);
      issues.push(...result.issues);
      warnings.push(...result.warnings);
      if (result.json !== undefined) inlinePolicies.set(name, result.json);
      if (result.attachments !== undefined) presetAttachments.set(name, result.attachments);
      const preset = findPreset(String(ps.preset));
      if (result.json !== undefined && preset) presetUses.set(name, presetUse(preset, presetParams));
    } else if (typeof inline === "string" || isMapping(inline)) {
      const result = loadInlinePolicy(inline, [...path, "inlinePolicy"], dir, readFile);
      issues.push(...result.issues);
      warnings.push(...result.warnings);
      if (result.json !== undefined) inlinePolicies.set(name, result.json);
    } else if (
      inline === undefined &&
      !nonEmptyList(ps.managedPolicies) &&
      !nonEmptyList(ps.customerManagedPolicies)
    ) {
      warnings.push({
        path,
        at: "key",
        message: `permission set "${name}" grants no permissions; add an inlinePolicy or managedPolicies`,
      });
    }
    const managed = ps.managedPolicies;
    if (Array.isArray(managed)) {
      managed.forEach((arn, i) => {
        if (managed.indexOf(arn) < i) {
          warnings.push({ path: [...path, "managedPolicies", i], message: `${String(arn)} is listed twice` });
        }
      });
    }
  }

  const byId = new Map<unknown, string>();
  for (const [name, id] of Object.entries(isMapping(doc.accounts) ? doc.accounts : {})) {
    const other = byId.get(id);
    if (other !== undefined && typeof id === "string") {
      warnings.push({
        path: ["accounts", name],
        message: `account id ${id} is also listed as "${other}"; assignments to either name reach the same account`,
      });
    }
    byId.set(id, name);
    if (isPlaceholderAccountId(id)) {
      warnings.push({
        path: ["accounts", name],
        message: `account id ${String(id)} is a placeholder written by \`keyless init --offline\`; replace it with the 12-digit id of your account (keyless plan reports it as not a member of the organization)`,
      });
    }
  }
  const ci = checkCi(doc, presetParams, dir, readFile);
  issues.push(...ci.issues);
  warnings.push(...ci.warnings);
  return { issues, warnings, inlinePolicies, presetAttachments, presetUses, ciPolicies: ci.policies };
}

/** The parameters a preset's policy depends on, as keyless.yaml set them. */
function presetUse(preset: Preset, params: PresetParams): PresetUse {
  const used: PresetUse["params"] = {};
  for (const key of preset.parameters) {
    const value = params[key];
    if (value !== undefined) used[key] = Array.isArray(value) ? [...value] : value;
  }
  return { preset: preset.name, params: used };
}

const nonEmptyList = (v: unknown): boolean => Array.isArray(v) && v.length > 0;
