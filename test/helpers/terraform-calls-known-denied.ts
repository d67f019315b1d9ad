/**
 * Recorded Terraform calls that TODAY's presets deny, each with the finding of issue 10 it is
 * evidence for. test/unit/terraform-calls/presets-allow-recorded-calls.test.ts fails on a denial
 * missing here AND on an entry that no longer matches any denial: when a preset is fixed, its
 * entries must go. The goal is an empty list.
 */
import type { Check, KeyPrefixVariant, RequestVerdict } from "./terraform-calls-eval.ts";

export interface KnownDenied {
  /**
   * The finding of issue 10 this denial is evidence for; "holder" for the "think like the
   * holder" section (fences beyond the numbered findings).
   */
  finding: number | "holder";
  /** Set when the denial came with a preset fix (the fix is too narrow for a typical stack). */
  regression?: true;
  check: Check;
  /** Only under this key prefix variant (both when unset). */
  keyPrefix?: KeyPrefixVariant;
  /** Only in these stacks (every stack when unset). */
  stacks?: string[];
  action: string;
  /** A glob (`*` any run of characters) on the resource ARN; any resource when unset. */
  resource?: string;
  /** Why it is denied, in the words of the finding. */
  why: string;
}

export const KNOWN_DENIED: KnownDenied[] = [
  {
    finding: 8,
    check: "provider",
    stacks: ["compute-ec2-ebs"],
    action: "ec2:*Volume",
    why: "an instance's data volume (aws_ebs_volume + aws_volume_attachment): Create/Attach/Detach/DeleteVolume are terraform-storage's by the presets' design, so such a stack needs both sets (or compute grants volumes attached to its instances)",
  },
  {
    finding: 8,
    check: "provider",
    stacks: ["compute-ec2-ebs"],
    action: "ec2:GetInstanceUefiData",
    why: 'data "aws_ami" (provider 5.100) calls ec2:GetInstanceUefiData, a Get* outside the ec2:Describe* read set (moto answers 400 to it, so whether the provider tolerates AWS\'s 403 is not shown)',
  },
  {
    finding: 8,
    check: "core-plan",
    stacks: ["compute-ec2-ebs"],
    action: "ec2:GetInstanceUefiData",
    why: "the same read during plan: core's read set has ec2:Describe* only",
  },
  {
    finding: 8,
    check: "provider",
    stacks: ["database-rds-dynamodb"],
    action: "kms:DescribeKey",
    resource: "arn:aws:kms:eu-central-1:123456789012:key/alias/aws/dynamodb",
    why: "aws_dynamodb_table describes the AWS-managed alias/aws/dynamodb key itself (not through DynamoDB); terraform-database allows KMS only with kms:ViaService",
  },
  {
    finding: 7,
    regression: true,
    check: "provider",
    stacks: ["iam-role"],
    action: "iam:TagPolicy",
    why: "CreatePolicy with the scope tag needs iam:TagPolicy; DenyScopeTagOnExisting denies it unless aws:ResourceTag already carries the tag, and IAM's documented tag-on-create examples condition only on aws:RequestTag/aws:TagKeys (whether IAM shows the new policy's tags as aws:ResourceTag is undocumented; the preset's own note says to verify on AWS)",
  },
  {
    finding: "holder",
    regression: true,
    check: "provider",
    stacks: ["networking-vpc"],
    action: "ec2:AuthorizeSecurityGroup*",
    resource: "arn:aws:ec2:eu-central-1:123456789012:security-group-rule/*",
    why: "a rule with tags (the provider's default_tags) is authorized on the new security-group-rule too, which supports only aws:RequestTag/aws:TagKeys; NetworkOfManaged allows ec2:*SecurityGroup* only with aws:ResourceTag, which a new rule cannot have",
  },
];

/** `*` matches any run of characters; everything else literally. */
export function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return re.test(value);
}

export function matchesKnown(entry: KnownDenied, v: RequestVerdict): boolean {
  return (
    entry.check === v.check &&
    (entry.keyPrefix === undefined || entry.keyPrefix === v.keyPrefix) &&
    (entry.stacks === undefined || entry.stacks.includes(v.stack)) &&
    globMatch(entry.action, v.request.action) &&
    (entry.resource === undefined || globMatch(entry.resource, v.request.resource))
  );
}
