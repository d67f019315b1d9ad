/**
 * What doctor needs from the Terraform directory: the S3 backend block (bucket, region, profile, lock
 * settings) and the AWS provider's profile. Only the files Terraform itself loads from the directory
 * are read (`*.tf`, `*.tf.json`, no subdirectories). A directory that cannot be listed is a fact,
 * not an exception: the backend check reports it.
 */
import { relative } from "node:path";
import { listTerraformFiles, readTerraformFile } from "../../local/terraform/hcl-module.ts";
import type { HclAttribute, HclBlock, HclParseResult } from "../../local/terraform/hcl-types.ts";
import type { BackendBlock, TerraformDirFacts, TfValue } from "./facts-types.ts";

export async function readTerraformDir(dir: string): Promise<TerraformDirFacts> {
  let paths: string[];
  try {
    paths = await listTerraformFiles(dir);
  } catch (err) {
    return { kind: "unreadable", problem: fsProblem(err) };
  }
  const facts: Extract<TerraformDirFacts, { kind: "read" }> = { kind: "read", files: [], problems: [] };
  for (const path of paths) {
    const parsed = await readTerraformFile(path);
    const name = relative(dir, path) || path;
    facts.files.push(name);
    for (const e of parsed.errors) facts.problems.push(`${name}:${e.line}: ${e.message}`);
    facts.backend ??= backendOf(parsed, name);
    facts.providerProfile ??= providerProfileOf(parsed, name);
  }
  return facts;
}

/** "permission denied", "no such directory", "not a directory", or the error code. */
export function fsProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOENT") return "no such directory";
  if (code === "ENOTDIR") return "not a directory";
  return code ?? (err instanceof Error ? err.message : String(err));
}

function attr(block: HclBlock, name: string): HclAttribute | undefined {
  return block.attributes.find((a) => a.name === name);
}

function literal<T extends string | boolean>(
  block: HclBlock,
  name: string,
  type: "string" | "boolean",
  file: string,
  notLiteral: string[],
): TfValue<T> | undefined {
  const a = attr(block, name);
  if (!a) return undefined;
  if (typeof a.value !== type) {
    notLiteral.push(name);
    return undefined;
  }
  return { value: a.value as T, at: `${file}:${a.line}` };
}

function backendOf(parsed: HclParseResult, file: string): BackendBlock | undefined {
  for (const tf of parsed.blocks.filter((b) => b.type === "terraform")) {
    const b = tf.blocks.find((x) => x.type === "backend");
    if (!b) continue;
    const notLiteral: string[] = [];
    const out: BackendBlock = { type: b.labels[0] ?? "", at: `${file}:${b.line}`, notLiteral };
    const set = <K extends keyof BackendBlock>(k: K, v: BackendBlock[K] | undefined) => {
      if (v !== undefined) out[k] = v;
    };
    set("bucket", literal<string>(b, "bucket", "string", file, notLiteral));
    set("key", literal<string>(b, "key", "string", file, notLiteral));
    set("region", literal<string>(b, "region", "string", file, notLiteral));
    set("profile", literal<string>(b, "profile", "string", file, notLiteral));
    set("dynamodbTable", literal<string>(b, "dynamodb_table", "string", file, notLiteral));
    set("useLockfile", literal<boolean>(b, "use_lockfile", "boolean", file, notLiteral));
    return out;
  }
  return undefined;
}

/** The default (un-aliased) `provider "aws"` block's literal profile. */
function providerProfileOf(parsed: HclParseResult, file: string): TfValue<string> | undefined {
  for (const p of parsed.blocks) {
    if (p.type !== "provider" || p.labels[0] !== "aws" || attr(p, "alias")) continue;
    const v = literal<string>(p, "profile", "string", file, []);
    if (v) return v;
  }
  return undefined;
}
