/**
 * The eight presets in their documented order, and lookup by short name (`core`) or full name
 * (`terraform-core`), with "did you mean" for typos.
 */
import { didYouMean } from "../config/suggest.ts";
import { terraformCompute } from "./presets/terraform-compute.ts";
import { terraformCore } from "./presets/terraform-core.ts";
import { terraformDatabase } from "./presets/terraform-database.ts";
import { terraformIam } from "./presets/terraform-iam.ts";
import { terraformMonitoring } from "./presets/terraform-monitoring.ts";
import { terraformNetworking } from "./presets/terraform-networking.ts";
import { terraformServerless } from "./presets/terraform-serverless.ts";
import { terraformStorage } from "./presets/terraform-storage.ts";
import type { Preset } from "./types.ts";

export const PRESETS: readonly Preset[] = [
  terraformCore,
  terraformStorage,
  terraformCompute,
  terraformIam,
  terraformNetworking,
  terraformDatabase,
  terraformServerless,
  terraformMonitoring,
];

/** The preset called `name` (short or full name), or undefined. */
export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name || p.shortName === name);
}

/** Every accepted spelling: short names first (the ones keyless.yaml uses). */
export function presetNames(): string[] {
  return [...PRESETS.map((p) => p.shortName), ...PRESETS.map((p) => p.name)];
}

/** `unknown preset "x"; did you mean "core"?` or the list of presets when nothing is close. */
export function unknownPresetMessage(name: string): string {
  const hint = didYouMean(name, presetNames());
  const list = PRESETS.map((p) => p.shortName).join(", ");
  return hint
    ? `unknown preset "${name}"${hint}`
    : `unknown preset "${name}"; the presets are ${list} (or their full names, e.g. terraform-core)`;
}
