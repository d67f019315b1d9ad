/**
 * The pure half of `keyless suggest`: from the parsed files of a module to the permission sets it
 * needs. Every resource and data source is looked up in the resource-domain table; types several
 * presets cover go to a preset that is needed anyway, or else to the one that covers the most of
 * them (the table's preference breaks ties), so the suggestion stays as small as the table allows.
 */
import {
  type ResourceDomain,
  resourceDomain,
  TERRAFORM_DOMAINS,
  type TerraformDomain,
  type Uncovered,
} from "../catalog/resource-domains.ts";
import type { TerraformModule } from "../local/terraform/hcl-module.ts";

export type Mode = "resource" | "data";

export interface Location {
  file: string;
  line: number;
  column: number;
  /** The block's name label: `resource "aws_vpc" "main"` → `main`. */
  name: string;
}

export interface TypeUse {
  type: string;
  mode: Mode;
  locations: Location[];
}

export interface CoveredTypeUse extends TypeUse {
  /** Other presets that would cover this type too. */
  alsoCoveredBy: TerraformDomain[];
}

export interface PermissionSetNeed {
  name: TerraformDomain;
  /** `write` when the module manages resources of the domain; `read` when it only reads data sources. */
  access: "write" | "read";
  types: CoveredTypeUse[];
}

export interface UncoveredTypeUse extends TypeUse {
  /** `unknown`: not in keyless's table; otherwise the table's reason. */
  reason: "unknown" | Uncovered["reason"];
  note: string;
}

export interface SuggestReport {
  /** Directory as shown to the user. */
  directory: string;
  files: string[];
  /** terraform-core first, then the domain presets in catalog order. */
  permissionSets: PermissionSetNeed[];
  uncovered: UncoveredTypeUse[];
  /** Types of other providers (random, null, tls, ...): they need no AWS permission. */
  otherProviders: (TypeUse & { provider: string })[];
  /** Every local module call; `dir` is where its source points (several calls may share one). */
  localModules: {
    name: string;
    source: string;
    dir: string;
    file: string;
    line: number;
    column: number;
    found: boolean;
  }[];
  remoteModules: { name: string; source: string; file: string; line: number; column: number }[];
  parseErrors: { file: string; line: number; column: number; message: string }[];
  /** False when a file did not parse or a local module was not found: the suggestion may be incomplete. */
  complete: boolean;
}

const AWS_TYPE = /^aws(cc)?_/;

/**
 * `show` turns absolute paths into what the user sees (relative to the working directory);
 * `lookup` is the resource-domain table (replaceable in tests).
 */
export function analyseModule(
  mod: TerraformModule,
  show: (path: string) => string,
  lookup: (type: string) => ResourceDomain | undefined = resourceDomain,
): SuggestReport {
  const uses = collectUses(mod, show);
  const covered: { use: TypeUse; domains: readonly TerraformDomain[] }[] = [];
  const uncovered: UncoveredTypeUse[] = [];
  const otherProviders: SuggestReport["otherProviders"] = [];
  for (const use of uses) {
    if (!AWS_TYPE.test(use.type)) {
      otherProviders.push({ ...use, provider: use.type.split("_")[0]! });
      continue;
    }
    const entry = lookup(use.type);
    if (entry && entry.domains.length > 0) covered.push({ use, domains: entry.domains });
    else if (entry?.uncovered)
      uncovered.push({ ...use, reason: entry.uncovered.reason, note: entry.uncovered.note });
    else uncovered.push({ ...use, reason: "unknown", note: unknownNote(use.type) });
  }

  const assigned = assignDomains(covered);
  const permissionSets = TERRAFORM_DOMAINS.flatMap((name): PermissionSetNeed[] => {
    const types = covered
      .filter((c) => assigned.get(c.use) === name)
      .map((c) => ({ ...c.use, alsoCoveredBy: c.domains.filter((d) => d !== name) }));
    if (name === "terraform-core") return [{ name, access: "write", types }];
    if (types.length === 0) return [];
    return [{ name, access: types.some((t) => t.mode === "resource") ? "write" : "read", types }];
  });

  const parseErrors = mod.files.flatMap((f) => f.errors.map((e) => ({ file: show(f.file), ...e })));
  const localModules = mod.localModules.map((m) => ({ ...m, dir: show(m.dir), file: show(m.file) }));
  return {
    directory: show(mod.root),
    files: mod.files.map((f) => show(f.file)),
    permissionSets,
    uncovered,
    otherProviders,
    localModules,
    remoteModules: mod.remoteModules.map((m) => ({ ...m, file: show(m.file) })),
    parseErrors,
    complete: parseErrors.length === 0 && localModules.every((m) => m.found),
  };
}

/** One entry per (mode, type), locations in file order; sorted resources first, then by type. */
function collectUses(mod: TerraformModule, show: (path: string) => string): TypeUse[] {
  const byKey = new Map<string, TypeUse>();
  for (const file of mod.files) {
    for (const block of file.blocks) {
      const mode: Mode | undefined =
        block.type === "resource"
          ? "resource"
          : block.type === "data" || block.type === "ephemeral"
            ? "data"
            : undefined;
      const type = block.labels[0];
      if (!mode || !type) continue;
      const key = `${mode} ${type}`;
      const use = byKey.get(key) ?? { type, mode, locations: [] };
      use.locations.push({
        file: show(file.file),
        line: block.line,
        column: block.column,
        name: block.labels[1] ?? "",
      });
      byKey.set(key, use);
    }
  }
  return [...byKey.values()].sort((a, b) =>
    a.mode === b.mode ? a.type.localeCompare(b.type) : a.mode === "resource" ? -1 : 1,
  );
}

/**
 * Chooses one preset per covered type. Managed resources decide first (they need write access);
 * data sources then join a preset already chosen when they can.
 */
function assignDomains(
  covered: { use: TypeUse; domains: readonly TerraformDomain[] }[],
): Map<TypeUse, TerraformDomain> {
  const assigned = new Map<TypeUse, TerraformDomain>();
  const chosen = new Set<TerraformDomain>(["terraform-core"]);
  for (const mode of ["resource", "data"] as const) {
    const pending = covered.filter((c) => c.use.mode === mode);
    for (const c of pending) if (c.domains.length === 1) chosen.add(c.domains[0]!);
    let open = pending.filter((c) => c.domains.length > 1 && !c.domains.some((d) => chosen.has(d)));
    while (open.length > 0) {
      // The preset covering the most open types; ties go to the first type's preference order.
      const first = open[0]!;
      let best = first.domains[0]!;
      let bestCount = 0;
      for (const d of first.domains) {
        const count = open.filter((c) => c.domains.includes(d)).length;
        if (count > bestCount) [best, bestCount] = [d, count];
      }
      chosen.add(best);
      open = open.filter((c) => !c.domains.includes(best));
    }
    for (const c of pending) assigned.set(c.use, c.domains.find((d) => chosen.has(d))!);
  }
  return assigned;
}

function unknownNote(type: string): string {
  if (type.startsWith("awscc_")) return "AWS Cloud Control provider type: not in keyless's table";
  return "not in keyless's table: check which AWS service it calls and add a statement to a permission set";
}
