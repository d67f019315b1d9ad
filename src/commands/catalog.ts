/**
 * `keyless catalog list`, `keyless catalog show NAME` and `keyless catalog boundary`: what each
 * preset grants and denies, the policy it renders with the parameters of keyless.yaml (or the
 * defaults when there is none), and the permissions boundary terraform-iam requires.
 */
import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { resolveConfigPath } from "../app/config-path.ts";
import { MANAGED_POLICY_MAX_CHARS, renderBoundary } from "../catalog/boundary.ts";
import { configPresetParams } from "../catalog/config-params.ts";
import { boundaryNameOf } from "../catalog/defaults.ts";
import { PARAMETER_DOCS } from "../catalog/parameters.ts";
import { findPreset, PRESETS, unknownPresetMessage } from "../catalog/registry.ts";
import { policySize } from "../catalog/render.ts";
import type { Preset, PresetParams } from "../catalog/types.ts";
import type { CliIO } from "../cli/io.ts";
import { loadConfig } from "../config/load.ts";
import { INLINE_POLICY_MAX_CHARS } from "../config/patterns.ts";
import { EXIT, KeylessError } from "../errors/keyless-error.ts";

export interface CatalogListOptions {
  json?: boolean;
}

export interface CatalogShowOptions {
  json?: boolean;
  config?: string;
}

export interface CatalogBoundaryOptions {
  config?: string;
}

/**
 * Prints the boundary policy as JSON on stdout (nothing else, so it can be redirected to a file) and
 * what to do with it on stderr. Refuses a policy over the managed-policy quota: IAM would reject it.
 */
export async function runCatalogBoundary(opts: CatalogBoundaryOptions, io: CliIO): Promise<number> {
  const source = await loadParams(opts.config, io);
  const policy = renderBoundary(source.params);
  const size = policySize(policy);
  const name = boundaryNameOf(source.params);
  if (size > MANAGED_POLICY_MAX_CHARS) {
    throw new KeylessError(
      "CONFIG_INVALID",
      `the permissions boundary ${name} rendered from ${source.file ?? "the defaults"} has ${size.toLocaleString("en-US")} characters; IAM allows ${MANAGED_POLICY_MAX_CHARS.toLocaleString("en-US")} in a managed policy`,
      {
        hint: "Shorten catalog.iamPath, the state bucket or lock table names, or list fewer catalog.auditLogs entries and allowedRegions.",
      },
    );
  }
  io.out(`${JSON.stringify(policy, null, 2)}\n`);
  io.err(
    `${name}: ${size.toLocaleString("en-US")} of ${MANAGED_POLICY_MAX_CHARS.toLocaleString("en-US")} characters, ` +
      `parameters ${source.file ? `from ${source.file}` : `defaults (${source.missing} not found)`}.\n` +
      `Create it at path / in every account terraform-iam is assigned to (roles it creates must carry it), e.g.\n` +
      `  aws iam create-policy --policy-name ${name} --policy-document file://boundary.json\n` +
      `and keep it in step with keyless.yaml: run this again after changing the catalog or stateBackend sections.\n`,
  );
  return EXIT.OK;
}

export async function runCatalogList(opts: CatalogListOptions, io: CliIO): Promise<number> {
  if (opts.json) {
    const list = PRESETS.map((p) => ({ name: p.name, shortName: p.shortName, purpose: p.purpose }));
    io.out(`${JSON.stringify({ presets: list }, null, 2)}\n`);
    return EXIT.OK;
  }
  const width = Math.max(...PRESETS.map((p) => p.name.length));
  for (const p of PRESETS) io.out(`${p.name.padEnd(width)}  ${p.purpose}\n`);
  io.out(
    "\nUse one in keyless.yaml with `preset: <short name>` (e.g. preset: core); details: keyless catalog show NAME\n",
  );
  return EXIT.OK;
}

/** Where the parameters came from: the config path, or null for the defaults. */
interface ParamSource {
  params: PresetParams;
  file: string | null;
}

