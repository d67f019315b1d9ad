/**
 * Loads tree-sitter (WebAssembly) and the HCL / Terraform grammars once per process, on first use,
 * so commands that never read Terraform files pay nothing. The grammar files are located through the
 * grammar package's own package.json, never through a hard-coded node_modules path, so this works
 * from src/ (tsx), from dist/ and from a hoisted or nested install alike.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Language, Parser } from "web-tree-sitter";

/** `terraform` for `.tf` files, `hcl` for generic HCL (`.hcl`, `.tfbackend`, `.tfvars`). */
export type HclDialect = "terraform" | "hcl";

let loading: Promise<Record<HclDialect, Parser>> | undefined;

async function load(): Promise<Record<HclDialect, Parser>> {
  const require = createRequire(import.meta.url);
  const grammarDir = dirname(require.resolve("@tree-sitter-grammars/tree-sitter-hcl/package.json"));
  await Parser.init();
  const [terraform, hcl] = await Promise.all([
    Language.load(join(grammarDir, "tree-sitter-terraform.wasm")),
    Language.load(join(grammarDir, "tree-sitter-hcl.wasm")),
  ]);
  return { terraform: new Parser().setLanguage(terraform), hcl: new Parser().setLanguage(hcl) };
}

/** The parser for a dialect; the first call loads the WebAssembly, later calls reuse it. */
export async function hclParser(dialect: HclDialect): Promise<Parser> {
  loading ??= load().catch((err: unknown) => {
    loading = undefined; // let a later call retry instead of caching the failure
    throw err;
  });
  return (await loading)[dialect];
}
