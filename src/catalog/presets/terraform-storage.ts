/**
 * terraform-storage: S3 buckets and their settings, EBS volumes and snapshots, EFS file systems.
 *
 * Volumes, snapshots and file systems hold data: attaching, snapshotting, copying, mounting or
 * rewriting the policy of one that Terraform did not create would hand its contents over, so those
 * calls need the scope tag on the existing resource (set at creation only: scope-tag.ts).
 */
import { bucketArn, iamPathOf } from "../defaults.ts";
import { COMMON_DENIALS } from "../guardrails.ts";
import { GUARDRAIL_PARAMETERS } from "../parameters.ts";
import { readActions } from "../read-sets.ts";
import { assemble, commonNotes } from "../render.ts";
import { onTagged } from "../scope-tag.ts";
import { allow, kmsViaService, passRole, serviceLinkedRoles } from "../statements.ts";
import type { PolicyStatement, Preset, PresetParams } from "../types.ts";

function objectWrites(p: PresetParams): PolicyStatement[] {
  const buckets = p.objectBuckets ?? [];
  if (buckets.length === 0) return [];
  return [
    allow(
      "ObjectBuckets",
      ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:*ObjectTagging"],
      buckets.map((b) => `${bucketArn(b)}/*`),
    ),
  ];
}

export const terraformStorage: Preset = {
  name: "terraform-storage",
  shortName: "storage",
  purpose: "S3 buckets and their configuration, EBS volumes and snapshots, EFS file systems",
  services: ["S3", "EBS", "EFS"],
  grants: [
    "S3 bucket management: create and delete buckets, every bucket-level Put/Delete/Get setting, list bucket keys",
    "objects (aws_s3_object) only in catalog.objectBuckets",
    "EBS: create volumes (from tagged snapshots only) and snapshots (of tagged volumes and instances only); attach, detach, modify and delete only tagged volumes and snapshots; default EBS encryption on",
    "customer-managed KMS keys for EBS through EC2 only (kms:ViaService), grants only for AWS resources",
    "EFS: create file systems; mount targets, access points, policies, lifecycle, backup settings and deletion only on tagged file systems",
    "ec2:CreateNetworkInterface (EFS mount targets), ec2:CreateTags/DeleteTags (the scope tag only at creation)",
    "iam:PassRole to s3.amazonaws.com for replication, for roles under the managed IAM path only",
    "the planning read set of S3, EBS and EFS",
  ],
  notGranted: [
    "objects outside catalog.objectBuckets (also denied)",
    "snapshot sharing (ec2:ModifySnapshotAttribute; also denied), snapshot copies (ec2:CopySnapshot), switching default EBS encryption off or to another key",
    "volumes, snapshots and file systems without the scope tag",
    "EFS client access (elasticfilesystem:Client*)",
  ],
  denies: [...COMMON_DENIALS],
  cannotPrevent: [
    "bucket settings of every bucket in the account (no S3 condition key names the bucket's owner team): a lifecycle rule that expires another team's objects, versioning suspended, replication or notifications to another account, logging to another account. The state and audit buckets are denied. Closes with: one account per team; Object Lock on buckets that must survive; the resource-perimeter SCP for replication (the replication role writes to a bucket outside the organization).",
    "a bucket policy or ACL that grants another account read access (policy content has no condition key). Closes with: the RCP that denies S3 access to principals outside the organization; S3 Block Public Access at account level.",
    "an EFS file system policy granting another account (EFS supports no RCP): review aws_efs_file_system_policy in code review.",
  ],
  parameters: GUARDRAIL_PARAMETERS,
  render(p) {
    return assemble(
      [
        allow("Storage", [
          ...readActions("storage"),
          "s3:CreateBucket",
          "s3:DeleteBucket",
          "s3:PutBucket*",
          "s3:DeleteBucket*",
          "s3:Put*Configuration",
          "s3:ListBucketVersions",
          "ec2:EnableEbsEncryptionByDefault",
          "ec2:CreateNetworkInterface",
          "ec2:CreateTags",
          "ec2:DeleteTags",
          "elasticfilesystem:CreateFileSystem",
          "elasticfilesystem:TagResource",
          "elasticfilesystem:UntagResource",
        ]),
        ...objectWrites(p),
        // New volumes and snapshots; their sources (a snapshot, a volume, an instance) must be tagged.
        allow("EbsNewVolumes", ["ec2:CreateVolume"], "arn:aws:ec2:*:*:volume/*"),
        allow("EbsNewSnapshots", ["ec2:CreateSnapshot", "ec2:CreateSnapshots"], "arn:aws:ec2:*::snapshot/*"),
        onTagged("StorageOfManaged", [
          "ec2:CreateVolume",
          "ec2:CreateSnapshot",
          "ec2:CreateSnapshots",
          "ec2:AttachVolume",
          "ec2:DetachVolume",
          "ec2:ModifyVolume",
          "ec2:ModifyVolumeAttribute",
          "ec2:DeleteVolume",
          "ec2:DeleteSnapshot",
          "elasticfilesystem:Create*",
          "elasticfilesystem:Delete*",
          "elasticfilesystem:Put*",
          "elasticfilesystem:Update*",
          "elasticfilesystem:ModifyMountTargetSecurityGroups",
        ]),
        kmsViaService("EbsKeysViaEc2", ["ec2"]),
        passRole(iamPathOf(p), ["s3.amazonaws.com"]),
        serviceLinkedRoles(["elasticfilesystem.amazonaws.com"]),
      ],
      p,
      commonNotes(p),
    );
  },
};
