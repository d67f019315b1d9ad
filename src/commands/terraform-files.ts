/**
 * `keyless terraform files`: writes backend.tf and provider.tf for one state key and profile.
 * The backend comes from keyless.yaml's `stateBackend` section (the platform team's machine); else
 * from the profile's `keyless_state_*` keys that `keyless configure --from` installed with a profile
 * set (an engineer's machine), each overridable by a flag; else from flags alone. The only AWS call:
 * for a KMS key keyless creates, one DescribeKey with the profile's own credentials finds the key
 * ARN behind its alias. Existing files with other content are shown as a diff and left alone unless
 * --force; --dry-run shows the same and writes nothing.
 */
import { access } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { loadDesired } from "../app/config-path.ts";
import type { CliIO } from "../cli/io.ts";
import { EXIT, KeylessError } from "../errors/keyless-error.ts";
import { compareFiles, type FileChange, writeChanges } from "../local/terraform/file-changes.ts";
import { renderTerraformFiles, requiredTerraformVersion } from "../local/terraform/files.ts";
import {
  BACKEND_FLAG_NAMES,
  type BackendFlags,
  paramsFromFlags,
  paramsFromStateBackend,
  type StateBackendForFiles,
  stateKmsKey,
} from "../local/terraform/from-state-backend.ts";
import type { TerraformFilesParams } from "../local/terraform/params.ts";
import { safe, safeMultiline } from "../render/style.ts";
import { refuseNonDirectory } from "../util/path-checks.ts";
import {
  lookupNote,
  lookupProfile,
  paramsFromProfileBackend,
  profileStateBackend,
} from "./terraform-files-profile.ts";

export interface TerraformFilesOptions extends BackendFlags {
  profile: string;
  /** provider.tf's profile when it differs from the backend's (`--provider-profile`). */
  providerProfile?: string | undefined;
  key: string;
  /** Where to write; default the working directory. */
  dir?: string;
  force?: boolean;
  dryRun?: boolean;
  /** keyless.yaml; unset → ./keyless.yaml if it exists, else flags only. */
  config?: string;
  json?: boolean;
}

/** Where the backend settings came from, for messages and --json. */
type Source =
  | { kind: "config"; path: string }
  | { kind: "profile"; profile: string; at: string; flags: string[] }
  | { kind: "flags" };

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** AWS look-ups, injected so tests run without AWS. */
export interface TerraformFilesDeps {
  /**
   * The key ARN behind an alias ARN (KMS DescribeKey in `region`) with the credentials of `profile`
   * (the one the files name), or of the default credential chain when undefined (the profile is not
   * on this machine); null when there is no such alias.
   */
  describeKmsKey(
    region: string,
    aliasArn: string,
    profile: string | undefined,
    env: Record<string, string | undefined>,
  ): Promise<string | null>;
}

/** The real look-up (terraform-files-aws.ts), loaded only when a key has to be looked up. */
export const awsTerraformFilesDeps: TerraformFilesDeps = {
  async describeKmsKey(region, aliasArn, profile, env) {
    const { describeKmsKeyWithProfile } = await import("./terraform-files-aws.ts");
    return describeKmsKeyWithProfile(region, aliasArn, profile, env);
  },
};

async function fromStateBackend(
  sb: StateBackendForFiles,
  configPath: string,
  opts: TerraformFilesOptions,
  io: CliIO,
  deps: TerraformFilesDeps,
): Promise<{ params: TerraformFilesParams; notes: string[] }> {
  const kms = stateKmsKey(sb);
  // --kms-key-id may stand in for the AWS look-up of a keyless-created key; nothing else may
  // override the file, so the files cannot quietly disagree with the bucket keyless manages.
  const given = (Object.keys(BACKEND_FLAG_NAMES) as Array<keyof BackendFlags>).filter(
    (k) => opts[k] !== undefined && !(k === "kmsKeyId" && kms.kind === "alias"),
  );
  if (given.length > 0) {
    throw new KeylessError(
      "USAGE",
      `${given.map((k) => BACKEND_FLAG_NAMES[k]).join(", ")} cannot be combined with the stateBackend section of ${configPath}`,
      {
        hint: "Change the backend in keyless.yaml, or pass -c with a file that has no stateBackend section.",
      },
    );
  }
  const notes: string[] = [];
  const prefix = (sb.keyPrefix ?? "").replace(/\/+$/, "");
  if (prefix !== "" && opts.key.startsWith(`${prefix}/`)) {
    notes.push(
      `the key already starts with stateBackend.keyPrefix "${prefix}/", so it is used as given: "${opts.key}"`,
    );
  }
  let kmsKeyArn: string | undefined;
  if (kms.kind === "alias") {
    const via = opts.kmsKeyId === undefined ? await lookupProfile(io, opts.profile) : undefined;
    kmsKeyArn =
      opts.kmsKeyId ?? (await deps.describeKmsKey(sb.region, kms.aliasArn, via, io.env)) ?? undefined;
    if (kmsKeyArn === undefined) {
      throw new KeylessError(
        "USAGE",
        `the state key ${kms.alias} does not exist in ${sb.accountId} / ${sb.region}`,
        {
          hint: "Run `keyless apply` to create the state backend first, or pass --kms-key-id with the key's ARN.",
        },
      );
    }
    if (opts.kmsKeyId === undefined) notes.push(lookupNote(kms.alias, opts.profile, via));
  }
  return { params: paramsFromStateBackend(sb, { key: opts.key, profile: opts.profile, kmsKeyArn }), notes };
}

