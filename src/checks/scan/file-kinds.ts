/** Which detectors read a file, by its name; and which files are read even when `.gitignore`d. */
import { isDotenvFile } from "./dotenv.ts";
import { terraformFileType } from "./terraform.ts";
import { isStateFile } from "./tfstate.ts";

/**
 * Files that exist to hold configuration and secrets locally: state files, env files, variable and
 * backend-config files. They are usually `.gitignore`d precisely because they hold secrets, and an
 * ignored file is still on the disk (and in CI caches and backups), so the scan reads them anyway.
 */
export function alwaysScanned(name: string): boolean {
  const tf = terraformFileType(name);
  return isStateFile(name) || isDotenvFile(name) || (tf !== undefined && tf !== "config");
}

/** Directories never entered: dependencies and tool caches that are not the project's own text. */
export function skippedDirectory(name: string, parentName: string): boolean {
  if (name === "node_modules" || name === ".git") return true;
  return parentName === ".terraform" && (name === "providers" || name === "modules");
}
