/**
 * `keyless terraform files --profile P` on an engineer's machine: the state backend comes from the
 * `keyless_state_*` keys of profile P, which `keyless configure --from` installed from the platform
 * team's profile set (src/commands/developer/profile-state-backend.ts). Each backend flag overrides
 * its value; the key prefix has no flag and always applies. A key keyless creates is recorded by its
 * alias ARN and resolved here with profile P's own credentials.
 */
import { findProfile, loadAwsConfig } from "../app/developer-session.ts";
import type { CliIO } from "../cli/io.ts";
import { KeylessError } from "../errors/keyless-error.ts";
import {
  BACKEND_FLAG_NAMES,
  type BackendFlags,
  checkStateKeyArn,
  paramsFromFlags,
  prefixedKey,
  workspaceKeyPrefixFor,
} from "../local/terraform/from-state-backend.ts";
import { type TerraformFilesParams, validateStateKey } from "../local/terraform/params.ts";
import type { ProfileSetStateBackend } from "./developer/profile-set.ts";
import { stateBackendFromProfile } from "./developer/profile-state-backend.ts";
import type { TerraformFilesDeps, TerraformFilesOptions } from "./terraform-files.ts";

/**
 * The state backend recorded in profile P, with where (`file:line`), or undefined when P has none
 * (or is not in the file). A config file keyless cannot read is an error, unless --bucket and
 * --region describe the backend without it.
 */
export async function profileStateBackend(
  opts: TerraformFilesOptions,
  io: CliIO,
): Promise<{ backend: ProfileSetStateBackend; at: string } | undefined> {
  let loaded: Awaited<ReturnType<typeof loadAwsConfig>>;
  try {
    loaded = await loadAwsConfig(io);
  } catch (err) {
    if (opts.bucket && opts.region) return undefined;
    throw err;
  }
  const section = findProfile(loaded.model, opts.profile);
  if (!section) return undefined;
  const at = `${loaded.path}:${section.start + 1}`;
  const backend = stateBackendFromProfile(section.values, at);
  return backend ? { backend, at } : undefined;
}

/**
 * The profile to make the key look-up with: `--profile` itself when this machine's config file has
 * it; undefined (the default credential chain, e.g. the platform team's AWS_PROFILE) when the files
 * are written for a profile that exists only on engineers' machines. A config file keyless cannot
 * read is an error: the SDK could not use the profile either.
 */
export async function lookupProfile(io: CliIO, profile: string): Promise<string | undefined> {
  const { model } = await loadAwsConfig(io);
  return findProfile(model, profile) ? profile : undefined;
}

/** The note on how the key was looked up. */
export function lookupNote(alias: string, profile: string, used: string | undefined): string {
  return used !== undefined
    ? `kms_key_id: the key behind ${alias}, looked up in AWS with profile "${profile}"`
    : `kms_key_id: the key behind ${alias}, looked up in AWS with the default credential chain (profile "${profile}" is not in this machine's AWS config)`;
}

/** `arn:PARTITION:kms:REGION:ACCOUNT:alias/NAME` → its region and account. */
function aliasParts(aliasArn: string): { region: string; accountId: string } | undefined {
  const m = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):alias\//.exec(aliasArn);
  return m ? { region: m[1] as string, accountId: m[2] as string } : undefined;
}

export async function paramsFromProfileBackend(
  installed: { backend: ProfileSetStateBackend; at: string },
  opts: TerraformFilesOptions,
  io: CliIO,
  deps: TerraformFilesDeps,
): Promise<{ params: TerraformFilesParams; flags: string[]; notes: string[] }> {
  const sb = installed.backend;
  const flags = (Object.keys(BACKEND_FLAG_NAMES) as Array<keyof BackendFlags>)
    .filter((k) => opts[k] !== undefined)
    .map((k) => BACKEND_FLAG_NAMES[k]);
  const lock = opts.lock ?? sb.locking;
  // Check the key as typed first, so the message names what the user wrote.
  validateStateKey(opts.key, lock === "dynamodb" ? "dynamodb" : "s3");
  const notes = [
    `the state backend comes from profile "${opts.profile}" (${installed.at}, installed by \`keyless configure --from\`)${flags.length ? `, with ${flags.join(", ")} from the command line` : ""}`,
  ];
  const prefix = (sb.keyPrefix ?? "").replace(/\/+$/, "");
  if (prefix !== "" && opts.key.startsWith(`${prefix}/`)) {
    notes.push(`the key already starts with the profile's key prefix "${prefix}/", so it is used as given`);
  }
  let kmsKeyId = opts.kmsKeyId ?? sb.kmsKeyId;
  const alias = opts.kmsKeyId === undefined && sb.kmsKeyId ? aliasParts(sb.kmsKeyId) : undefined;
  if (alias && sb.kmsKeyId) {
    // The profile is on this machine: its keys came from this profile's own section.
    const arn = await deps.describeKmsKey(alias.region, sb.kmsKeyId, opts.profile, io.env);
    if (arn === null) {
      throw new KeylessError("USAGE", `the state key ${sb.kmsKeyId} does not exist`, {
        hint: "Ask your platform team to run `keyless apply` (it creates the key), or pass --kms-key-id with the key's ARN.",
      });
    }
    checkStateKeyArn(alias, arn, `the key behind ${sb.kmsKeyId},`);
    notes.push(`kms_key_id: the key behind ${sb.kmsKeyId}, looked up with profile "${opts.profile}"`);
    kmsKeyId = arn;
  }
  const params = paramsFromFlags(
    {
      bucket: opts.bucket ?? sb.bucket,
      region: opts.region ?? sb.region,
      lock,
      ...((opts.dynamodbTable ?? (lock === "dynamodb" ? sb.dynamodbTable : undefined))
        ? { dynamodbTable: opts.dynamodbTable ?? sb.dynamodbTable }
        : {}),
      ...(kmsKeyId ? { kmsKeyId } : {}),
    },
    { key: prefixedKey(sb.keyPrefix, opts.key), profile: opts.profile },
  );
  const workspaceKeyPrefix = workspaceKeyPrefixFor(sb.keyPrefix, params.key);
  if (workspaceKeyPrefix !== undefined) params.workspaceKeyPrefix = workspaceKeyPrefix;
  return { params, flags, notes };
}
