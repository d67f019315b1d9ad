/**
 * Reads the Terraform state backend as it is now: who the caller is, whether the bucket exists (and is
 * ours, in the right region), each bucket setting keyless manages, the KMS key and the lock table.
 * Reading never writes. "Not configured" answers (404 NoSuch...) become empty settings; any other
 * error is raised as a KeylessError.
 */
import type {
  ActualBucketSettings,
  ActualBucketStatus,
  ActualKmsKey,
  ActualLockTable,
  ActualStateBackend,
  BucketEncryption,
  DesiredStateBackend,
  VersioningStatus,
} from "../engine/model.ts";
import type { AwsClients, StateBackendClients } from "./clients.ts";
import { isAwsError, withAwsErrors } from "./errors.ts";

export async function readStateBackend(
  clients: AwsClients,
  sb: DesiredStateBackend,
): Promise<ActualStateBackend> {
  return withAwsErrors(async () => {
    const who = await clients.sts.getCallerIdentity({});
    const callerAccountId = who.Account ?? "";
    if (callerAccountId !== sb.accountId) return { callerAccountId, bucket: { status: "not-read" } };
    const b = await clients.stateBackend(sb.region);
    const [bucket, kmsKey, lockTable] = await Promise.all([
      readBucket(b, sb),
      sb.encryption.type === "aes256" ? Promise.resolve(undefined) : readKey(b, sb),
      sb.locking === "dynamodb" && sb.dynamodbTable
        ? readTable(b, sb.dynamodbTable)
        : Promise.resolve(undefined),
    ]);
    const out: ActualStateBackend = { callerAccountId, bucket };
    if (kmsKey !== undefined) out.kmsKey = kmsKey;
    if (lockTable !== undefined) out.lockTable = lockTable;
    return out;
  });
}

function httpStatus(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

function regionHeader(err: unknown): string | undefined {
  const headers = (err as { $response?: { headers?: Record<string, string> } })?.$response?.headers;
  return headers?.["x-amz-bucket-region"];
}

/** Runs a Get call; the named "not configured" errors give `empty`. */
async function orEmpty<T>(call: () => Promise<T>, empty: T, ...notFound: string[]): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (notFound.some((n) => isAwsError(err, n))) return empty;
    throw err;
  }
}

async function readBucket(b: StateBackendClients, sb: DesiredStateBackend): Promise<ActualBucketStatus> {
  const Bucket = sb.bucket;
  const ExpectedBucketOwner = sb.accountId;
  try {
    const head = await b.s3.headBucket({ Bucket, ExpectedBucketOwner });
    if (head.BucketRegion && head.BucketRegion !== sb.region) {
      return { status: "other-region", region: head.BucketRegion };
    }
  } catch (err) {
    const status = httpStatus(err);
    if (status === 404 || isAwsError(err, "NotFound") || isAwsError(err, "NoSuchBucket"))
      return { status: "absent" };
    if (status === 403) return { status: "forbidden" };
    if (status === 301 || status === 400) {
      const region = regionHeader(err);
      if (region && region !== sb.region) return { status: "other-region", region };
    }
    throw err;
  }
  return { status: "present", settings: await readSettings(b, Bucket, ExpectedBucketOwner) };
}

