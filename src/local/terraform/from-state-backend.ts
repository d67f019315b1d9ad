/**
 * Turns keyless.yaml's `stateBackend` (or the equivalent flags) plus a profile and a state key into
 * the parameters of the generated files. Kept apart from the renderer so the renderer stays a pure
 * function of explicit values.
 */
import { KeylessError } from "../../errors/keyless-error.ts";
import { type TerraformFilesParams, type TerraformLocking, validateStateKey } from "./params.ts";

/**
 * The part of the normalised `Desired.stateBackend` (src/engine/model.ts) the files need. Declared
 * here, structurally, so this module does not depend on the rest of the state-backend model.
 */
export interface StateBackendForFiles {
  accountId: string;
  region: string;
  bucket: string;
  /** Prepended to every state key with a `/` (e.g. `terraform` → `terraform/env/dev/...`). */
  keyPrefix?: string;
  locking: TerraformLocking;
  dynamodbTable?: string;
  encryption: {
    /** `kms`: a key keyless creates (named by alias); `kms-key`: a given key; `aes256`: S3-managed. */
    type: "kms" | "kms-key" | "aes256";
    kmsKeyArn?: string;
    alias?: string;
  };
}

/** `prefix/key`; the prefix's trailing slashes are ignored and an empty prefix adds nothing. */
/**
 * The state key under stateBackend.keyPrefix. A key that is already under the prefix (as in
 * `--key env/dev/x.tfstate` with `keyPrefix: env/`) is used as given: doubling it ("env/env/...")
 * would silently put the state where nobody looks for it.
 */
export function prefixedKey(keyPrefix: string | undefined, key: string): string {
  const prefix = (keyPrefix ?? "").replace(/\/+$/, "");
  if (prefix === "" || key.startsWith(`${prefix}/`)) return key;
  return `${prefix}/${key}`;
}

/**
 * The `workspace_key_prefix` for a state key under a key prefix: `<the key's folder>/env:`, Terraform's
 * own default name moved inside the stack's folder. Terraform lists `<workspace_key_prefix>/` on every
 * init, plan and apply; its default (`env:/`, at the bucket's root) is outside the key prefix that the
 * state permission set's s3:ListBucket allows, so without this Terraform cannot even init. Workspace
 * states then live at `<folder>/env:/<workspace>/<key>`, still under the prefix. Undefined without a
 * prefix: Terraform's default stays, so existing workspaces are found where they are.
 */
export function workspaceKeyPrefixFor(keyPrefix: string | undefined, key: string): string | undefined {
  const prefix = (keyPrefix ?? "").replace(/\/+$/, "");
  if (prefix === "") return undefined;
  const folder = key.slice(0, Math.max(key.lastIndexOf("/"), 0));
  return `${folder === "" ? prefix : folder}/env:`;
}

function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** The alias keyless gives the key it creates when keyless.yaml names none (as src/aws reads it). */
export const DEFAULT_STATE_KEY_ALIAS = "alias/keyless-tfstate";

/**
 * What names the KMS key of the state objects. The bucket policy keyless writes compares
 * `s3:x-amz-server-side-encryption-aws-kms-key-id` with the key ARN, and Terraform sends
 * `kms_key_id` verbatim in that header, so backend.tf must hold the key ARN, never an alias. For a
 * key keyless creates that ARN exists only in AWS: `alias` asks the caller to look it up.
 */
export type StateKmsKey =
  | { kind: "none" }
  | { kind: "arn"; arn: string }
  | { kind: "alias"; alias: string; aliasArn: string };

export function stateKmsKey(sb: StateBackendForFiles): StateKmsKey {
  const enc = sb.encryption;
  if (enc.type === "aes256") return { kind: "none" };
  if (enc.type === "kms-key") {
    if (!enc.kmsKeyArn) {
      throw new KeylessError("CONFIG_INVALID", "stateBackend.encryption is kms-key but names no key ARN", {
        hint: "Set stateBackend.encryption.kmsKeyArn.",
      });
    }
    return { kind: "arn", arn: enc.kmsKeyArn };
  }
  const raw = enc.alias ?? DEFAULT_STATE_KEY_ALIAS;
  const alias = raw.startsWith("alias/") ? raw : `alias/${raw}`;
  return {
    kind: "alias",
    alias,
    aliasArn: `arn:${partitionOf(sb.region)}:kms:${sb.region}:${sb.accountId}:${alias}`,
  };
}

