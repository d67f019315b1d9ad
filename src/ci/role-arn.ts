/**
 * The ARN of a CI role keyless creates: `arn:PARTITION:iam::ACCOUNT:role/keyless/ci/NAME` (the IAM
 * path `/keyless/ci/` of providers.ts), and the partition of a region. Pure, so the workflow writer
 * (which makes no AWS call) and the audit (which recognises keyless's roles) agree on one form.
 */
import { CI_ROLE_PATH } from "./providers.ts";

export function partitionOfRegion(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

export function ciRoleArn(partition: string, accountId: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:role${CI_ROLE_PATH}${name}`;
}

/** `arn:aws:iam::111122223333:role/keyless/ci/terraform-apply` → its account and name; else undefined. */
export function parseCiRoleArn(
  arn: string,
): { partition: string; accountId: string; name: string } | undefined {
  const m = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/keyless\/ci\/([A-Za-z0-9_+=,.@-]{1,64})$/.exec(arn);
  return m ? { partition: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}
