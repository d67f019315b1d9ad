/**
 * Actions a call needs besides its own, which no recorded HTTP request shows:
 * - iam:PassRole on a role handed to a service (iam:PassedToService);
 * - KMS actions a service performs with the caller's permissions on a customer-managed key
 *   (kms:ViaService, kms:GrantIsForAWSResource for the grants EBS, RDS and DynamoDB create);
 * - the service's tag action for a create that carries tags (aws:RequestTag / aws:TagKeys).
 */
import type { Context, HandlerContext, IamRequest } from "./iam-request.ts";

export function passRole(ctx: HandlerContext, roleArn: string, service: string, because: string): IamRequest {
  return ctx.req("iam:PassRole", roleArn, { "iam:PassedToService": service }, because);
}

/** A key named by ARN, key id, alias name or alias ARN → the key's ARN when it can be known. */
export function keyArn(ctx: HandlerContext, key: string): string {
  if (key.startsWith("arn:")) return key;
  return `arn:aws:kms:${ctx.p.region}:${ctx.account}:${key.startsWith("alias/") ? key : `key/${key}`}`;
}

/**
 * `actions` on a KMS key, performed by `service` (`s3`, `ec2`, `rds`, `dynamodb`) on the caller's
 * behalf: evaluated against the caller's policy with kms:ViaService set.
 */
export function kmsVia(
  ctx: HandlerContext,
  key: string,
  service: string,
  actions: string[],
  because: string,
  extra: Context = {},
): IamRequest[] {
  const arn = keyArn(ctx, key);
  const context: Context = {
    "kms:ViaService": `${service}.${ctx.p.region}.amazonaws.com`,
    "kms:CallerAccount": ctx.account,
    "aws:ViaAWSService": "true",
    ...extra,
  };
  const aliases = ctx.env.kmsAliases?.[arn];
  if (aliases?.length) context["kms:ResourceAliases"] = aliases;
  return actions.map((action) => {
    const c = { ...context };
    if (action === "kms:CreateGrant") c["kms:GrantIsForAWSResource"] = "true";
    return ctx.req(action, arn, c, because);
  });
}

/** What EBS, RDS and DynamoDB need on a customer-managed key to create an encrypted resource. */
export const KMS_FOR_ENCRYPTED_CREATE: Record<string, string[]> = {
  ec2: ["kms:DescribeKey", "kms:CreateGrant", "kms:GenerateDataKeyWithoutPlaintext", "kms:Decrypt"],
  rds: ["kms:DescribeKey", "kms:CreateGrant"],
  dynamodb: ["kms:DescribeKey", "kms:CreateGrant"],
};

/** The action that tags a resource of each service, needed besides the create when it carries tags. */
export const TAG_ACTION: Record<string, string> = {
  dynamodb: "dynamodb:TagResource",
  logs: "logs:TagResource",
  rds: "rds:AddTagsToResource",
  cloudwatch: "cloudwatch:TagResource",
  lambda: "lambda:TagResource",
  kms: "kms:TagResource",
};
