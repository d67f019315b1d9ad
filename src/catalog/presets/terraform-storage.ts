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
    "EBS: create volumes (from tagged snapshots only) and snapshots (of tagged volumes and instances only); attach, detach and delete only tagged volumes and snapshots; resize any volume (ec2:ModifyVolume); default EBS encryption on",
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
  denies: [
    {
      what: "s3:PutBucketAcl except the canned ACLs private and log-delivery-write (x-amz-acl header)",
      why: "a bucket ACL can grant another account or everyone (public-read, authenticated-read, grants in the body or x-amz-grant-* headers); buckets created since April 2023 have ACLs disabled anyway",
    },
    ...COMMON_DENIALS,
  ],
  cannotPrevent: [
    "bucket settings of every bucket in the account (no S3 condition key names the bucket's owner team): a lifecycle rule that expires another team's objects, versioning suspended, replication or notifications to another account, logging to another account. The state and audit buckets are denied. Closes with: one account per team; Object Lock on buckets that must survive; the resource-perimeter SCP for replication (the replication role writes to a bucket outside the organization).",
    "a bucket policy that grants another account or the public access (policy content has no condition key; bucket ACL grants are denied). Closes with: the RCP that denies S3 access to principals outside the organization; S3 Block Public Access at account level.",
    "switching S3 ABAC (s3:PutBucketAbac) on or off on another team's bucket: a team that fences its bucket with tag conditions loses them while ABAC is off. Closes with: one account per team.",
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
          "ec2:ModifyVolume",
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
        {
          // A bucket ACL can grant another account or everyone; the canned ACLs that grant no one
          // outside the account come as the x-amz-acl header. Grants in the body (AccessControlPolicy)
          // or x-amz-grant-* headers carry no s3:x-amz-acl and are denied with the public ones.
          Sid: "DenyBucketAclGrants",
          Effect: "Deny",
          Action: ["s3:PutBucketAcl"],
          Resource: "*",
          Condition: { StringNotEquals: { "s3:x-amz-acl": ["private", "log-delivery-write"] } },
        },
      ],
      p,
      commonNotes(p),
    );
  },
};
