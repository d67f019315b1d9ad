/**
 * The `catalog:` section of keyless.yaml: the parameters every permission-set preset is rendered
 * with (docs/permission-sets.md). The policy path and name fields are the file's own (schema.ts).
 */
import { z } from "zod";
import * as P from "./patterns.ts";
import { matching } from "./schema-helpers.ts";

/** A bucket name, or a pattern with `*` (aws-cloudtrail-logs-*). */
const BucketNameOrPattern = z.string().regex(/^[a-z0-9*][a-z0-9.*-]{1,62}$/, {
  error: (iss) =>
    `"${String(iss.input)}" is not an S3 bucket name or pattern: 3-63 lowercase letters, digits, dots, hyphens, and * as a wildcard`,
});

const LogGroupNameOrPattern = z.string().regex(/^[A-Za-z0-9_./#*-]{1,512}$/, {
  error: (iss) =>
    `"${String(iss.input)}" is not a log group name or pattern: 1-512 of letters, digits and _ - / . # (and * as a wildcard)`,
});

const AuditLogs = z
  .strictObject({
    buckets: z.array(BucketNameOrPattern).optional().meta({
      description: "The audit trail's buckets. Default: aws-cloudtrail-logs-*, aws-controltower-logs-*.",
    }),
    logGroups: z.array(LogGroupNameOrPattern).optional().meta({
      description:
        "The audit trail's log groups. Default: aws-cloudtrail-logs-*, aws-controltower/CloudTrailLogs.",
    }),
    kmsKeyArns: z
      .array(
        matching(
          /^arn:aws[-a-z]*:kms:[a-z]{2}(?:-[a-z]+)+-\d{1,2}:\d{12}:key\/[A-Za-z0-9-]{1,128}$/,
          (v) => `"${v}" is not a KMS key ARN; write arn:aws:kms:<region>:<account>:key/<key id>`,
        ),
      )
      .optional()
      .meta({ description: "The audit trail's KMS keys. Default: none." }),
  })
  .meta({
    description:
      "The audit trail's buckets, log groups and keys that no preset (and no role under the managed IAM path) may change.",
  });

export function catalogSchema(fields: { PolicyPath: z.ZodString; CustomerPolicyName: z.ZodString }) {
  const { PolicyPath, CustomerPolicyName } = fields;
  return z
    .strictObject({
      allowedRegions: z
        .array(matching(P.REGION, (v) => `"${v}" is not an AWS region name; write one like eu-central-1`))
        .min(1, { error: "list at least one region, or remove allowedRegions" })
        .optional()
        .meta({
          description:
            "Presets deny requests to other regions (global services excepted). Default: no restriction.",
        }),
      iamPath: PolicyPath.refine((v) => v !== "/", {
        error:
          'iamPath "/" would let terraform-iam manage every role and the boundary policy itself; use a dedicated path such as /terraform/',
      })
        .optional()
        .meta({
          description:
            "IAM path of the roles and policies Terraform manages (terraform-iam, PassRole). Default /terraform/.",
        }),
      permissionsBoundary: CustomerPolicyName.optional().meta({
        description:
          "Name of the boundary policy roles created by terraform-iam must carry. Default TerraformBoundary.",
      }),
      objectBuckets: z
        .array(BucketNameOrPattern)
        .min(1, { error: "list at least one bucket, or remove objectBuckets" })
        .optional()
        .meta({
          description:
            "Buckets whose objects Terraform reads or writes (Lambda/ECS artifacts, aws_s3_object); every other object is denied to every preset. Default: none.",
        }),
      auditLogs: AuditLogs.optional(),
    })
    .meta({ description: "Parameters of the permission-set presets (docs/permission-sets.md)." });
}
