/** terraform-storage: S3 buckets and their settings, EBS volumes and snapshots, EFS file systems. */
import { iamPathOf } from "../defaults.ts";
import { COMMON_DENIALS } from "../guardrails.ts";
import { readActions } from "../read-sets.ts";
import { assemble, commonNotes } from "../render.ts";
import { allow, passRole, serviceLinkedRoles } from "../statements.ts";
import type { Preset } from "../types.ts";

export const terraformStorage: Preset = {
  name: "terraform-storage",
  shortName: "storage",
  purpose: "S3 buckets and their configuration, EBS volumes and snapshots, EFS file systems",
  services: ["S3", "EBS", "EFS"],
  grants: [
    "S3 bucket management: create and delete buckets, every bucket-level Put/Delete/Get setting, list bucket keys",
    "EBS: create, attach, detach, modify and delete volumes; create, copy and delete snapshots; default EBS encryption settings",
    "EFS: create, update and delete file systems, mount targets, access points, policies, lifecycle and backup settings",
    "ec2:CreateNetworkInterface (EFS mount targets), ec2:CreateTags/DeleteTags",
    "iam:PassRole to s3.amazonaws.com for replication, for roles under the managed IAM path only",
    "the planning read set of S3, EBS and EFS",
  ],
  notGranted: [
    "object data: s3:GetObject/PutObject/DeleteObject (aws_s3_object and force_destroy need them; add a statement scoped to the bucket)",
    "snapshot sharing (ec2:ModifySnapshotAttribute) and switching default EBS encryption off",
    "KMS grants for customer-managed keys (kms:CreateGrant); add one scoped to the key if volumes use a CMK",
    "EFS client access (elasticfilesystem:Client*)",
  ],
  denies: [...COMMON_DENIALS],
  parameters: ["iamPath", "allowedRegions", "stateBucket"],
  render(p) {
    return assemble(
      [
        allow("PlanningRead", readActions("storage")),
        allow("S3Buckets", [
          "s3:CreateBucket",
          "s3:DeleteBucket",
          "s3:PutBucket*",
          "s3:DeleteBucket*",
          "s3:Put*Configuration",
          "s3:ListBucket",
          "s3:ListBucketVersions",
        ]),
        allow("EbsVolumes", [
          "ec2:CreateVolume",
          "ec2:DeleteVolume",
          "ec2:AttachVolume",
          "ec2:DetachVolume",
          "ec2:ModifyVolume",
          "ec2:ModifyVolumeAttribute",
          "ec2:CreateSnapshot",
          "ec2:CreateSnapshots",
          "ec2:CopySnapshot",
          "ec2:DeleteSnapshot",
          "ec2:EnableEbsEncryptionByDefault",
          "ec2:ModifyEbsDefaultKmsKeyId",
          "ec2:ResetEbsDefaultKmsKeyId",
          "ec2:CreateNetworkInterface",
          "ec2:CreateTags",
          "ec2:DeleteTags",
        ]),
        allow("EfsFileSystems", [
          "elasticfilesystem:Create*",
          "elasticfilesystem:Delete*",
          "elasticfilesystem:Put*",
          "elasticfilesystem:Update*",
          "elasticfilesystem:ModifyMountTargetSecurityGroups",
          "elasticfilesystem:TagResource",
          "elasticfilesystem:UntagResource",
        ]),
        passRole(iamPathOf(p), ["s3.amazonaws.com"]),
        serviceLinkedRoles(["elasticfilesystem.amazonaws.com"]),
      ],
      p,
      commonNotes(p),
    );
  },
};
