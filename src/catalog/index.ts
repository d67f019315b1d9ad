/** The domain permission-set catalog: eight Terraform presets as data plus their renderers. */
export { configPresetParams } from "./config-params.ts";
export { DEFAULT_IAM_PATH, DEFAULT_PERMISSIONS_BOUNDARY, DEFAULT_STATE_BUCKET_PATTERN } from "./defaults.ts";
export { COMMON_DENIALS, GLOBAL_SERVICE_ACTIONS } from "./guardrails.ts";
export { findPreset, PRESETS, presetNames, unknownPresetMessage } from "./registry.ts";
export { policySize } from "./render.ts";
export type {
  CustomerPolicyRef,
  Denial,
  PolicyDocument,
  PolicyStatement,
  Preset,
  PresetParamName,
  PresetParams,
  RenderedPreset,
} from "./types.ts";
