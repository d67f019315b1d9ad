/**
 * keyless.yaml `stateBackend`: its schema (S3 bucket naming rules, KMS key ARNs, DynamoDB table
 * names, conflicting options), the account reference check, and normalisation into
 * Desired.stateBackend with defaults applied. Documented in docs/state-backend.md.
 */
import { z } from "zod";
import type { DesiredStateBackend } from "../engine/model.ts";
import type { Issue } from "./issues.ts";
import * as P from "./patterns.ts";
import { didYouMean } from "./suggest.ts";

export const DEFAULT_BUCKET_PREFIX = "keyless-tfstate";
export const DEFAULT_KMS_ALIAS = "alias/keyless-tfstate";
export const DEFAULT_LOCK_TABLE = "terraform-locks";
export const DEFAULT_NONCURRENT_VERSION_DAYS = 90;
const MAX_BUCKET_TAGS = 50;

/** Why `name` is not a valid S3 general purpose bucket name, or undefined when it is. */
export function bucketNameProblem(name: string): string | undefined {
  const bad = (why: string) => `"${name}" is not a valid S3 bucket name: ${why}`;
  if (name.length < 3 || name.length > 63) return bad(`it has ${name.length} characters; use 3 to 63`);
  if (!/^[a-z0-9.-]+$/.test(name)) return bad("use only lowercase letters, digits, dots and hyphens");
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name))
    return bad("it must begin and end with a letter or digit");
  if (name.includes("..")) return bad("it must not contain two dots in a row");
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return bad("it must not look like an IP address");
  for (const prefix of ["xn--", "sthree-", "amzn-s3-demo-"])
    if (name.startsWith(prefix)) return bad(`names starting with "${prefix}" are reserved`);
  for (const suffix of ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"])
    if (name.endsWith(suffix)) return bad(`names ending in "${suffix}" are reserved`);
  return undefined;
}

const BucketName = z.string().superRefine((v, ctx) => {
  const problem = bucketNameProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** A KMS key ARN (not an alias ARN): the bucket policy compares the key ARN Terraform sends. */
const KMS_KEY_ARN =
  /^arn:aws[-a-z]*:kms:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):(\d{12}):key\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const KMS_ALIAS = /^alias\/[A-Za-z0-9/_-]{1,250}$/;
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

const TagKey = z
  .string()
  .min(1, { error: "tag keys must not be empty" })
  .max(P.TAG_KEY_MAX, { error: `tag keys are at most ${P.TAG_KEY_MAX} characters` })
  .refine((k) => !k.toLowerCase().startsWith("aws:"), { error: 'tag keys starting with "aws:" are reserved' })
  .refine((k) => !k.startsWith("keyless:") && k !== P.MANAGED_BY_TAG.key, {
    error: `"managed-by" and keys starting with "keyless:" are set by keyless; remove this tag`,
  });
const TagValue = z
  .string()
  .max(P.TAG_VALUE_MAX, { error: `tag values are at most ${P.TAG_VALUE_MAX} characters` });

const Encryption = z
  .strictObject({
    type: z.enum(["kms", "kms-key", "aes256"], {
      error: "encryption type must be kms (a key keyless creates), kms-key (with kmsKeyArn) or aes256",
    }),
    alias: z
      .string()
      .regex(KMS_ALIAS, { error: (iss) => `"${String(iss.input)}" is not a KMS alias; write alias/NAME` })
      .refine((a) => !a.startsWith("alias/aws/"), {
        error: 'aliases starting with "alias/aws/" are reserved for AWS',
      })
      .optional()
      .meta({ description: `type kms: the alias of the key keyless creates. Default ${DEFAULT_KMS_ALIAS}.` }),
    kmsKeyArn: z
      .string()
      .regex(KMS_KEY_ARN, {
        error: (iss) =>
          `"${String(iss.input)}" is not a KMS key ARN; it looks like arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab (an alias ARN is not accepted: the bucket policy names the key ARN)`,
      })
      .optional()
      .meta({ description: "type kms-key: the ARN of an existing key in the backend's region." }),
  })
  .superRefine((e, ctx) => {
    if (e.type === "kms-key" && e.kmsKeyArn === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["kmsKeyArn"],
        message: "type kms-key needs kmsKeyArn: the ARN of the key to use",
      });
    if (e.type !== "kms-key" && e.kmsKeyArn !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["kmsKeyArn"],
        message: `kmsKeyArn is only used with type: kms-key; remove it or set type: kms-key`,
      });
    if (e.type !== "kms" && e.alias !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["alias"],
        message: `alias is only used with type: kms (a key keyless creates); remove it`,
      });
  })
  .meta({ description: "How state is encrypted at rest. Default { type: kms }." });

