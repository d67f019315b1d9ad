/**
 * Preset parameters from a keyless.yaml document: the `catalog` section (regions, IAM path,
 * boundary, object buckets, audit logs) and the `stateBackend` section (bucket, key prefix, lock
 * table, KMS key). A permission set's own `stateScope` is added per set (config-preset.ts). Reads the raw
 * document leniently, because it runs beside the schema check (config/semantic.ts): a value of the
 * wrong type is ignored here and reported by the schema.
 */
import { DEFAULT_BUCKET_PREFIX, DEFAULT_KMS_ALIAS, DEFAULT_LOCK_TABLE } from "../config/state-backend.ts";
import type { PresetParams } from "./types.ts";

type Raw = Record<string, unknown>;

const isMapping = (v: unknown): v is Raw => v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
/** The strings of a list (others dropped: the schema reports them); undefined when not a list. */
const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x !== "") : undefined;

/** keyless's state backend defaults (docs/state-backend.md), from the section's own schema. */
const STATE_DEFAULTS = {
  bucketPrefix: DEFAULT_BUCKET_PREFIX,
  dynamodbTable: DEFAULT_LOCK_TABLE,
  kmsAlias: DEFAULT_KMS_ALIAS,
};

export function configPresetParams(doc: unknown): PresetParams {
  const root = isMapping(doc) ? doc : {};
  const params: PresetParams = {};
  const catalog = isMapping(root.catalog) ? root.catalog : {};
  if (Array.isArray(catalog.allowedRegions)) {
    const regions = catalog.allowedRegions.filter((r): r is string => typeof r === "string");
    if (regions.length > 0) params.allowedRegions = regions;
  }
  const iamPath = str(catalog.iamPath);
  if (iamPath) params.iamPath = iamPath;
  const boundary = str(catalog.permissionsBoundary);
  if (boundary) params.permissionsBoundaryName = boundary;
  const objectBuckets = strings(catalog.objectBuckets);
  if (objectBuckets) params.objectBuckets = objectBuckets;
  const audit = isMapping(catalog.auditLogs) ? catalog.auditLogs : {};
  const auditBuckets = strings(audit.buckets);
  if (auditBuckets) params.auditBuckets = auditBuckets;
  const auditLogGroups = strings(audit.logGroups);
  if (auditLogGroups) params.auditLogGroups = auditLogGroups;
  const auditKeys = strings(audit.kmsKeyArns);
  if (auditKeys) params.auditKmsKeyArns = auditKeys;
  if (isMapping(root.stateBackend)) addStateBackend(params, root.stateBackend, root);
  return params;
}

function addStateBackend(params: PresetParams, sb: Raw, root: Raw): void {
  const accountId = resolveAccount(sb.account, root);
  const region = str(sb.region);
  if (accountId) params.stateAccountId = accountId;
  const bucket =
    str(sb.bucket) ??
    (accountId && region
      ? `${str(sb.bucketPrefix) ?? STATE_DEFAULTS.bucketPrefix}-${accountId}-${region}`
      : undefined);
  if (bucket) params.stateBucket = bucket;
  const keyPrefix = str(sb.keyPrefix);
  if (keyPrefix) params.stateKeyPrefix = keyPrefix;
  if (sb.locking === "dynamodb") params.lockTable = str(sb.dynamodbTable) ?? STATE_DEFAULTS.dynamodbTable;
  const enc = isMapping(sb.encryption) ? sb.encryption : {};
  // Without an encryption section the backend uses a keyless-created KMS key (type kms).
  const type = enc.type ?? "kms";
  if (type === "kms-key" && str(enc.kmsKeyArn)) params.stateKmsKeyArn = str(enc.kmsKeyArn);
  if (type === "kms") params.stateKmsAlias = str(enc.alias) ?? STATE_DEFAULTS.kmsAlias;
  // The state must stay reachable when regions are restricted.
  if (region && params.allowedRegions && !params.allowedRegions.includes(region)) {
    params.allowedRegions = [...params.allowedRegions, region];
  }
}

/** An account name from `accounts`, or a 12-digit id as written. */
function resolveAccount(account: unknown, root: Raw): string | undefined {
  if (typeof account !== "string") return undefined;
  if (/^\d{12}$/.test(account)) return account;
  const accounts = isMapping(root.accounts) ? root.accounts : {};
  const id = accounts[account];
  return typeof id === "string" && /^\d{12}$/.test(id) ? id : undefined;
}
