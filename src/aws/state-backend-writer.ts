/**
 * The StateBackendWriter port on the real SDK: KMS key, S3 bucket and its settings, DynamoDB lock table,
 * in one account and region. Every S3 call carries ExpectedBucketOwner, so a bucket name that changed
 * hands between plan and apply is never written. There is no delete of the bucket, key or table.
 */
import type { LifecycleRule } from "@aws-sdk/client-s3";
import type { StateBackendWriter } from "../apply/ports.ts";
import type { BucketSettingValue, KmsKeySpec, LockTableSpec } from "../engine/plan-types.ts";
import { KeylessError } from "../errors/keyless-error.ts";
import type { StateBackendClients } from "./clients.ts";
import { isAwsError, withAwsErrors } from "./errors.ts";

export interface StateBackendWriterOptions {
  accountId: string;
  /** Waits between DynamoDB status checks (tests inject a fast one). Default: setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

const KEY_DESCRIPTION = "Terraform state encryption (managed by keyless)";
const TABLE_POLL_MS = 2000;
const TABLE_POLL_LIMIT = 150;

export function createStateBackendWriter(
  b: StateBackendClients,
  opts: StateBackendWriterOptions,
): StateBackendWriter {
  const { s3, kms, dynamodb } = b;
  const ExpectedBucketOwner = opts.accountId;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  async function waitForTable(TableName: string): Promise<string> {
    for (let i = 0; i < TABLE_POLL_LIMIT; i++) {
      const t = (await dynamodb.describeTable({ TableName })).Table;
      if (t?.TableStatus === "ACTIVE" && t.TableArn) return t.TableArn;
      await sleep(TABLE_POLL_MS);
    }
    throw new KeylessError("AWS_ERROR", `DynamoDB table ${TableName} did not become ACTIVE`, {
      hint: "Check the table in the DynamoDB console, then run `keyless apply` again.",
    });
  }

  /** Point-in-time recovery; AWS refuses it for a few moments after a table is created. */
  async function enablePitr(TableName: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await dynamodb.updateContinuousBackups({
          TableName,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        });
        return;
      } catch (err) {
        if (attempt >= 10 || !isAwsError(err, "ContinuousBackupsUnavailableException")) throw err;
        await sleep(TABLE_POLL_MS);
      }
    }
  }

  return {
    createKmsKey: (spec: KmsKeySpec) =>
      withAwsErrors(async () => {
        const created = await kms.createKey({
          Description: KEY_DESCRIPTION,
          KeyUsage: "ENCRYPT_DECRYPT",
          KeySpec: "SYMMETRIC_DEFAULT",
          Policy: spec.policy,
          Tags: Object.entries(spec.tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
        });
        const meta = created.KeyMetadata;
        if (!meta?.KeyId || !meta.Arn) throw new KeylessError("AWS_ERROR", "CreateKey returned no key id");
        if (spec.rotation) await kms.enableKeyRotation({ KeyId: meta.KeyId });
        await kms.createAlias({ AliasName: spec.alias, TargetKeyId: meta.KeyId });
        return meta.Arn;
      }),

    updateKmsKey: (KeyId, after, fields) =>
      withAwsErrors(async () => {
        if (fields.includes("rotation") && after.rotation) await kms.enableKeyRotation({ KeyId });
        if (fields.includes("policy"))
          await kms.putKeyPolicy({ KeyId, PolicyName: "default", Policy: after.policy });
      }),

    createBucket: (Bucket, region) =>
      withAwsErrors(async () => {
        try {
          await s3.createBucket({
            Bucket,
            ObjectOwnership: "BucketOwnerEnforced",
            // us-east-1 is the one region that takes no location constraint.
            ...(region !== "us-east-1" && {
              CreateBucketConfiguration: { LocationConstraint: region as never },
            }),
          });
        } catch (err) {
          if (isAwsError(err, "BucketAlreadyExists")) {
            throw new KeylessError("AWS_ERROR", `the bucket name ${Bucket} was taken by another account`, {
              hint: "Choose another stateBackend.bucket and run `keyless plan` again.",
              cause: err,
            });
          }
          if (!isAwsError(err, "BucketAlreadyOwnedByYou")) throw err;
        }
      }),

    putBucketSetting: (Bucket, value) => withAwsErrors(() => putSetting(Bucket, value)),

    createLockTable: (spec: LockTableSpec) =>
      withAwsErrors(async () => {
        await dynamodb.createTable({
          TableName: spec.name,
          AttributeDefinitions: [{ AttributeName: "LockID", AttributeType: "S" }],
          KeySchema: [{ AttributeName: "LockID", KeyType: "HASH" }],
          BillingMode: "PAY_PER_REQUEST",
          ...(spec.sseKms && { SSESpecification: { Enabled: true, SSEType: "KMS" } }),
          Tags: Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value })),
        });
        await waitForTable(spec.name);
        if (spec.pointInTimeRecovery) await enablePitr(spec.name);
      }),

    updateLockTable: (after, fields) =>
      withAwsErrors(async () => {
        const TableName = after.name;
        if (fields.includes("billingMode")) {
          await dynamodb.updateTable({ TableName, BillingMode: "PAY_PER_REQUEST" });
          await waitForTable(TableName);
        }
        if (fields.includes("sseKms")) {
          await dynamodb.updateTable({ TableName, SSESpecification: { Enabled: true, SSEType: "KMS" } });
          await waitForTable(TableName);
        }
        if (fields.includes("pointInTimeRecovery")) await enablePitr(TableName);
        if (fields.includes("tags")) {
          const ResourceArn = await waitForTable(TableName);
          await dynamodb.tagResource({
            ResourceArn,
            Tags: Object.entries(after.tags).map(([Key, Value]) => ({ Key, Value })),
          });
        }
      }),
  };

  async function putSetting(Bucket: string, value: BucketSettingValue): Promise<void> {
    const q = { Bucket, ExpectedBucketOwner };
    switch (value.setting) {
      case "versioning":
        await s3.putBucketVersioning({
          ...q,
          VersioningConfiguration: { Status: value.status === "Enabled" ? "Enabled" : "Suspended" },
        });
        return;
      case "encryption": {
        const e = value.encryption;
        if (e.algorithm === "none") {
          await s3.deleteBucketEncryption(q);
          return;
        }
        await s3.putBucketEncryption({
          ...q,
          ServerSideEncryptionConfiguration: {
            Rules: [
              {
                ApplyServerSideEncryptionByDefault: {
                  SSEAlgorithm: e.algorithm,
                  ...(e.kmsKeyId !== undefined && { KMSMasterKeyID: e.kmsKeyId }),
                },
                BucketKeyEnabled: e.bucketKeyEnabled,
              },
            ],
          },
        });
        return;
      }
      case "public_access_block": {
        const k = value.block;
        await s3.putPublicAccessBlock({
          ...q,
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: k.blockPublicAcls,
            IgnorePublicAcls: k.ignorePublicAcls,
            BlockPublicPolicy: k.blockPublicPolicy,
            RestrictPublicBuckets: k.restrictPublicBuckets,
          },
        });
        return;
      }
      case "ownership":
        await s3.putBucketOwnershipControls({
          ...q,
          OwnershipControls: { Rules: [{ ObjectOwnership: value.objectOwnership as never }] },
        });
        return;
      case "policy":
        if (value.document === "") await s3.deleteBucketPolicy(q);
        else await s3.putBucketPolicy({ ...q, Policy: value.document });
        return;
      case "lifecycle": {
        const rules = lifecycleRules(value.rules);
        if (rules.length === 0) await s3.deleteBucketLifecycle(q);
        else await s3.putBucketLifecycleConfiguration({ ...q, LifecycleConfiguration: { Rules: rules } });
        return;
      }
      case "logging":
        await s3.putBucketLogging({
          ...q,
          BucketLoggingStatus: value.logging
            ? {
                LoggingEnabled: {
                  TargetBucket: value.logging.targetBucket,
                  TargetPrefix: value.logging.targetPrefix,
                },
              }
            : {},
        });
        return;
      case "tags": {
        const TagSet = Object.entries(value.tags).map(([Key, Value]) => ({ Key, Value }));
        if (TagSet.length === 0) await s3.deleteBucketTagging(q);
        else await s3.putBucketTagging({ ...q, Tagging: { TagSet } });
        return;
      }
    }
  }
}

/** The planned rules (JSON, dates as ISO strings) in the SDK's shape (dates as Date). */
function lifecycleRules(text: string): LifecycleRule[] {
  const rules = JSON.parse(text) as Array<Record<string, unknown>>;
  return rules.map((r) => {
    const rule = { ...r } as Record<string, unknown>;
    const exp = rule.Expiration as Record<string, unknown> | undefined;
    if (typeof exp?.Date === "string") rule.Expiration = { ...exp, Date: new Date(exp.Date) };
    if (Array.isArray(rule.Transitions)) {
      rule.Transitions = (rule.Transitions as Record<string, unknown>[]).map((t) =>
        typeof t.Date === "string" ? { ...t, Date: new Date(t.Date) } : t,
      );
    }
    return rule as unknown as LifecycleRule;
  });
}
