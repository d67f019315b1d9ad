/** The keyless.yaml loader: the only way config enters keyless. */

export { configJsonSchema } from "./json-schema.ts";
export { type LoadedConfig, loadConfig, parseConfig } from "./load.ts";
export type { ReadFile } from "./policy.ts";
export { configSchema } from "./schema.ts";