async function readSettings(
  b: StateBackendClients,
  Bucket: string,
  ExpectedBucketOwner: string,
): Promise<ActualBucketSettings> {
  const q = { Bucket, ExpectedBucketOwner };
  const { s3 } = b;
  const [versioning, encryption, pab, ownership, policy, lifecycle, logging, tagging] = await Promise.all([
    s3.getBucketVersioning(q),
    orEmpty(() => s3.getBucketEncryption(q), undefined, "ServerSideEncryptionConfigurationNotFoundError"),
    orEmpty(() => s3.getPublicAccessBlock(q), undefined, "NoSuchPublicAccessBlockConfiguration"),
    orEmpty(() => s3.getBucketOwnershipControls(q), undefined, "OwnershipControlsNotFoundError"),
    orEmpty(() => s3.getBucketPolicy(q), undefined, "NoSuchBucketPolicy"),
    orEmpty(() => s3.getBucketLifecycleConfiguration(q), undefined, "NoSuchLifecycleConfiguration"),
    s3.getBucketLogging(q),
    orEmpty(() => s3.getBucketTagging(q), undefined, "NoSuchTagSet"),
  ]);
  const rule = encryption?.ServerSideEncryptionConfiguration?.Rules?.[0];
  const sse = rule?.ApplyServerSideEncryptionByDefault;
  const enc: BucketEncryption = {
    algorithm: (sse?.SSEAlgorithm as BucketEncryption["algorithm"] | undefined) ?? "none",
    bucketKeyEnabled: rule?.BucketKeyEnabled === true,
  };
  if (sse?.KMSMasterKeyID) enc.kmsKeyId = sse.KMSMasterKeyID;
  const block = pab?.PublicAccessBlockConfiguration;
  const log = logging.LoggingEnabled;
  return {
    versioning: (versioning.Status as VersioningStatus | undefined) ?? "Off",
    encryption: enc,
    publicAccessBlock: {
      blockPublicAcls: block?.BlockPublicAcls === true,
      ignorePublicAcls: block?.IgnorePublicAcls === true,
      blockPublicPolicy: block?.BlockPublicPolicy === true,
      restrictPublicBuckets: block?.RestrictPublicBuckets === true,
    },
    objectOwnership: ownership?.OwnershipControls?.Rules?.[0]?.ObjectOwnership ?? "none",
    policy: compactJson(policy?.Policy ?? ""),
    // Dates (Expiration.Date, Transitions[].Date) become ISO strings; the writer turns them back.
    lifecycleRules: JSON.stringify(lifecycle?.Rules ?? []),
    logging: log?.TargetBucket
      ? { targetBucket: log.TargetBucket, targetPrefix: log.TargetPrefix ?? "" }
      : null,
    tags: Object.fromEntries(
      (tagging?.TagSet ?? [])
        .filter((t) => t.Key !== undefined)
        .map((t) => [t.Key as string, t.Value ?? ""])
        .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0)),
    ),
  };
}

function compactJson(text: string): string {
  if (text === "") return "";
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

/** type kms: the key behind the alias; kms-key: the given key. null when there is none. */
async function readKey(b: StateBackendClients, sb: DesiredStateBackend): Promise<ActualKmsKey | null> {
  const keyRef =
    sb.encryption.type === "kms-key"
      ? (sb.encryption.kmsKeyArn ?? "")
      : (sb.encryption.alias ?? "alias/keyless-tfstate");
  const described = await orEmpty(() => b.kms.describeKey({ KeyId: keyRef }), undefined, "NotFoundException");
  const meta = described?.KeyMetadata;
  if (!meta?.KeyId || !meta.Arn) return null;
  const key: ActualKmsKey = {
    keyId: meta.KeyId,
    keyArn: meta.Arn,
    keyState: meta.KeyState ?? "Unknown",
    rotation: false,
    policy: "",
  };
  // A given key is only used, never changed: its rotation and policy are not read.
  if (sb.encryption.type === "kms-key" || key.keyState !== "Enabled") return key;
  const [rotation, policy] = await Promise.all([
    b.kms.getKeyRotationStatus({ KeyId: meta.KeyId }),
    b.kms.getKeyPolicy({ KeyId: meta.KeyId, PolicyName: "default" }),
  ]);
  key.rotation = rotation.KeyRotationEnabled === true;
  key.policy = compactJson(policy.Policy ?? "");
  return key;
}

async function readTable(b: StateBackendClients, name: string): Promise<ActualLockTable | null> {
  const described = await orEmpty(
    () => b.dynamodb.describeTable({ TableName: name }),
    undefined,
    "ResourceNotFoundException",
  );
  const t = described?.Table;
  if (!t) return null;
  const [backups, tags] = await Promise.all([
    b.dynamodb.describeContinuousBackups({ TableName: name }),
    t.TableArn ? b.dynamodb.listTagsOfResource({ ResourceArn: t.TableArn }) : Promise.resolve({ Tags: [] }),
  ]);
  const key = t.KeySchema ?? [];
  const lockIdType = t.AttributeDefinitions?.find((a) => a.AttributeName === "LockID")?.AttributeType;
  return {
    name,
    lockIdKey:
      key.length === 1 &&
      key[0]?.AttributeName === "LockID" &&
      key[0]?.KeyType === "HASH" &&
      lockIdType === "S",
    billingMode: t.BillingModeSummary?.BillingMode ?? "PROVISIONED",
    pointInTimeRecovery:
      backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus ===
      "ENABLED",
    sseKms: t.SSEDescription?.Status === "ENABLED" && t.SSEDescription.SSEType === "KMS",
    tags: Object.fromEntries((tags.Tags ?? []).map((tag) => [tag.Key ?? "", tag.Value ?? ""])),
  };
}
