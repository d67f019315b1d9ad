/**
 * A permission set's `preset:` in keyless.yaml: render the preset with the file's parameters, append
 * `extraStatements`, and run the result through the same checks and normalisation as a hand-written
 * inline policy (shape, size, lint), so plan and apply treat both alike. Problems inside an extra
 * statement point at that statement in the YAML; problems in the rendered part point at `preset`.
 */
import type { Issue } from "../config/issues.ts";
import { loadInlinePolicy, type ReadFile } from "../config/policy.ts";
import type { Path } from "../config/yaml-source.ts";
import { acceptedReachOf } from "./accepted-reach.ts";
import { findPreset, unknownPresetMessage } from "./registry.ts";
import type { CustomerPolicyRef, PresetParams } from "./types.ts";

export interface PresetAttachments {
  managedPolicies: string[];
  customerManagedPolicies: CustomerPolicyRef[];
}

export interface PresetPolicyResult {
  /** Compact JSON of the rendered policy plus extra statements; undefined when there were problems. */
  json?: string;
  attachments?: PresetAttachments;
  issues: Issue[];
  warnings: Issue[];
}

type Raw = Record<string, unknown>;

/** `ps` is the raw permission set mapping, `path` its key path (["permissionSets", name]). */
export function loadPresetPolicy(
  ps: Raw,
  path: Path,
  params: PresetParams,
  dir: string,
  readFile: ReadFile,
): PresetPolicyResult {
  const name = ps.preset;
  // The schema reports a wrong type or an empty name; one problem per mistake.
  if (typeof name !== "string" || name === "") return { issues: [], warnings: [] };
  const preset = findPreset(name);
  if (!preset) {
    return { issues: [{ path: [...path, "preset"], message: unknownPresetMessage(name) }], warnings: [] };
  }
  const scope = typeof ps.stateScope === "string" && ps.stateScope !== "" ? ps.stateScope : undefined;
  const rendered = preset.render(scope === undefined ? params : { ...params, stateScope: scope });
  const own = rendered.inlinePolicy.Statement;
  const extra = Array.isArray(ps.extraStatements) ? (ps.extraStatements as unknown[]) : [];
  const doc = { ...rendered.inlinePolicy, Statement: [...own, ...extra] };
  // The preset's accepted reach findings are documented (accepted-reach.ts): not repeated as
  // warnings; the same grant in an extra statement is reported (its Sid differs).
  const result = loadInlinePolicy(doc, [...path, "preset"], dir, readFile, acceptedReachOf(preset.name));
  const relocate = (issue: Issue): Issue => ({ ...issue, path: locate(issue.path, path, own.length) });
  return {
    ...(result.json !== undefined && {
      json: result.json,
      attachments: {
        managedPolicies: rendered.managedPolicies,
        customerManagedPolicies: rendered.customerManagedPolicies,
      },
    }),
    issues: result.issues.map(relocate),
    warnings: result.warnings.map(relocate),
  };
}

/** `…preset.Statement[n + i].rest` → `…extraStatements[i].rest` for statements the user wrote. */
function locate(issuePath: Path, psPath: Path, renderedCount: number): Path {
  const base = psPath.length;
  const index = issuePath[base + 2];
  if (issuePath[base + 1] === "Statement" && typeof index === "number" && index >= renderedCount) {
    return [...psPath, "extraStatements", index - renderedCount, ...issuePath.slice(base + 3)];
  }
  return issuePath;
}