/**
 * Checks that a key ARN (looked up in AWS or passed with --kms-key-id) is a key, not an alias, in
 * the backend's own account and region: the only value the bucket policy accepts.
 */
export function checkStateKeyArn(
  sb: Pick<StateBackendForFiles, "accountId" | "region">,
  arn: string,
  from: string,
): void {
  const m = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/[A-Za-z0-9-]+$/.exec(arn);
  if (!m || m[1] !== sb.region || m[2] !== sb.accountId) {
    throw new KeylessError(
      "USAGE",
      `${from} "${arn}" is not a KMS key ARN in ${sb.accountId} / ${sb.region}`,
      {
        hint: `The state bucket's policy accepts only the ARN of its key, e.g. arn:aws:kms:${sb.region}:${sb.accountId}:key/<key id>.`,
      },
    );
  }
}

/**
 * `kmsKeyArn`: the resolved key ARN, required when the key is named by alias (encryption `kms`);
 * ignored otherwise.
 */
export function paramsFromStateBackend(
  sb: StateBackendForFiles,
  input: { key: string; profile: string; kmsKeyArn?: string },
): TerraformFilesParams {
  // Check the key as typed first, so the message names what the user wrote.
  validateStateKey(input.key, sb.locking);
  const params: TerraformFilesParams = {
    bucket: sb.bucket,
    key: prefixedKey(sb.keyPrefix, input.key),
    region: sb.region,
    profile: input.profile,
    locking: sb.locking,
    encrypt: true,
  };
  const workspaceKeyPrefix = workspaceKeyPrefixFor(sb.keyPrefix, params.key);
  if (workspaceKeyPrefix !== undefined) params.workspaceKeyPrefix = workspaceKeyPrefix;
  if (sb.locking === "dynamodb" && sb.dynamodbTable !== undefined) params.dynamodbTable = sb.dynamodbTable;
  const kms = stateKmsKey(sb);
  if (kms.kind === "arn") params.kmsKeyId = kms.arn;
  if (kms.kind === "alias") {
    if (input.kmsKeyArn === undefined) {
      throw new KeylessError("INTERNAL", `the key ARN behind ${kms.alias} was not looked up`);
    }
    checkStateKeyArn(sb, input.kmsKeyArn, `the key behind ${kms.alias},`);
    params.kmsKeyId = input.kmsKeyArn;
  }
  return params;
}

export interface BackendFlags {
  bucket?: string;
  region?: string;
  lock?: string;
  dynamodbTable?: string;
  kmsKeyId?: string;
}

/** The flags that describe a backend; refused alongside a `stateBackend` section. */
export const BACKEND_FLAG_NAMES: Record<keyof BackendFlags, string> = {
  bucket: "--bucket",
  region: "--region",
  lock: "--lock",
  dynamodbTable: "--dynamodb-table",
  kmsKeyId: "--kms-key-id",
};

/** Parameters from flags alone (no `stateBackend` in keyless.yaml). Names the first missing flag. */
export function paramsFromFlags(
  flags: BackendFlags,
  input: { key: string; profile: string },
): TerraformFilesParams {
  const hint =
    "Without a stateBackend section in keyless.yaml, pass --bucket and --region (and --lock dynamodb --dynamodb-table T for DynamoDB locking).";
  if (!flags.bucket) throw new KeylessError("USAGE", "--bucket is required", { hint });
  if (!flags.region) throw new KeylessError("USAGE", "--region is required", { hint });
  const lock = flags.lock ?? "s3";
  if (lock !== "s3" && lock !== "dynamodb") {
    throw new KeylessError("USAGE", `--lock must be s3 or dynamodb, not "${lock}"`, { hint });
  }
  if (lock === "dynamodb" && !flags.dynamodbTable) {
    throw new KeylessError("USAGE", "--dynamodb-table is required with --lock dynamodb", { hint });
  }
  const params: TerraformFilesParams = {
    bucket: flags.bucket,
    key: input.key,
    region: flags.region,
    profile: input.profile,
    locking: lock,
    encrypt: true,
  };
  if (flags.dynamodbTable !== undefined) params.dynamodbTable = flags.dynamodbTable;
  if (flags.kmsKeyId !== undefined) params.kmsKeyId = flags.kmsKeyId;
  return params;
}
