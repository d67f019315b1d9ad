/** ARNs, accounts and parameters the red-team cases share. */
import type { PresetParams } from "../../../../src/catalog/types.ts";
import { MGMT_ACCOUNT, OUTSIDE_ACCOUNT } from "../../../helpers/iam-eval.ts";

export const R = "eu-central-1";
export const A = MGMT_ACCOUNT;
export const STATE_BUCKET = `keyless-tfstate-${A}-${R}`;
export const STATE_KEY = `arn:aws:kms:${R}:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const AUDIT_KEY = `arn:aws:kms:${R}:${A}:key/abcd1234-12ab-34cd-56ef-1234567890ab`;

/** The suite's parameters: what examples/keyless.yaml sets, plus a team scope and object bucket. */
export const PARAMS: PresetParams = {
  stateBucket: STATE_BUCKET,
  stateKeyPrefix: "env/",
  stateScope: "team-a/",
  stateKmsAlias: "alias/keyless-tfstate",
  stateAccountId: A,
  allowedRegions: [R],
  objectBuckets: ["team-a-artifacts"],
  auditKmsKeyArns: [AUDIT_KEY],
};

export const iamRole = (path: string) => `arn:aws:iam::${A}:role/${path}`;
export const iamPolicy = (path: string) => `arn:aws:iam::${A}:policy/${path}`;
export const iamUser = (name: string) => `arn:aws:iam::${A}:user/${name}`;
export const ec2 = (type: string, id: string) => `arn:aws:ec2:${R}:${A}:${type}/${id}`;
export const snapshot = (id: string) => `arn:aws:ec2:${R}::snapshot/${id}`;
export const fn = (name: string) => `arn:aws:lambda:${R}:${A}:function:${name}`;
export const logGroup = (name: string) => `arn:aws:logs:${R}:${A}:log-group:${name}`;
export const table = (name: string) => `arn:aws:dynamodb:${R}:${A}:table/${name}`;
export const trail = (name: string) => `arn:aws:cloudtrail:${R}:${A}:trail/${name}`;
export const elb = (kind: string, id: string) => `arn:aws:elasticloadbalancing:${R}:${A}:${kind}/${id}`;
export const ecr = (name: string) => `arn:aws:ecr:${R}:${A}:repository/${name}`;
export const restApi = (id: string) => `arn:aws:apigateway:${R}::/restapis/${id}`;
/** API Gateway's TagResource/UntagResource resource: PUT/DELETE /tags/{url-encoded resource ARN}. */
export const apiTags = (id: string) => `arn:aws:apigateway:${R}::/tags/${encodeURIComponent(restApi(id))}`;
export const SSO_ADMIN_ROLE = iamRole(
  "aws-reserved/sso.amazonaws.com/eu-central-1/AWSReservedSSO_Admin_0123456789abcdef",
);
export const OUTSIDE = OUTSIDE_ACCOUNT;

/** Tags as request context: the resource carries the scope tag. */
export const TAGGED = { "aws:ResourceTag/keyless-scope": "terraform" };