export const StateBackendSchema = z
  .strictObject({
    account: z
      .string()
      .min(1)
      .meta({ description: "An account name from `accounts`, or a 12-digit account id (quoted)." }),
    region: z
      .string()
      .regex(P.REGION, {
        error: (iss) => `"${String(iss.input)}" is not an AWS region name; write one like eu-central-1`,
      })
      .meta({ description: "The bucket's region." }),
    bucket: BucketName.optional().meta({
      description: "Bucket name. Default <bucketPrefix>-<accountId>-<region>.",
    }),
    bucketPrefix: z
      .string()
      .min(1)
      .optional()
      .meta({ description: `Prefix of the default bucket name. Default ${DEFAULT_BUCKET_PREFIX}.` }),
    keyPrefix: z
      .string()
      .max(1000, { error: "keyPrefix is at most 1000 characters" })
      .refine((k) => !k.startsWith("/"), { error: 'keyPrefix must not start with "/"; S3 keys are relative' })
      .refine((k) => !k.split("/").includes(".."), {
        error: 'keyPrefix must not contain ".." (a state key outside the prefix)',
      })
      // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
      .refine((k) => !/[\u0000-\u001f\u007f]/.test(k), {
        error: "keyPrefix must not contain control characters",
      })
      .optional()
      .meta({ description: 'Where state keys live, e.g. "env/". Default "".' }),
    locking: z
      .enum(["s3", "dynamodb"], {
        error: "locking must be s3 (Terraform's lockfile, use_lockfile) or dynamodb",
      })
      .optional()
      .meta({ description: "s3 (Terraform >= 1.10 lockfile, default) or dynamodb (a lock table)." }),
    dynamodbTable: z
      .string()
      .regex(TABLE_NAME, {
        error: (iss) =>
          `"${String(iss.input)}" is not a DynamoDB table name; use 3-255 letters, digits, _ . -`,
      })
      .optional()
      .meta({ description: `locking dynamodb: the lock table. Default ${DEFAULT_LOCK_TABLE}.` }),
    encryption: Encryption.optional(),
    noncurrentVersionDays: z
      .number()
      .int({ error: "noncurrentVersionDays must be a whole number of days" })
      .min(1, { error: "noncurrentVersionDays must be at least 1" })
      .max(36500, { error: "noncurrentVersionDays must be at most 36500" })
      .optional()
      .meta({ description: `Days old state versions are kept. Default ${DEFAULT_NONCURRENT_VERSION_DAYS}.` }),
    accessLogging: z
      .strictObject({
        bucket: BucketName.meta({ description: "The log bucket (must allow log delivery)." }),
        prefix: z
          .string()
          .max(900)
          .optional()
          .meta({ description: 'Prefix of the log objects. Default "".' }),
      })
      .optional()
      .meta({ description: "Server access logging to another bucket." }),
    tags: z.record(TagKey, TagValue).optional().meta({ description: "Tags on the bucket, key and table." }),
    allowWeakening: z.boolean().optional().meta({
      description:
        "true: let apply turn a protection of an existing bucket down (e.g. KMS -> AES256). Default false.",
    }),
  })
  .superRefine((sb, ctx) => {
    const locking = sb.locking ?? "s3";
    if (locking === "s3" && sb.dynamodbTable !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["dynamodbTable"],
        message:
          "dynamodbTable is only used with locking: dynamodb; remove it (Terraform's lockfile needs no table) or set locking: dynamodb",
      });
    }
    const arn = sb.encryption?.kmsKeyArn;
    const arnRegion = arn ? KMS_KEY_ARN.exec(arn)?.[1] : undefined;
    if (arnRegion && arnRegion !== sb.region) {
      ctx.addIssue({
        code: "custom",
        path: ["encryption", "kmsKeyArn"],
        message: `the key is in ${arnRegion} but the bucket is in ${sb.region}; S3 needs a key in the bucket's region`,
      });
    }
    if (sb.bucket !== undefined && sb.bucketPrefix !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["bucketPrefix"],
        message: "bucketPrefix has no effect when bucket is given; remove one",
      });
    }
    const tagCount = Object.keys(sb.tags ?? {}).length + 2;
    if (tagCount > MAX_BUCKET_TAGS) {
      ctx.addIssue({
        code: "custom",
        path: ["tags"],
        message: `at most ${MAX_BUCKET_TAGS - 2} tags (keyless adds its own)`,
      });
    }
  })
  .meta({
    description:
      "The S3 bucket (and lock table, KMS key) that holds Terraform state. See docs/state-backend.md.",
  });

