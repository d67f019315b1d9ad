/** Builders for the state backend planner tests: a desired backend, and AWS as keyless leaves it. */
import type {
  Actual,
  ActualBucketSettings,
  ActualKmsKey,
  ActualStateBackend,
  Desired,
  DesiredStateBackend,
} from "../../../src/engine/model.ts";
import type { BucketSettingValue } from "../../../src/engine/plan-types.ts";

export const ACCOUNT = "123456789012";
export const REGION = "eu-central-1";
export const BUCKET = "acme-tfstate";
export const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
export const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${KEY_ID}`;

export function backend(overrides: Partial<DesiredStateBackend> = {}): DesiredStateBackend {
  return {
    accountId: ACCOUNT,
    region: REGION,
    bucket: BUCKET,
    keyPrefix: "",
    locking: "s3",
    encryption: { type: "kms", alias: "alias/keyless-tfstate" },
    noncurrentVersionDays: 90,
    tags: { "managed-by": "keyless", team: "platform" },
    allowWeakening: false,
    ...overrides,
  };
}

export function desired(sb: DesiredStateBackend = backend()): Desired {
  return {
    identityCenter: { region: REGION },
    accounts: { shared: ACCOUNT },
    organizationalUnits: {},
    users: [],
    groups: [],
    permissionSets: [],
    assignmentRules: [],
    prune: { permissionSets: [], groups: [], assignmentsOfManagedPermissionSets: true, enabled: false },
    stateBackend: sb,
  };
}

export function actual(stateBackend: ActualStateBackend): Actual {
  return {
    instanceArn: "arn:aws:sso:::instance/ssoins-1111111111111111",
    identityStoreId: "d-1234567890",
    users: [],
    groups: [],
    permissionSets: [],
    assignments: [],
    staleProvisioning: {},
    provisionedAccounts: {},
    ouAccounts: {},
    stateBackend,
  };
}

export function emptySettings(): ActualBucketSettings {
  return {
    versioning: "Off",
    encryption: { algorithm: "none", bucketKeyEnabled: false },
    publicAccessBlock: {
      blockPublicAcls: false,
      ignorePublicAcls: false,
      blockPublicPolicy: false,
      restrictPublicBuckets: false,
    },
    objectOwnership: "none",
    policy: "",
    lifecycleRules: "[]",
    logging: null,
    tags: {},
  };
}

export function key(overrides: Partial<ActualKmsKey> = {}): ActualKmsKey {
  return { keyId: KEY_ID, keyArn: KEY_ARN, keyState: "Enabled", rotation: true, policy: "", ...overrides };
}

/** What S3 holds after a Put of this setting value (how the writer changes the bucket). */
export function applySetting(s: ActualBucketSettings, v: BucketSettingValue): ActualBucketSettings {
  switch (v.setting) {
    case "versioning":
      return { ...s, versioning: v.status };
    case "encryption":
      return { ...s, encryption: v.encryption };
    case "public_access_block":
      return { ...s, publicAccessBlock: v.block };
    case "ownership":
      return { ...s, objectOwnership: v.objectOwnership };
    case "policy":
      return { ...s, policy: v.document };
    case "lifecycle":
      return { ...s, lifecycleRules: v.rules };
    case "logging":
      return { ...s, logging: v.logging };
    case "tags":
      return { ...s, tags: v.tags };
  }
}
