/**
 * `keyless import`: writes keyless.yaml from the live Identity Center instance, so that the next
 * `keyless plan` reports no changes (docs/import.md). It only reads AWS. Wrong flags and an unusable
 * target are refused before AWS is read; an existing file is refused without --merge.
 */
import { parseDocument } from "yaml";
import { resolveConfigPath } from "../app/config-path.ts";
import type { AwsClients } from "../aws/clients.ts";
import type { CliIO } from "../cli/io.ts";
import { type LoadedConfig, loadConfig } from "../config/load.ts";
import { REGION } from "../config/patterns.ts";
import { EXIT, KeylessError } from "../errors/keyless-error.ts";
import { snapshotToActual } from "../import/actual.ts";
import { buildContent } from "../import/content.ts";
import { type MergeResult, mergeInto, SECTION_ORDER } from "../import/merge.ts";
import { mergedText } from "../import/merge-text.ts";
import { renderedPresets } from "../import/presets.ts";
import { type ImportFilters, type Selection, selectForImport } from "../import/select.ts";
import type { ImportSnapshot } from "../import/snapshot.ts";
import { verifyImport } from "../import/verify.ts";
import { newDocumentText } from "../import/yaml.ts";
import { type ImportReport, renderImportJson, renderImportText } from "../render/import.ts";
import { writeFileAtomic, writeNewFileAtomic } from "../util/atomic-write.ts";
import { parseFilters } from "./import-filters.ts";
import { checkImportTarget } from "./import-target.ts";
import { progressReporter } from "./progress.ts";
import { parseRequestsPerSecond } from "./rate.ts";

export interface ImportOptions {
  config?: string;
  merge?: boolean;
  permissionSets?: string[];
  groups?: string[];
  users?: boolean;
  ouTargets?: boolean;
  region?: string;
  dryRun?: boolean;
  json?: boolean;
  requestsPerSecond?: string;
}

export async function runImport(opts: ImportOptions, io: CliIO): Promise<number> {
  const filters = parseFilters(opts);
  const requestsPerSecond = parseRequestsPerSecond(opts.requestsPerSecond);
  const path = resolveConfigPath(opts.config, io);
  const dryRun = Boolean(opts.dryRun);
  const target = await checkImportTarget(path, { merge: Boolean(opts.merge), dryRun });
  const existing = target.exists ? await loadConfig(path) : undefined;
  const region = regionFor(opts, existing, io);
  const progress = progressReporter(io, { quiet: Boolean(opts.json) });
  if (opts.merge && !target.exists) progress(`${path} does not exist yet: importing into a new file`);

  const { createAwsClients } = await import("../aws/clients.ts");
  const clients = await createAwsClients({ region, ...(requestsPerSecond ? { requestsPerSecond } : {}) });
  try {
    const snapshot = await readSnapshot(clients, existing, filters, progress);
    const { selection, snap } = snapshot;
    const { content, counts } = buildContent(snap, selection, {
      presets: renderedPresets(target.exists ? parseDocument(target.text).toJS() : undefined),
      ouTargets: opts.ouTargets !== false,
      ...(existing ? { existing: existingNames(existing) } : {}),
    });

    let text: string;
    let merged: MergeResult | undefined;
    if (target.exists && existing) {
      const doc = parseDocument(target.text);
      merged = mergeInto(doc, existing.desired, content);
      text = mergedText(target.text, doc, merged.additions, SECTION_ORDER);
    } else {
      text = newDocumentText(content, { lines: header(snap) });
    }

    const verification = verifyImport(text, path, snapshotToActual(snap));
    // A merge never turns a valid keyless.yaml into one that does not load.
    const write = !dryRun && (verification.valid || !merged);
    if (write) {
      progress(`Writing ${path}`);
      await writeOutput(path, text, Boolean(merged));
    }
    const report: ImportReport = {
      path,
      written: write,
      dryRun,
      merged: Boolean(merged),
      instanceArn: snap.instanceArn,
      counts,
      ...(merged ? { added: merged.added } : {}),
      conflicts: merged ? [...merged.conflicts, ...(verification.valid ? verification.differences : [])] : [],
      warnings: [
        ...content.warnings,
        ...(snap.organization ? [] : [organizationNote(snapshot.orgReason)]),
        ...(verification.valid ? verification.loaded.warnings : []),
      ],
      problems: verification.valid ? verification.problems : [],
      errors: verification.valid ? [] : verification.errors,
      differences: !merged && verification.valid ? verification.differences : [],
      ...(dryRun ? { document: text } : {}),
    };
    if (opts.json) io.out(renderImportJson(report));
    else {
      if (dryRun) io.out(text);
      renderImportText(report, io);
    }
    return verification.valid ? EXIT.OK : EXIT.ERROR;
  } finally {
    clients.destroy();
  }
}

function regionFor(opts: ImportOptions, existing: LoadedConfig | undefined, io: CliIO): string {
  const region =
    opts.region ??
    existing?.desired.identityCenter.region ??
    io.env.AWS_REGION ??
    io.env.AWS_DEFAULT_REGION ??
    "eu-central-1";
  if (!REGION.test(region))
    throw new KeylessError("USAGE", `"${region}" is not an AWS region name`, {
      hint: "Give the region IAM Identity Center is enabled in, e.g. --region eu-central-1",
    });
  if (opts.region && existing && opts.region !== existing.desired.identityCenter.region)
    throw new KeylessError(
      "USAGE",
      `--region ${opts.region} differs from identityCenter.region ${existing.desired.identityCenter.region} in ${existing.path}`,
      { hint: "Leave --region out when merging: the file says where the instance is." },
    );
  return region;
}

