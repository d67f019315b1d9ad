/**
 * The catalog presets as import compares them: each rendered with the parameters of the file being
 * written (its `catalog` and `stateBackend` sections; none for a new file), in catalog order.
 */
import { configPresetParams } from "../catalog/config-params.ts";
import { PRESETS } from "../catalog/registry.ts";
import type { RenderedPresetPolicy } from "./permission-set.ts";

/** `doc`: the raw keyless.yaml document the presets' parameters come from (undefined: defaults). */
export function renderedPresets(doc?: unknown): RenderedPresetPolicy[] {
  const params = configPresetParams(doc ?? {});
  return PRESETS.map((p) => {
    const r = p.render(params);
    return {
      name: p.name,
      document: r.inlinePolicy as unknown as RenderedPresetPolicy["document"],
      managedPolicies: r.managedPolicies,
      customerManagedPolicies: r.customerManagedPolicies,
    };
  });
}
