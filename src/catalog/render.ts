/** Assembles a preset's statements with the guardrails into the rendered result. */
import { POLICY_VERSION } from "./defaults.ts";
import { guardrailStatements } from "./guardrails.ts";
import type { PolicyStatement, PresetParams, RenderedPreset } from "./types.ts";

export function assemble(
  own: PolicyStatement[],
  params: PresetParams,
  notes: string[] = [],
  attached: Partial<Pick<RenderedPreset, "managedPolicies" | "customerManagedPolicies">> = {},
): RenderedPreset {
  return {
    inlinePolicy: { Version: POLICY_VERSION, Statement: [...own, ...guardrailStatements(params)] },
    managedPolicies: attached.managedPolicies ?? [],
    customerManagedPolicies: attached.customerManagedPolicies ?? [],
    notes,
  };
}

/** Non-whitespace characters of the compact JSON: what AWS counts against the 10,240 quota. */
export function policySize(doc: unknown): number {
  return [...JSON.stringify(doc).replace(/\s/g, "")].length;
}

/** Notes every preset shares about the parameters it was rendered with. */
export function commonNotes(params: PresetParams): string[] {
  const notes: string[] = [];
  if (params.allowedRegions?.length) {
    notes.push(`requests outside ${params.allowedRegions.join(", ")} are denied (global services excepted)`);
  }
  if (params.stateBucket === undefined) {
    notes.push(
      "no state bucket configured: the state guardrail protects keyless's bucket pattern keyless-tfstate-*",
    );
  }
  return notes;
}
