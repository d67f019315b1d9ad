import { isAbsolute, resolve } from "node:path";
import type { CliIO } from "../cli/io.ts";
import { type LoadedConfig, loadConfig } from "../config/load.ts";

export function resolveConfigPath(config: string | undefined, io: CliIO): string {
  const p = config ?? "keyless.yaml";
  return isAbsolute(p) ? p : resolve(io.cwd, p);
}

export async function loadDesired(config: string | undefined, io: CliIO): Promise<LoadedConfig> {
  return loadConfig(resolveConfigPath(config, io));
}
