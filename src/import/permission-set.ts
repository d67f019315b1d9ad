/**
 * One permission set as keyless.yaml writes it. An inline policy that renders identically from a
 * catalog preset (with the parameters of the file: its `catalog` and `stateBackend` sections) is
 * written as `preset:`, one that starts with a preset's statements and adds more as `preset:` plus
 * `extraStatements:`, any other one as an inline YAML mapping (`inlinePolicy:`), in the key order AWS
 * returned it. The ownership tag is left out: keyless adds it itself and refuses it in the file.
 */
import { MANAGED_BY_TAG } from "../config/patterns.ts";
import type { PermissionSetSpec } from "../engine/model.ts";
import { policiesEqual } from "../engine/policy-compare.ts";

/** A preset as import needs it: its name and what it renders to with the file's parameters. */
export interface RenderedPresetPolicy {
  name: string;
  /** The rendered policy document (Version, Statement, ...). */
  document: { Statement: unknown[] } & Record<string, unknown>;
  managedPolicies: string[];
  customerManagedPolicies: { name: string; path: string }[];
}

export type PolicyForm =
  | { kind: "none" }
  | { kind: "preset"; preset: string; extraStatements: unknown[] }
  | { kind: "inline"; document: Record<string, unknown> }
  /** Not JSON: cannot be written (AWS validates JSON, so this should not happen). */
  | { kind: "unreadable" };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

function attachesWithin(preset: RenderedPresetPolicy, spec: PermissionSetSpec): boolean {
  const managed = new Set(spec.managedPolicies);
  const customer = new Set(spec.customerManagedPolicies.map((c) => `${c.path}${c.name}`));
  return (
    preset.managedPolicies.every((p) => managed.has(p)) &&
    preset.customerManagedPolicies.every((c) => customer.has(`${c.path}${c.name}`))
  );
}

/** How the inline policy of `spec` is best written; `presets` in preference order. */
export function policyForm(
  spec: PermissionSetSpec,
  presets: readonly RenderedPresetPolicy[],
): {
  form: PolicyForm;
  preset?: RenderedPresetPolicy;
} {
  if (spec.inlinePolicy === "") return { form: { kind: "none" } };
  let doc: unknown;
  try {
    doc = JSON.parse(spec.inlinePolicy);
  } catch {
    return { form: { kind: "unreadable" } };
  }
  if (!isRecord(doc)) return { form: { kind: "unreadable" } };
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  for (const preset of presets) {
    if (!attachesWithin(preset, spec)) continue;
    const own = preset.document.Statement;
    if (statements.length < own.length) continue;
    const extra = statements.slice(own.length);
    const candidate = { ...preset.document, Statement: [...own, ...extra] };
    // The same comparison plan uses, so a set written as a preset plans as unchanged.
    if (policiesEqual(JSON.stringify(candidate), spec.inlinePolicy)) {
      return { form: { kind: "preset", preset: preset.name, extraStatements: extra }, preset };
    }
  }
  return { form: { kind: "inline", document: doc } };
}

/** The permission set's mapping in keyless.yaml (keys in the documented order). */
export function permissionSetDocument(
  spec: PermissionSetSpec,
  presets: readonly RenderedPresetPolicy[],
): { value: Record<string, unknown>; form: PolicyForm } {
  const { form, preset } = policyForm(spec, presets);
  const out: Record<string, unknown> = {};
  if (spec.description !== "") out.description = spec.description;
  out.sessionDuration = spec.sessionDuration;
  if (spec.relayState !== "") out.relayState = spec.relayState;
  if (form.kind === "preset") {
    out.preset = form.preset;
    if (form.extraStatements.length > 0) out.extraStatements = form.extraStatements;
  } else if (form.kind === "inline") {
    out.inlinePolicy = form.document;
  }
  // Policies a preset attaches are merged by the loader; write only the set's own.
  const fromPreset = new Set(preset?.managedPolicies ?? []);
  const managed = spec.managedPolicies.filter((p) => !fromPreset.has(p));
  if (managed.length > 0) out.managedPolicies = managed;
  const presetCustomer = new Set((preset?.customerManagedPolicies ?? []).map((c) => `${c.path}${c.name}`));
  const customer = spec.customerManagedPolicies.filter((c) => !presetCustomer.has(`${c.path}${c.name}`));
  if (customer.length > 0)
    out.customerManagedPolicies = customer.map((c) =>
      c.path === "/" ? c.name : { name: c.name, path: c.path },
    );
  const b = spec.permissionsBoundary;
  if (b) {
    out.permissionsBoundary =
      b.kind === "managed"
        ? { managedPolicyArn: b.arn }
        : { customerManagedPolicy: b.path === "/" ? { name: b.name } : { name: b.name, path: b.path } };
  }
  const tags = Object.fromEntries(Object.entries(spec.tags).filter(([k]) => k !== MANAGED_BY_TAG.key));
  if (Object.keys(tags).length > 0) out.tags = tags;
  return { value: out, form };
}
