/**
 * A new permission set written as `preset:` is shown as its preset, the parameters it was rendered
 * with, the statements the file adds and its size, instead of the 150-odd lines of the rendered policy.
 * The claim is checked, not trusted: the preset is rendered again with those parameters and must be
 * exactly the first statements of the policy being applied (a plan file edited to name another preset,
 * or another keyless version's catalog, gets the full JSON instead).
 */
import { findPreset } from "../catalog/registry.ts";
import type { PresetParams } from "../catalog/types.ts";
import { INLINE_POLICY_MAX_CHARS } from "../config/patterns.ts";
import { canonicalJson } from "../engine/canonical-json.ts";
import type { PresetUse } from "../engine/plan-types.ts";
import { prettyPolicy } from "./policy-diff.ts";
import { type Colors, quote, safe } from "./style.ts";

export interface PresetView {
  preset: string;
  params: PresetUse["params"];
  /** The statements after the preset's own: the file's extraStatements. */
  extraStatements: unknown[];
}

/** The preset view of `policy`, or undefined when `use` does not render into its first statements. */
export function recognisePreset(policy: string, use: PresetUse | undefined): PresetView | undefined {
  if (!use || policy === "") return undefined;
  try {
    const preset = findPreset(use.preset);
    if (!preset) return undefined;
    const rendered = preset.render(use.params as PresetParams).inlinePolicy;
    const doc = JSON.parse(policy) as { Version?: unknown; Statement?: unknown };
    if (doc.Version !== rendered.Version || !Array.isArray(doc.Statement)) return undefined;
    const own = rendered.Statement;
    if (doc.Statement.length < own.length) return undefined;
    const same = own.every((s, i) => canonical(s) === canonical((doc.Statement as unknown[])[i]));
    if (!same || Object.keys(doc).some((k) => k !== "Version" && k !== "Statement")) return undefined;
    return { preset: preset.name, params: use.params, extraStatements: doc.Statement.slice(own.length) };
  } catch {
    // A damaged policy or parameters of the wrong type: show the JSON.
    return undefined;
  }
}

/** Characters as AWS's inline policy quota counts them (code points, whitespace excluded). */
export function policyCharacters(policy: string): number {
  return [...policy.replace(/\s/g, "")].length;
}

const NESTED = "    ";

/** The lines that stand for the inline policy of a new preset-based permission set. */
export function presetLines(view: PresetView, policy: string, c: Colors): string[] {
  const size = `${policyCharacters(policy).toLocaleString("en-US")} of ${INLINE_POLICY_MAX_CHARS.toLocaleString("en-US")} characters`;
  const lines = [`inlinePolicy: preset ${safe(view.preset)}, ${size} (--full shows the policy)`];
  const params = Object.entries(view.params).map(([k, v]) => `${safe(k)}=${formatParam(v)}`);
  lines.push(
    `${NESTED}parameters: ${params.length > 0 ? params.join(", ") : "none (the preset's defaults)"}`,
  );
  if (view.extraStatements.length > 0) {
    lines.push(`${NESTED}extraStatements:`);
    for (const line of prettyPolicy(JSON.stringify(view.extraStatements)).split("\n")) {
      lines.push(NESTED + NESTED + c.green(safe(line)));
    }
  }
  return lines;
}

function formatParam(value: string | string[]): string {
  return Array.isArray(value) ? `[${value.map(quote).join(", ")}]` : quote(value);
}

function canonical(value: unknown): string {
  return canonicalJson(value, { sortArrays: false });
}
