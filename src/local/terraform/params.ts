/**
 * What the generated Terraform files say, and the checks that run before anything is written.
 * Every value ends up inside an HCL string that Terraform hands to AWS, so the checks are strict:
 * a bad key or profile is a clear USAGE error here rather than a confusing one at `terraform init`.
 */
import { KeylessError } from "../../errors/keyless-error.ts";

export type TerraformLocking = "s3" | "dynamodb";

export interface TerraformFilesParams {
  bucket: string;
  /** The state object key, e.g. `env/dev/network/terraform.tfstate` (already prefixed). */
  key: string;
  region: string;
  /** The AWS profile the backend signs in with (an SSO profile); never a credential. */
  profile: string;
  /**
   * The profile of `provider "aws"` when it differs from the backend's: state access (the core
   * permission set) in the backend, the stack's domain permission set in the provider. Default: `profile`.
   */
  providerProfile?: string;
  /**
   * The backend's `workspace_key_prefix`. Set whenever the state keys live under a key prefix: Terraform
   * lists `<workspace_key_prefix>/` on every init, plan and apply (default `env:/`, outside the prefix, which
   * a policy scoped to the prefix refuses). Unset: Terraform's default.
   */
  workspaceKeyPrefix?: string;
  /** `s3` → `use_lockfile = true` (Terraform >= 1.10); `dynamodb` → `dynamodb_table`. */
  locking: TerraformLocking;
  /** Required with `locking: "dynamodb"`, refused otherwise. */
  dynamodbTable?: string;
  /** Always true: the state holds secrets; keyless never writes an unencrypted backend. */
  encrypt: true;
  /**
   * Key ARN, alias ARN, key id or `alias/NAME`. Unset: Terraform sends `x-amz-server-side-encryption:
   * AES256` (SSE-S3) explicitly, overriding a bucket's KMS default, so set it whenever the bucket uses KMS.
   */
  kmsKeyId?: string;
}

/** S3's limit on object keys (bytes) minus the `.tflock` suffix Terraform appends for the lock. */
const LOCK_SUFFIX = ".tflock";
export const MAX_KEY_BYTES = 1024 - LOCK_SUFFIX.length;

function usage(message: string, hint: string): KeylessError {
  return new KeylessError("USAGE", message, { hint });
}

/**
 * A state key: relative, `/`-separated, no empty / `.` / `..` segment. Characters are limited to
 * S3's "safe" set (plus `=` `+` `@`) so the key reads the same in HCL, in IAM policy ARNs and in
 * DynamoDB LockIDs; `*` and `?` are refused because they are wildcards in IAM resource ARNs.
 */
export function validateStateKey(key: string, locking?: TerraformLocking): void {
  const hint = "Use a relative path such as env/dev/network/terraform.tfstate.";
  if (key === "") throw usage("the state key is empty", hint);
  if (key.startsWith("/")) throw usage(`state key "${key}" starts with "/"`, hint);
  if (key.endsWith("/")) throw usage(`state key "${key}" ends with "/": it names a folder, not a file`, hint);
  const bad = key.match(/[^A-Za-z0-9._=+@/-]/);
  if (bad) {
    throw usage(
      `state key "${key}" contains ${JSON.stringify(bad[0])}`,
      "Use letters, digits and . _ - = + @ separated by /.",
    );
  }
  for (const segment of key.split("/")) {
    if (segment === "") throw usage(`state key "${key}" contains an empty path segment ("//")`, hint);
    if (segment === "." || segment === "..") {
      throw usage(`state key "${key}" contains a "${segment}" segment`, `${hint} S3 keys are not resolved.`);
    }
  }
  if (key.endsWith(LOCK_SUFFIX)) {
    throw usage(
      `state key "${key}" ends with ${LOCK_SUFFIX}`,
      "Terraform stores the lock of KEY at KEY.tflock; a state key ending in .tflock would collide with another state's lock.",
    );
  }
  if (locking === "dynamodb" && key.endsWith("-md5")) {
    throw usage(
      `state key "${key}" ends with -md5`,
      "With DynamoDB locking Terraform keeps the state digest under LockID BUCKET/KEY-md5; this key would collide with it.",
    );
  }
  if (Buffer.byteLength(key, "utf8") > MAX_KEY_BYTES) {
    throw usage(
      `state key is longer than ${MAX_KEY_BYTES} bytes`,
      "S3 keys are limited to 1024 bytes, including .tflock.",
    );
  }
}

