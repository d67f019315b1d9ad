/**
 * The catalog's vocabulary: what a preset is (data plus a pure render function), the parameters it
 * is rendered with, and the policy document it produces. No I/O here; the config loader and the
 * `catalog` command supply parameters, the docs generator reads the descriptive fields.
 */

/** One IAM policy statement, as the presets write them (always with a Sid, for readable diffs). */
export interface PolicyStatement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Action?: string[];
  /** Only in Deny statements: Allow with NotAction grants far more than intended. */
  NotAction?: string[];
  /** Exactly one of Resource and NotResource; NotResource only in Deny statements (exemptions). */
  Resource?: string | string[];
  NotResource?: string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/**
 * Values a preset is rendered with. All optional: without them the presets fall back to the
 * defaults below (and say so in `notes`). Taken from keyless.yaml's `stateBackend` and `catalog`
 * sections by config-params.ts.
 */
export interface PresetParams {
  /** The Terraform state bucket. Unset: terraform-core uses the pattern `keyless-tfstate-*`. */
  stateBucket?: string;
  /** State object keys start with this (e.g. `team-a/`). Default "" (the whole bucket). */
  stateKeyPrefix?: string;
  /** DynamoDB lock table, only when DynamoDB locking is configured (S3 lock files otherwise). */
  lockTable?: string;
  /** The KMS key that encrypts the state, when its ARN is known. */
  stateKmsKeyArn?: string;
  /** The alias of the state key when keyless creates it and its ARN is not known yet. */
  stateKmsAlias?: string;
  /** Deny requests to any other region (global services excepted). Unset: no region restriction. */
  allowedRegions?: string[];
  /** IAM path for roles, instance profiles and policies Terraform manages. Default `/terraform/`. */
  iamPath?: string;
  /** The boundary policy every role terraform-iam creates must carry. Default `TerraformBoundary`. */
  permissionsBoundaryName?: string;
  /** The account holding the state bucket, lock table and key. Unset: any account (`*`). */
  stateAccountId?: string;
  /**
   * Narrows this permission set's state access to keys under `stateKeyPrefix` + this (e.g. `team-a/`):
   * one key prefix per team or environment. From the permission set's `stateScope`. Default "".
   */
  stateScope?: string;
  /**
   * Buckets whose objects Terraform reads or writes besides the state: Lambda and ECS artifacts,
   * `aws_s3_object`. compute and serverless may read them, storage may read and write them; every
   * other object read is denied. From `catalog.objectBuckets`. Default: none.
   */
  objectBuckets?: string[];
  /**
   * The audit trail's S3 buckets, CloudWatch Logs log groups and KMS keys that no preset may change.
   * From `catalog.auditLogs`. Default: the console and Control Tower names (see defaults.ts).
   */
  auditBuckets?: string[];
  auditLogGroups?: string[];
  auditKmsKeyArns?: string[];
}

export type PresetParamName = keyof PresetParams;

export interface CustomerPolicyRef {
  name: string;
  path: string;
}

/** What a preset becomes on a permission set. */
export interface RenderedPreset {
  inlinePolicy: PolicyDocument;
  /** AWS-managed policy ARNs to attach (none today: see the read-only decision in docs). */
  managedPolicies: string[];
  /** Customer-managed policies to attach; used only when a preset is split deliberately. */
  customerManagedPolicies: CustomerPolicyRef[];
  /** Facts about this rendering worth telling the reader (defaults used, parameters ignored). */
  notes: string[];
}

/** Something a preset refuses, and why (shown by `catalog show` and in docs/permission-sets.md). */
export interface Denial {
  what: string;
  why: string;
}

export interface Preset {
  /** Full name, also the suggested permission set name: `terraform-core`. */
  name: string;
  /** The name used in keyless.yaml (`preset: core`); the full name is accepted too. */
  shortName: string;
  /** One line. */
  purpose: string;
  /** The AWS services / Terraform domains covered. */
  services: string[];
  /** Human-readable list of what the preset allows. */
  grants: string[];
  /** Deliberately left out (not denied: another preset or an extraStatement may grant it). */
  notGranted: string[];
  /** Everything the preset denies, the common guardrails included. */
  denies: Denial[];
  /**
   * What a holder can still do outside the domain that no condition key lets the permission set
   * prevent, each with the organisation-level control (SCP/RCP, account split) that closes it.
   */
  cannotPrevent: string[];
  /** Which parameters change the rendered policy. */
  parameters: PresetParamName[];
  render(params: PresetParams): RenderedPreset;
}