interface Snapshot {
  snap: ImportSnapshot;
  selection: Selection;
  /** Why the organization could not be read, when it could not. */
  orgReason?: string;
}

async function readSnapshot(
  clients: AwsClients,
  existing: LoadedConfig | undefined,
  filters: ImportFilters,
  progress: (m: string) => void,
): Promise<Snapshot> {
  const { discoverInstance } = await import("../aws/instance.ts");
  const { readDetails, readInventory } = await import("../aws/read-import.ts");
  const { readOrganizationTree } = await import("../aws/read-import-org.ts");
  const inst = await discoverInstance(clients, existing?.desired.identityCenter ?? {});
  progress(`Importing IAM Identity Center ${inst.instanceArn} (identity store ${inst.identityStoreId})`);
  const [inventory, org] = await Promise.all([
    readInventory(clients, inst, { onProgress: progress }),
    readOrganizationTree(clients),
  ]);
  const base: ImportSnapshot = {
    region: clients.region,
    ...inst,
    ...inventory,
    ...(org.ok ? { organization: org.organization } : {}),
  };
  const selection = selectForImport(base, filters);
  if (selection.unmatched.length > 0) throw unmatchedError(base, selection);

  // The file being merged into is compared too: its permission sets and managed groups are read.
  const fileSets = new Set(existing?.desired.permissionSets.map((p) => p.name));
  const fileGroups = new Set(existing?.desired.groups.filter((g) => !g.external).map((g) => g.name));
  const sets = base.permissionSets.filter(
    (p) => selection.permissionSetArns.has(p.arn) || fileSets.has(p.name),
  );
  const groupIds = base.groups
    .filter((g) => (selection.groupIds.has(g.groupId) && !g.external) || fileGroups.has(g.name))
    .map((g) => g.groupId);
  const details = await readDetails(
    clients,
    inst,
    { permissionSets: sets, groupIds },
    { onProgress: progress },
  );
  const snap: ImportSnapshot = {
    ...base,
    permissionSets: base.permissionSets.map((p) => {
      const spec = details.specs.get(p.arn);
      return spec ? { ...p, spec } : p;
    }),
    groups: base.groups.map((g) => {
      const members = details.members.get(g.groupId);
      return members ? { ...g, memberUserIds: members } : g;
    }),
  };
  return { snap, selection, ...(org.ok ? {} : { orgReason: org.reason }) };
}

function unmatchedError(snap: ImportSnapshot, selection: Selection): KeylessError {
  const lines = selection.unmatched.map(({ flag, pattern }) => {
    const names =
      flag === "--groups" ? snap.groups.map((g) => g.name) : snap.permissionSets.map((p) => p.name);
    const shown = names.slice(0, 20).join(", ");
    return `${flag} ${JSON.stringify(pattern)} matches none of the ${names.length} ${
      flag === "--groups" ? "groups" : "permission sets"
    }${names.length > 0 ? `: ${shown}${names.length > 20 ? ", ..." : ""}` : ""}`;
  });
  return new KeylessError(
    "USAGE",
    `${lines.length === 1 ? lines[0] : "patterns match nothing"}; nothing was written`,
    {
      ...(lines.length > 1 ? { details: lines } : {}),
      hint: "Patterns match whole names; * matches any run of characters (e.g. --groups 'platform-*').",
    },
  );
}

function existingNames(existing: LoadedConfig) {
  const firstName = (rec: Record<string, string>) => {
    const out = new Map<string, string>();
    for (const [name, id] of Object.entries(rec)) if (!out.has(id)) out.set(id, name);
    return out;
  };
  return {
    accountNames: firstName(existing.desired.accounts),
    ouNames: firstName(existing.desired.organizationalUnits),
    takenAccountNames: new Set(Object.keys(existing.desired.accounts)),
    takenOuNames: new Set(Object.keys(existing.desired.organizationalUnits)),
  };
}

function header(snap: ImportSnapshot): string[] {
  return [
    `keyless.yaml written by \`keyless import\` from IAM Identity Center ${snap.instanceArn}`,
    "(identity store " +
      snap.identityStoreId +
      "). `keyless plan` reports no changes for it; review it, then",
    "commit it. Reference: docs/config.md. Nothing is deleted unless you set up prune (docs/config.md#prune).",
  ];
}

function organizationNote(reason: string | undefined): string {
  return `AWS Organizations could not be read (${reason ?? "unknown reason"}): accounts are named by id and no OU targets were written`;
}

async function writeOutput(path: string, text: string, replace: boolean): Promise<void> {
  try {
    if (replace) await writeFileAtomic(path, text);
    else await writeNewFileAtomic(path, text);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST")
      throw new KeylessError("OUTPUT_EXISTS", `${path} was created while import ran; it was left alone`, {
        hint: "Run import again with --merge, or with -c OTHER.yaml.",
      });
    throw new KeylessError("OUTPUT_NOT_WRITABLE", `cannot write ${path}: ${code ?? (err as Error).message}`, {
      hint: "Give another path with -c FILE, or use --dry-run to print the file instead.",
      cause: err,
    });
  }
}
