/** Human text for `keyless suggest`: the needed permission sets first, then the evidence per set. */
import type { Location, SuggestReport, TypeUse } from "./suggest-analysis.ts";

/** Locations shown per type before "and N more" (the JSON output lists all). */
const MAX_LOCATIONS = 3;

export function renderSuggest(report: SuggestReport): string {
  const lines: string[] = [];
  const moduleCount = new Set(report.localModules.filter((m) => m.found).map((m) => m.dir)).size;
  lines.push(
    `${report.directory}: ${plural(report.files.length, "file")}` +
      (moduleCount > 0 ? ` (including ${plural(moduleCount, "local module")})` : ""),
    "",
    "Permission sets this module needs:",
  );
  const width = Math.max(...report.permissionSets.map((p) => p.name.length));
  for (const set of report.permissionSets) {
    lines.push(`  ${set.name.padEnd(width)}  ${summary(set.name, set.access, set.types)}`);
  }

  const typeWidth = Math.max(0, ...allUses(report).map((u) => label(u).length));
  for (const set of report.permissionSets) {
    if (set.types.length === 0) continue;
    lines.push("", `${set.name}${set.access === "read" ? " (read only)" : ""}:`);
    for (const use of set.types) {
      const also = use.alsoCoveredBy.length > 0 ? `  (also covered by ${use.alsoCoveredBy.join(", ")})` : "";
      lines.push(`  ${label(use).padEnd(typeWidth)}  ${where(use.locations)}${also}`);
    }
  }

  if (report.uncovered.length > 0) {
    lines.push("", "Not covered by any preset (add statements to a permission set, or remove them):");
    for (const use of report.uncovered) {
      const why = use.reason === "denied" ? `denied: ${use.note}` : use.note;
      lines.push(`  ${label(use).padEnd(typeWidth)}  ${where(use.locations)}`, `    ${why}`);
    }
  }
  if (report.otherProviders.length > 0) {
    lines.push("", "Other providers (no AWS permission needed):");
    for (const use of report.otherProviders)
      lines.push(`  ${label(use).padEnd(typeWidth)}  ${where(use.locations)}`);
  }
  if (report.remoteModules.length > 0) {
    lines.push("", "Remote modules (not inspected; run suggest on their source to see what they need):");
    for (const m of report.remoteModules)
      lines.push(`  module "${m.name}" (${m.source})  ${m.file}:${m.line}`);
  }
  const missing = report.localModules.filter((m) => !m.found);
  if (missing.length > 0) {
    lines.push("", "Local modules not found:");
    for (const m of missing) {
      lines.push(`  ${m.file}:${m.line}:${m.column}: module "${m.name}": no Terraform files at ${m.source}`);
    }
  }
  if (report.parseErrors.length > 0) {
    lines.push("", "Files that failed to parse (what they declare may be missing above):");
    for (const e of report.parseErrors) lines.push(`  ${e.file}:${e.line}:${e.column}: ${e.message}`);
  }
  return `${lines.join("\n")}\n`;
}

function summary(name: string, access: "write" | "read", types: TypeUse[]): string {
  if (name === "terraform-core") return "always: state, locking, read-only planning";
  const resources = types.filter((t) => t.mode === "resource").length;
  const data = types.length - resources;
  const parts = [
    resources > 0 ? plural(resources, "resource type") : "",
    data > 0 ? plural(data, "data source") : "",
  ];
  const counted = parts.filter(Boolean).join(", ");
  return access === "read" ? `read only: ${counted}` : counted;
}

function label(use: TypeUse): string {
  return use.mode === "data" ? `data.${use.type}` : use.type;
}

function where(locations: Location[]): string {
  const shown = locations.slice(0, MAX_LOCATIONS).map((l) => `${l.file}:${l.line}`);
  const more = locations.length - shown.length;
  return more > 0 ? `${shown.join(", ")} and ${more} more` : shown.join(", ");
}

function allUses(report: SuggestReport): TypeUse[] {
  return [...report.permissionSets.flatMap((p) => p.types), ...report.uncovered, ...report.otherProviders];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