/** A profile name as every SDK reads it from a `[profile NAME]` header. */
export function validateProfileName(profile: string): void {
  const hint = "Use the name of a profile in ~/.aws/config, e.g. dev-terraform (letters, digits, . _ - @ +).";
  if (profile === "") throw usage("the profile name is empty", hint);
  if (!/^[A-Za-z0-9._@+-]+$/.test(profile) || profile.length > 128) {
    throw usage(`profile name "${profile}" is not valid (no spaces, brackets, quotes or # ;)`, hint);
  }
}

export function validateRegion(region: string): void {
  if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region)) {
    throw usage(`"${region}" is not an AWS region name`, "Use a region code such as eu-central-1.");
  }
}

/** S3 general purpose bucket naming rules (docs: "General purpose bucket naming rules"). */
export function validateBucketName(bucket: string): void {
  const hint = "Bucket names are 3-63 characters: lower-case letters, digits, dots and hyphens.";
  const ok =
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) &&
    !bucket.includes("..") &&
    !/^\d{1,3}(\.\d{1,3}){3}$/.test(bucket) &&
    !/^(xn--|sthree-|amzn-s3-demo-)/.test(bucket) &&
    !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(bucket);
  if (!ok) throw usage(`"${bucket}" is not a valid S3 bucket name`, hint);
}

export function validateDynamodbTable(table: string): void {
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(table)) {
    throw usage(
      `"${table}" is not a valid DynamoDB table name`,
      "Table names are 3-255 characters: letters, digits, _ . -",
    );
  }
}

const KMS_KEY_ID = /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const KMS_ALIAS = /^alias\/[A-Za-z0-9/_-]{1,250}$/;
const KMS_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/.+|alias\/.+)$/;

/** What the S3 backend's kms_key_id accepts: key ARN, alias ARN, key id or alias/NAME. */
export function validateKmsKeyId(id: string): void {
  const [, , , , , resource = ""] = id.split(":");
  const arnOk = KMS_ARN.test(id) && (KMS_KEY_ID.test(resource.slice(4)) || KMS_ALIAS.test(resource));
  if (!arnOk && !KMS_KEY_ID.test(id) && !KMS_ALIAS.test(id)) {
    throw usage(
      `"${id}" is not a KMS key ARN, alias ARN, key id or alias/NAME`,
      "Pass e.g. arn:aws:kms:eu-central-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab.",
    );
  }
}

/** Checks every field and their combination; throws the first problem as a USAGE KeylessError. */
export function validateTerraformFilesParams(p: TerraformFilesParams): void {
  validateBucketName(p.bucket);
  validateStateKey(p.key, p.locking);
  validateRegion(p.region);
  validateProfileName(p.profile);
  if (p.providerProfile !== undefined) validateProfileName(p.providerProfile);
  if (p.workspaceKeyPrefix !== undefined && !/^[^/](.*[^/])?$/.test(p.workspaceKeyPrefix)) {
    throw usage(
      `workspace_key_prefix "${p.workspaceKeyPrefix}" starts or ends with "/"`,
      "Terraform refuses such a prefix.",
    );
  }
  if (p.locking === "dynamodb") {
    if (p.dynamodbTable === undefined) {
      throw usage("DynamoDB locking needs a table name", "Pass --dynamodb-table NAME, or use --lock s3.");
    }
    validateDynamodbTable(p.dynamodbTable);
  } else if (p.dynamodbTable !== undefined) {
    throw usage(
      "a DynamoDB table is set but locking is s3 (the lockfile)",
      "Drop --dynamodb-table, or pass --lock dynamodb. To migrate, see docs/terraform-files.md.",
    );
  }
  if (p.kmsKeyId !== undefined) validateKmsKeyId(p.kmsKeyId);
}