/**
 * The parameters of keyless.yaml when it exists (validated like `keyless validate`, so a broken file
 * is reported rather than half-used), else the defaults.
 */
async function loadParams(config: string | undefined, io: CliIO): Promise<ParamSource & { missing: string }> {
  const path = resolveConfigPath(config, io);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { params: {}, file: null, missing: path };
    throw e;
  }
  await loadConfig(path);
  return { params: configPresetParams(parse(text)), file: path, missing: "" };
}

export async function runCatalogShow(name: string, opts: CatalogShowOptions, io: CliIO): Promise<number> {
  const preset = findPreset(name);
  if (!preset) {
    throw new KeylessError("USAGE", unknownPresetMessage(name), {
      hint: "Run `keyless catalog list` to see the presets.",
    });
  }
  const source = await loadParams(opts.config, io);
  const rendered = preset.render(source.params);
  const size = policySize(rendered.inlinePolicy);
  const parameters = Object.fromEntries(
    preset.parameters.map((p) => [p, source.params[p] === undefined ? null : source.params[p]]),
  );
  if (opts.json) {
    const data = {
      name: preset.name,
      shortName: preset.shortName,
      purpose: preset.purpose,
      services: preset.services,
      grants: preset.grants,
      notGranted: preset.notGranted,
      denies: preset.denies,
      cannotPrevent: preset.cannotPrevent,
      parameters: { source: source.file ?? "defaults", values: parameters },
      rendered: { ...rendered, size: { characters: size, limit: INLINE_POLICY_MAX_CHARS } },
    };
    io.out(`${JSON.stringify(data, null, 2)}\n`);
    return EXIT.OK;
  }
  io.out(humanShow(preset, source, parameters, rendered, size));
  return EXIT.OK;
}

function humanShow(
  preset: Preset,
  source: ParamSource & { missing: string },
  values: Record<string, unknown>,
  rendered: ReturnType<Preset["render"]>,
  size: number,
): string {
  const lines: string[] = [`${preset.name} (preset: ${preset.shortName})`, `  ${preset.purpose}`, ""];
  lines.push(`Services: ${preset.services.join(", ")}`, "", "Grants:");
  for (const g of preset.grants) lines.push(`  + ${g}`);
  lines.push("", "Not granted:");
  for (const g of preset.notGranted) lines.push(`  . ${g}`);
  lines.push("", "Denies:");
  for (const d of preset.denies) lines.push(`  - ${d.what}`, `      why: ${d.why}`);
  lines.push("", "Cannot prevent (docs/permission-sets.md has the SCP/RCP that close most of it):");
  for (const c of preset.cannotPrevent) lines.push(`  ! ${c}`);
  lines.push(
    "",
    source.file ? `Parameters (from ${source.file}):` : `Parameters (defaults: ${source.missing} not found):`,
  );
  for (const [name, value] of Object.entries(values)) {
    const doc = PARAMETER_DOCS[name as keyof typeof PARAMETER_DOCS];
    const shown = value === null ? `default: ${doc.default}` : JSON.stringify(value);
    lines.push(`  ${name}: ${shown}`);
  }
  if (rendered.notes.length > 0) {
    lines.push("", "Notes:");
    for (const n of rendered.notes) lines.push(`  * ${n}`);
  }
  const managed = [
    ...rendered.managedPolicies,
    ...rendered.customerManagedPolicies.map((c) => `${c.path}${c.name} (customer-managed)`),
  ];
  lines.push("", `Attached policies: ${managed.length > 0 ? managed.join(", ") : "none"}`);
  lines.push(
    "",
    `Rendered inline policy (${size.toLocaleString("en-US")} of ${INLINE_POLICY_MAX_CHARS.toLocaleString("en-US")} non-whitespace characters):`,
    JSON.stringify(rendered.inlinePolicy, null, 2),
  );
  return `${lines.join("\n")}\n`;
}
