/**
 * Checks an imported (or merged) keyless.yaml the way the next `keyless plan` will: load it with the
 * config loader (every check of `validate`) and plan it against the Actual the import read. A fresh
 * import should leave nothing; what is left after a merge are the file's own differences from AWS
 * (its conflicts), which the command reports.
 */
import { type LoadedConfig, parseConfig, type ReadFile } from "../config/index.ts";
import type { Actual } from "../engine/model.ts";
import { plan } from "../engine/plan.ts";
import type { Change } from "../engine/plan-types.ts";
import { KeylessError } from "../errors/keyless-error.ts";

export type Verification =
  | {
      valid: true;
      loaded: LoadedConfig;
      /** Changes and prune candidates the next plan would show (one line each). */
      differences: string[];
      /** Problems that would block apply. */
      problems: string[];
    }
  | { valid: false; errors: string[] };

function describe(c: Change): string {
  const sign = c.action === "create" ? "+" : c.action === "delete" ? "-" : "~";
  return `${sign} ${c.address}${c.reason ? ` (${c.reason})` : ""}`;
}

export function verifyImport(text: string, path: string, actual: Actual, readFile?: ReadFile): Verification {
  let loaded: LoadedConfig;
  try {
    loaded = readFile ? parseConfig(text, path, readFile) : parseConfig(text, path);
  } catch (err) {
    if (err instanceof KeylessError && err.code === "CONFIG_INVALID")
      return { valid: false, errors: err.details };
    throw err;
  }
  const p = plan(loaded.desired, actual, { prune: false });
  return {
    valid: true,
    loaded,
    differences: [...p.changes, ...p.pruneCandidates].map(describe),
    problems: p.problems,
  };
}
