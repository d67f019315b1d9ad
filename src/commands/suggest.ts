/**
 * `keyless suggest DIR`: which permission sets a Terraform module needs, from its resource and data
 * source types, and which types no preset covers. Reads files only; never calls AWS.
 * Exit 0 when every file parsed and every local module was found, 1 when the answer may be
 * incomplete (still printed), 64 when DIR is missing or holds no Terraform files.
 */
import { isAbsolute, relative, resolve } from "node:path";
import type { CliIO } from "../cli/io.ts";
import { EXIT, KeylessError } from "../errors/keyless-error.ts";
import {
  readTerraformModule,
  TerraformDirError,
  type TerraformModule,
} from "../local/terraform/hcl-module.ts";
import { analyseModule } from "./suggest-analysis.ts";
import { renderSuggest } from "./suggest-render.ts";

export interface SuggestOptions {
  dir: string;
  json?: boolean;
}

export async function runSuggest(opts: SuggestOptions, io: CliIO): Promise<number> {
  let mod: TerraformModule;
  try {
    mod = await readTerraformModule(resolve(io.cwd, opts.dir));
  } catch (err) {
    if (!(err instanceof TerraformDirError)) throw err;
    throw new KeylessError("USAGE", err.message.replace(resolve(io.cwd, opts.dir), opts.dir), {
      hint: "Give the directory of a Terraform module (the one you run `terraform plan` in).",
    });
  }
  const report = analyseModule(mod, (path) => shownPath(io.cwd, path));
  io.out(opts.json ? `${JSON.stringify(report, null, 2)}\n` : renderSuggest(report));
  return report.complete ? EXIT.OK : EXIT.ERROR;
}

/** Paths below the working directory are shown relative to it (clickable in terminals and editors). */
function shownPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  if (rel === "") return ".";
  return rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}