async function resolveParams(
  opts: TerraformFilesOptions,
  io: CliIO,
  deps: TerraformFilesDeps,
): Promise<{ params: TerraformFilesParams; source: Source; notes: string[] }> {
  const useConfig = opts.config !== undefined || (await exists(resolve(io.cwd, "keyless.yaml")));
  if (useConfig) {
    const loaded = await loadDesired(opts.config, io);
    const sb: StateBackendForFiles | undefined = loaded.desired.stateBackend;
    if (sb !== undefined) {
      const { params, notes } = await fromStateBackend(sb, loaded.path, opts, io, deps);
      return { params, notes, source: { kind: "config", path: loaded.path } };
    }
  }
  const installed = await profileStateBackend(opts, io);
  if (installed) {
    const { params, flags, notes } = await paramsFromProfileBackend(installed, opts, io, deps);
    return { params, notes, source: { kind: "profile", profile: opts.profile, at: installed.at, flags } };
  }
  const params = paramsFromFlags(opts, { key: opts.key, profile: opts.profile });
  return { params, source: { kind: "flags" }, notes: [] };
}

function display(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

const VERB: Record<FileChange["action"], { done: string; would: string }> = {
  create: { done: "created", would: "would be created" },
  replace: { done: "replaced", would: "would be replaced" },
  unchanged: { done: "unchanged", would: "unchanged" },
};

export async function runTerraformFiles(
  opts: TerraformFilesOptions,
  io: CliIO,
  deps: TerraformFilesDeps = awsTerraformFilesDeps,
): Promise<number> {
  const dir = resolve(io.cwd, opts.dir ?? ".");
  if (opts.dir !== undefined) await refuseNonDirectory(dir, "--dir", opts.dir);
  const { params, source, notes } = await resolveParams(opts, io, deps);
  if (opts.providerProfile !== undefined && opts.providerProfile !== params.profile) {
    params.providerProfile = opts.providerProfile;
  }
  const files = renderTerraformFiles(params);
  const changes = await compareFiles(dir, files);
  const blocked = changes.filter((c) => c.action === "replace" && !opts.force);
  const write = !opts.dryRun && blocked.length === 0;
  if (write) await writeChanges(changes);

  if (opts.json) {
    const result = {
      dir,
      dryRun: Boolean(opts.dryRun),
      written: write && changes.some((c) => c.action !== "unchanged"),
      source:
        source.kind === "config"
          ? { config: source.path }
          : source.kind === "profile"
            ? { profile: source.profile, at: source.at, flags: source.flags }
            : { flags: true },
      backend: params,
      requiredVersion: requiredTerraformVersion(params.locking),
      files: changes.map((c) => ({
        name: c.name,
        path: c.path,
        action: c.action,
        needsForce: c.action === "replace" && !opts.force,
        diff: c.diff === "" ? null : c.diff,
        content: c.content,
      })),
      notes,
    };
    io.out(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    for (const n of notes) io.err(`Note: ${safe(n)}\n`);
    for (const c of changes) {
      const name = safe(display(c.path, io.cwd));
      if (c.action === "unchanged") {
        io.out(`${name}: unchanged\n`);
        continue;
      }
      const showDiff = opts.dryRun || (c.action === "replace" && !write);
      if (showDiff) {
        const suffix = c.action === "replace" && !opts.force ? " (needs --force)" : "";
        io.out(`${name}: ${VERB[c.action].would}${suffix}\n${safeMultiline(c.diff)}`);
      } else if (write) {
        io.out(`${name}: ${VERB[c.action].done}\n`);
      } else {
        io.out(`${name}: ${VERB[c.action].would}\n`);
      }
    }
    if (write && changes.some((c) => c.action !== "unchanged")) {
      io.out(
        `Next: terraform init (Terraform ${requiredTerraformVersion(params.locking)}; add -reconfigure or -migrate-state if this directory already used another backend).\n`,
      );
    }
    if (opts.dryRun) io.out("Dry run: nothing was written.\n");
  }

  if (!opts.dryRun && blocked.length > 0) {
    throw new KeylessError(
      "FILE_EXISTS",
      `${blocked.map((c) => display(c.path, io.cwd)).join(" and ")} already exist${blocked.length === 1 ? "s" : ""} with different content; nothing was written`,
      { hint: "Review the difference shown above, then re-run with --force to replace the file(s)." },
    );
  }
  return EXIT.OK;
}
