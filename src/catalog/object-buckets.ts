/**
 * catalog.objectBuckets: the buckets whose objects Terraform reads (Lambda zips, ECS artifacts) in
 * terraform-compute and terraform-serverless. Every other object is denied by the data guardrail.
 */
import { bucketArn } from "./defaults.ts";
import { allow } from "./statements.ts";
import type { PolicyStatement, PresetParams } from "./types.ts";

/** Lambda reads a zip from S3 with the caller's permissions (CreateFunction/UpdateFunctionCode). */
export function objectReads(p: PresetParams): PolicyStatement[] {
  const buckets = p.objectBuckets ?? [];
  if (buckets.length === 0) return [];
  return [
    allow(
      "ReadObjectBuckets",
      ["s3:GetObject", "s3:GetObjectVersion"],
      buckets.map((b) => `${bucketArn(b)}/*`),
    ),
  ];
}

export const objectBucketNote = (p: PresetParams): string[] =>
  (p.objectBuckets ?? []).length === 0
    ? [
        "no catalog.objectBuckets: Lambda functions deploy from a local zip only (s3_bucket needs the bucket listed)",
      ]
    : [];
