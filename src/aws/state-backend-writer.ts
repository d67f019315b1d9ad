/**
 * The StateBackendWriter port on the real SDK: KMS key, S3 bucket and its settings, DynamoDB lock table,
 * in one account and region. Every S3 call carries ExpectedBucketOwner, so a bucket name that changed
 * hands between plan and apply is never written. There is no delete of the bucket, key or table.
 *
 * Every write converges when AWS's reply is lost or a run was killed half-way (idempotent.ts): creates
 * look for what an earlier attempt made (state-backend-find.ts: the key by its keyless:alias tag, the
 * alias, the bucket, the table) and the puts and updates are safe to repeat.
 */
import type { TableDescription, UpdateTableCommandInput } from "@aws-sdk/client-dynamodb";
import type { LifecycleRule } from "@aws-sdk/client-s3";
import type { StateBackendWriter } from "../apply/ports.ts";
import type { BucketSettingValue, KmsKeySpec, LockTableSpec } from "../engine/plan-types.ts";
import { KeylessError } from "../errors/keyless-error.ts";
import type { StateBackendClients } from "./clients.ts";
import { isAwsError, withAwsErrors } from "./errors.ts";
import { createOnce } from "./idempotent.ts";
import { createStateBackendFinders, KEY_ALIAS_TAG } from "./state-backend-find.ts";

export interface StateBackendWriterOptions {
  accountId: string;
  /** Waits between DynamoDB status checks and before repeating a create. Default: the clients' clock. */
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
  const sleep = opts.sleep ?? ((ms: number) => b.clock.sleep(ms));
  const find = createStateBackendFinders(b, ExpectedBucketOwner);
  const never = () => false;

  /**
   * An UpdateTable the SDK repeated after a lost reply is refused (the table is UPDATING, or nothing
   * is left to change): done when the table shows the wanted state once it is ACTIVE again.
   */
  async function updateTable(
    input: UpdateTableCommandInput,
    holds: (t: TableDescription | undefined) => boolean,
  ): Promise<void> {
    try {
      await dynamodb.updateTable(input);
    } catch (err) {
      if (!isAwsError(err, "ResourceInUseException") && !isAwsError(err, "ValidationException")) throw err;
      await waitForTable(input.TableName ?? "");
      if (!holds((await dynamodb.describeTable({ TableName: input.TableName })).Table)) throw err;
    }
    await waitForTable(input.TableName ?? "");
  }

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
        const adopted = await find.orphanKey(spec.alias);
        const key =
          adopted ??
          (await createOnce({
            create: async () => {
              const meta = (
                await kms.createKey({
                  Description: KEY_DESCRIPTION,
                  KeyUsage: "ENCRYPT_DECRYPT",
                  KeySpec: "SYMMETRIC_DEFAULT",
                  Policy: spec.policy,
                  Tags: Object.entries({ ...spec.tags, [KEY_ALIAS_TAG]: spec.alias }).map(
                    ([TagKey, TagValue]) => ({ TagKey, TagValue }),
                  ),
                })
              ).KeyMetadata;
              if (!meta?.KeyId || !meta.Arn)
                throw new KeylessError("AWS_ERROR", "CreateKey returned no key id");
              return { keyId: meta.KeyId, arn: meta.Arn };
            },
            find: () => find.orphanKey(spec.alias),
            exists: never,
            sleep,
          }));
        const KeyId = key.keyId;
        // An adopted key was made by an earlier run, perhaps from an older keyless.yaml.
        if (adopted) await kms.putKeyPolicy({ KeyId, PolicyName: "default", Policy: spec.policy });
        if (spec.rotation) await kms.enableKeyRotation({ KeyId });
        await createOnce({
          create: async () => {
            await kms.createAlias({ AliasName: spec.alias, TargetKeyId: KeyId });
            return true as const;
          },
          find: () => find.aliasOf(spec.alias, KeyId),
          exists: (err) => isAwsError(err, "AlreadyExistsException"),
          sleep,
        });
        return key.arn;
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
          await createOnce({
            create: async () => {
              await s3.createBucket({
                Bucket,
                ObjectOwnership: "BucketOwnerEnforced",
                // us-east-1 is the one region that takes no location constraint.
                ...(region !== "us-east-1" && {
                  CreateBucketConfiguration: { LocationConstraint: region as never },
                }),
              });
              return true as const;
            },
            // Ours already (an earlier attempt made it) when HeadBucket with our account id answers.
            find: () => find.bucket(Bucket),
            exists: (err) =>
              isAwsError(err, "BucketAlreadyOwnedByYou") || isAwsError(err, "BucketAlreadyExists"),
            sleep,
          });
        } catch (err) {
          if (isAwsError(err, "BucketAlreadyExists")) {
            throw new KeylessError("AWS_ERROR", `the bucket name ${Bucket} was taken by another account`, {
              hint: "Choose another stateBackend.bucket and run `keyless plan` again.",
              cause: err,
            });
          }
          throw err;
        }
      }),

    putBucketSetting: (Bucket, value) => withAwsErrors(() => putSetting(Bucket, value)),

    createLockTable: (spec: LockTableSpec) =>
      withAwsErrors(async () => {
        await createOnce({
          create: async () => {
            await dynamodb.createTable({
              TableName: spec.name,
              AttributeDefinitions: [{ AttributeName: "LockID", AttributeType: "S" }],
              KeySchema: [{ AttributeName: "LockID", KeyType: "HASH" }],
              BillingMode: "PAY_PER_REQUEST",
              ...(spec.sseKms && { SSESpecification: { Enabled: true, SSEType: "KMS" } }),
              Tags: Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value })),
            });
            return true as const;
          },
          find: () => find.lockTable(spec.name),
          exists: (err) => isAwsError(err, "ResourceInUseException"),
          sleep,
        });
        await waitForTable(spec.name);
        if (spec.pointInTimeRecovery) await enablePitr(spec.name);
      }),

    updateLockTable: (after, fields) =>
      withAwsErrors(async () => {
        const TableName = after.name;
        if (fields.includes("billingMode")) {
          await updateTable(
            { TableName, BillingMode: "PAY_PER_REQUEST" },
            (t) => t?.BillingModeSummary?.BillingMode === "PAY_PER_REQUEST",
          );
        }
        if (fields.includes("sseKms")) {
          await updateTable(
            { TableName, SSESpecification: { Enabled: true, SSEType: "KMS" } },
            (t) => t?.SSEDescription?.Status === "ENABLED" && t.SSEDescription.SSEType === "KMS",
          );
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