export type StateBackendFile = z.output<typeof StateBackendSchema>;

function defaultBucket(prefix: string | undefined, accountId: string, region: string): string {
  return `${prefix ?? DEFAULT_BUCKET_PREFIX}-${accountId}-${region}`;
}

type Raw = Record<string, unknown>;
const isMapping = (v: unknown): v is Raw => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * `stateBackend.account` must name an account in `accounts` (or be a 12-digit id), and the default
 * bucket name built from bucketPrefix and that account must be a valid bucket name.
 */
export function checkStateBackendReferences(doc: Raw): Issue[] {
  const sb = doc.stateBackend;
  if (!isMapping(sb) || typeof sb.account !== "string" || sb.account === "") return [];
  const accounts = isMapping(doc.accounts) ? doc.accounts : {};
  const id = P.ACCOUNT_ID.test(sb.account) ? sb.account : accounts[sb.account];
  if (id !== undefined) {
    if (sb.bucket !== undefined || typeof sb.bucketPrefix !== "string" || typeof id !== "string") return [];
    if (typeof sb.region !== "string") return [];
    const problem = bucketNameProblem(defaultBucket(sb.bucketPrefix, id, sb.region));
    return problem
      ? [
          {
            path: ["stateBackend", "bucketPrefix"],
            message: `the default bucket name is invalid: ${problem}`,
          },
        ]
      : [];
  }
  return [
    {
      path: ["stateBackend", "account"],
      message: `unknown account "${sb.account}"; define it under accounts or write its 12-digit id${didYouMean(sb.account, Object.keys(accounts))}`,
    },
  ];
}

/** Desired.stateBackend with defaults applied; `accounts` resolves an account name to its id. */
export function toDesiredStateBackend(
  sb: StateBackendFile,
  accounts: Record<string, string>,
): DesiredStateBackend {
  const isId = P.ACCOUNT_ID.test(sb.account);
  const accountId = isId ? sb.account : (accounts[sb.account] ?? "");
  const locking = sb.locking ?? "s3";
  const type = sb.encryption?.type ?? "kms";
  const encryption: DesiredStateBackend["encryption"] = { type };
  if (type === "kms") encryption.alias = sb.encryption?.alias ?? DEFAULT_KMS_ALIAS;
  if (type === "kms-key" && sb.encryption?.kmsKeyArn) encryption.kmsKeyArn = sb.encryption.kmsKeyArn;
  const given = sb.tags ?? {};
  const tags: Record<string, string> = { ...given, [P.MANAGED_BY_TAG.key]: P.MANAGED_BY_TAG.value };
  const out: DesiredStateBackend = {
    accountId,
    region: sb.region,
    bucket: sb.bucket ?? defaultBucket(sb.bucketPrefix, accountId, sb.region),
    keyPrefix: sb.keyPrefix ?? "",
    locking,
    encryption,
    noncurrentVersionDays: sb.noncurrentVersionDays ?? DEFAULT_NONCURRENT_VERSION_DAYS,
    tags: Object.fromEntries(
      Object.keys(tags)
        .sort()
        .map((k) => [k, tags[k] as string]),
    ),
    allowWeakening: sb.allowWeakening === true,
  };
  if (!isId) out.accountName = sb.account;
  if (locking === "dynamodb") out.dynamodbTable = sb.dynamodbTable ?? DEFAULT_LOCK_TABLE;
  if (sb.accessLogging)
    out.accessLogging = { bucket: sb.accessLogging.bucket, prefix: sb.accessLogging.prefix ?? "" };
  return out;
}
