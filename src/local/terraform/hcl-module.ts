/**
 * Reads a Terraform module the way Terraform loads one: every `.tf` and `.tf.json` file directly in
 * the directory (not `.terraform/`, not other subdirectories), plus, recursively, the modules it
 * calls through a local `source` (`./...` or `../...`). Remote modules (registry, git, http) are
 * listed, not fetched. Unreadable files and unparseable files come back with their errors.
 */
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseHcl } from "./hcl.ts";
import type { HclParseResult } from "./hcl-types.ts";

export interface ModuleCall {
  /** The module block's label: `module "vpc"` → `vpc`. */
  name: string;
  /** The `source` as written (its expression text when it is not a literal string). */
  source: string;
  /** The file (absolute path) and position of the module block. */
  file: string;
  line: number;
  column: number;
}

export interface LocalModuleCall extends ModuleCall {
  /** Absolute directory the source points to. */
  dir: string;
  /** False when that directory does not exist or has no Terraform files. */
  found: boolean;
}

export interface TerraformModule {
  /** The directory given (absolute). */
  root: string;
  /** Every file read, root module first, each module's files in name order; `file` is absolute. */
  files: HclParseResult[];
  localModules: LocalModuleCall[];
  /** Module calls with a non-local source: not inspected. */
  remoteModules: ModuleCall[];
}

/** Thrown when the directory itself cannot be used; the caller turns it into a usage error. */
export class TerraformDirError extends Error {}

/** True for the files Terraform itself loads from a module directory. */
export function isTerraformFileName(name: string): boolean {
  if (name.startsWith(".") || name.endsWith("~") || (name.startsWith("#") && name.endsWith("#")))
    return false;
  return name.endsWith(".tf") || name.endsWith(".tf.json");
}

/** The Terraform files directly in `dir`, sorted, as absolute paths. */
export async function listTerraformFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (!isTerraformFileName(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isFile() || (entry.isSymbolicLink() && (await stat(path).catch(() => undefined))?.isFile())) {
      files.push(path);
    }
  }
  return files.sort();
}

/** Reads and parses one file; an unreadable file is returned as a file with one error. */
export async function readTerraformFile(path: string): Promise<HclParseResult> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "unknown error";
    return {
      file: path,
      blocks: [],
      attributes: [],
      errors: [{ line: 1, column: 1, message: `cannot read the file (${code})` }],
    };
  }
  return parseHcl(text, path);
}

/** Reads the module in `dir` and every local module it calls; throws TerraformDirError for a bad `dir`. */
export async function readTerraformModule(dir: string): Promise<TerraformModule> {
  const root = resolve(dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new TerraformDirError(`${dir} is not a directory`);
  const rootFiles = await listTerraformFiles(root);
  if (rootFiles.length === 0) throw new TerraformDirError(`${dir} has no .tf or .tf.json files`);

  const result: TerraformModule = { root, files: [], localModules: [], remoteModules: [] };
  const seen = new Set<string>([await realpath(root)]);
  const queue: string[][] = [rootFiles];
  while (queue.length > 0) {
    for (const path of queue.shift()!) {
      const parsed = await readTerraformFile(path);
      result.files.push(parsed);
      for (const call of moduleCalls(parsed)) {
        if (!isLocalSource(call.source)) {
          result.remoteModules.push(call);
          continue;
        }
        const target = resolve(path, "..", call.source);
        const files = await listTerraformFiles(target).catch(() => []);
        result.localModules.push({ ...call, dir: target, found: files.length > 0 });
        const real = await realpath(target).catch(() => target);
        if (files.length > 0 && !seen.has(real)) {
          seen.add(real);
          queue.push(files);
        }
      }
    }
  }
  return result;
}

/** Terraform's rule: a local path source starts with `./` or `../` (any other form is fetched). */
export function isLocalSource(source: string): boolean {
  return /^\.\.?[\\/]/.test(source);
}

function moduleCalls(parsed: HclParseResult): ModuleCall[] {
  const calls: ModuleCall[] = [];
  for (const block of parsed.blocks) {
    if (block.type !== "module") continue;
    const source = block.attributes.find((a) => a.name === "source");
    if (!source) continue;
    calls.push({
      name: block.labels[0] ?? "",
      source: typeof source.value === "string" ? source.value : source.valueText,
      file: parsed.file,
      line: block.line,
      column: block.column,
    });
  }
  return calls;
}
