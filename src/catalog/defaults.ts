/**
 * Defaults for preset parameters and the ARNs derived from them, in one place so every preset,
 * the guardrails and the docs agree on them.
 */
import type { PresetParams } from "./types.ts";

/** keyless's own bucket naming (`<prefix>-<account>-<region>`), used when no state bucket is known. */
export const DEFAULT_STATE_BUCKET_PATTERN = "keyless-tfstate-*";
export const DEFAULT_IAM_PATH = "/terraform/";
export const DEFAULT_PERMISSIONS_BOUNDARY = "TerraformBoundary";
export const POLICY_VERSION = "2012-10-17";

/**
 * The tag that marks a resource as Terraform-managed for the presets' attribute-based conditions:
 * IAM policy versions and Lambda code can be changed only on resources that carry it. Set it with
 * the provider's `default_tags`. It narrows what a holder can touch by accident and makes a
 * deliberate widening visible (adding the tag is a separate, audited call); it is not a fence on
 * its own (see docs/permission-sets.md).
 */
export const SCOPE_TAG = { key: "keyless-scope", value: "terraform" } as const;
export const scopeTagCondition = (kind: "Resource" | "Request") => ({
  StringEquals: { [`aws:${kind}Tag/${SCOPE_TAG.key}`]: SCOPE_TAG.value },
});

export const stateBucketOf = (p: PresetParams): string => p.stateBucket ?? DEFAULT_STATE_BUCKET_PATTERN;
export const stateKeyPrefixOf = (p: PresetParams): string => p.stateKeyPrefix ?? "";
export const iamPathOf = (p: PresetParams): string => p.iamPath ?? DEFAULT_IAM_PATH;
export const boundaryNameOf = (p: PresetParams): string =>
  p.permissionsBoundaryName ?? DEFAULT_PERMISSIONS_BOUNDARY;

export const bucketArn = (bucket: string): string => `arn:aws:s3:::${bucket}`;

/**
 * IAM resources under the managed path. The account is `*`: a permission set is provisioned into
 * many accounts, and IAM actions only ever act on the caller's own account.
 */
export const iamArn = (kind: "role" | "policy" | "instance-profile", path: string, name = "*"): string =>
  `arn:aws:iam::*:${kind}${path}${name}`;

/**
 * The boundary policy lives at path "/" (outside the managed path) so the policy rights of
 * terraform-iam never reach it; the explicit deny in terraform-iam makes sure.
 */
export const boundaryArn = (p: PresetParams): string => `arn:aws:iam::*:policy/${boundaryNameOf(p)}`;
