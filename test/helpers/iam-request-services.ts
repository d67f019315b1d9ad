/**
 * Translation of each service's calls (see iam-request.ts). JSON and query services without
 * special needs (DynamoDB, CloudWatch Logs, KMS, CloudWatch, RDS) share `generic`: the action is
 * `prefix:Operation`, the resource comes from identifier parameters (TableName, logGroupName,
 * AlarmName, DBInstanceIdentifier, KeyId) or an ARN parameter of the same service.
 */

import {
  addTags,
  type Context,
  type Handler,
  type HandlerContext,
  type IamRequest,
  removeTags,
  requestTagContext,
  resourceTagContext,
  type TranslatedCall,
} from "./iam-request.ts";
import { type ArnVars, actionExists, addVar } from "./iam-request-arn.ts";
import { ec2Handler, iamHandler } from "./iam-request-ec2-iam.ts";
import { KMS_FOR_ENCRYPTED_CREATE, kmsVia, passRole, TAG_ACTION } from "./iam-request-implied.ts";
import { functionNameOf, lambdaOperation } from "./iam-request-lambda.ts";
import { isObject, jsonTags, listValues, queryTags } from "./iam-request-parse.ts";
import { s3BodyTags, s3Context, s3Operation, s3Target } from "./iam-request-s3.ts";

/** Request parameter → ARN-format variable, for the generic services. */
const GENERIC_VARS: Record<string, string> = {
  TableName: "TableName",
  logGroupName: "LogGroupName",
  AlarmName: "AlarmName",
  AlarmNames: "AlarmName",
  DBInstanceIdentifier: "DbInstanceName",
  KeyId: "KeyId",
};

const TAG_OPS = new Set(["TagResource", "AddTagsToResource", "TagLogGroup"]);
const UNTAG_OPS = new Set(["UntagResource", "RemoveTagsFromResource", "UntagLogGroup"]);

async function ownAction(ctx: HandlerContext, operation: string): Promise<string> {
  const action = `${ctx.p.prefix}:${operation}`;
  if (!(await actionExists(action)))
    throw new Error(`${action} is not an IAM action (from ${ctx.p.service})`);
  return action;
}

/** Identifier parameters (top level, list members flattened) and same-service ARNs. */
function genericIds(ctx: HandlerContext): { vars: ArnVars; explicit: string[] } {
  const vars: ArnVars = {};
  const explicit: string[] = [];
  const params: Array<[string, unknown]> =
    ctx.p.protocol === "query"
      ? Object.entries(ctx.p.form).map(([k, v]): [string, unknown] => [k.replace(/(\.member)?\.\d+$/, ""), v])
      : Object.entries(ctx.p.json).flatMap(
          ([k, v]): Array<[string, unknown]> =>
            Array.isArray(v) ? v.map((x): [string, unknown] => [k, x]) : [[k, v]],
        );
  for (const [key, value] of params) {
    if (typeof value !== "string") continue;
    if (value.startsWith(`arn:aws:${ctx.p.prefix}:`)) {
      explicit.push(value);
      continue;
    }
    const name = GENERIC_VARS[key];
    if (name) addVar(vars, name, value);
  }
  return { vars, explicit };
}

function genericTags(ctx: HandlerContext): Record<string, string> {
  if (ctx.p.protocol === "query") return queryTags(ctx.p.form);
  const j = ctx.p.json;
  if (Array.isArray(j.Tags) && j.Tags.some((t) => isObject(t) && "TagKey" in t)) {
    // KMS: [{TagKey, TagValue}]
    return Object.fromEntries(
      (j.Tags as Array<Record<string, unknown>>).map((t) => [String(t.TagKey), String(t.TagValue ?? "")]),
    );
  }
  return jsonTags(j.Tags ?? j.tags);
}

function untagKeys(ctx: HandlerContext): string[] {
  if (ctx.p.protocol === "query") return listValues(ctx.p.form, "TagKeys");
  const keys = ctx.p.json.TagKeys ?? ctx.p.json.tagKeys ?? ctx.p.json.tags;
  return Array.isArray(keys) ? keys.map(String) : [];
}

const generic: Handler = async (ctx) => {
  const op = ctx.p.operation;
  const action = await ownAction(ctx, op);
  const { vars, explicit } = genericIds(ctx);
  const resources = await ctx.arns(action, vars, explicit);
  const tags = genericTags(ctx);
  const tagContext = requestTagContext(tags);
  // A key named by alias: KMS authorizes on the key behind it, which the recording does not know;
  // the ARN shows the alias in the key id's place and kms:RequestAlias carries it.
  const keyId = ctx.p.prefix === "kms" ? ctx.p.json.KeyId : undefined;
  if (typeof keyId === "string" && keyId.startsWith("alias/")) tagContext["kms:RequestAlias"] = keyId;
  const requests: IamRequest[] = resources.map((r) => ctx.req(action, r, tagContext));
  const tagAction = TAG_ACTION[ctx.p.prefix];
  const isTagOp = TAG_OPS.has(op) || UNTAG_OPS.has(op);
  if (tagAction && !isTagOp && Object.keys(tags).length > 0) {
    requests.push(...resources.map((r) => ctx.req(tagAction, r, tagContext, `${op} with tags`)));
  }
  requests.push(...encryptedCreate(ctx, op));
  for (const r of resources) {
    if (UNTAG_OPS.has(op)) removeTags(ctx.state, r, untagKeys(ctx));
    else if (op.startsWith("Delete") && !op.includes("Tag")) ctx.state.tags.delete(r);
    else addTags(ctx.state, r, tags);
  }
  return { operation: action, requests };
};

/** RDS and DynamoDB creates with a customer-managed key: the service creates a grant as the caller. */
function encryptedCreate(ctx: HandlerContext, op: string): IamRequest[] {
  if (ctx.p.prefix === "rds" && /^Create(DBInstance|DBCluster)$/.test(op)) {
    const key = ctx.p.form.KmsKeyId;
    if (key && ctx.p.form.StorageEncrypted === "true") {
      return kmsVia(
        ctx,
        key,
        "rds",
        KMS_FOR_ENCRYPTED_CREATE.rds!,
        `${op} encrypted with a customer-managed key`,
      );
    }
  }
  if (ctx.p.prefix === "dynamodb" && (op === "CreateTable" || op === "UpdateTable")) {
    const sse = ctx.p.json.SSESpecification;
    const key = isObject(sse) ? sse.KMSMasterKeyId : undefined;
    if (typeof key === "string") {
      return kmsVia(
        ctx,
        key,
        "dynamodb",
        KMS_FOR_ENCRYPTED_CREATE.dynamodb!,
        `${op} encrypted with a customer-managed key`,
      );
    }
  }
  return [];
}

const sts: Handler = async (ctx) => {
  if (ctx.p.operation === "GetCallerIdentity") {
    return {
      operation: "sts:GetCallerIdentity",
      requests: [],
      unauthorized: "sts:GetCallerIdentity needs no permission and cannot be denied",
    };
  }
  return generic(ctx);
};

const s3: Handler = async (ctx) => {
  const call = ctx.p.call;
  const target = s3Target(call, ctx.env.endpointHost);
  const op = s3Operation(call, target);
  const bucketArn = `arn:aws:s3:::${target.bucket}`;
  const objectArn = `${bucketArn}/${target.key}`;
  const action = `s3:${op.action}`;
  const context: Context = s3Context(call, op);
  const bodyTags = op.action === "PutBucketTagging" && call.method === "PUT" ? s3BodyTags(call) : {};
  Object.assign(context, requestTagContext(bodyTags));
  const requests: IamRequest[] = [ctx.req(action, op.onObject ? objectArn : bucketArn, context)];
  const h = call.headers;
  if (op.operation === "CreateBucket") {
    // x-amz-acl: private (what Terraform sends) needs no more than s3:CreateBucket.
    if (
      (h["x-amz-acl"] && h["x-amz-acl"] !== "private") ||
      Object.keys(h).some((k) => k.startsWith("x-amz-grant-"))
    ) {
      requests.push(ctx.req("s3:PutBucketAcl", bucketArn, {}, "CreateBucket with an ACL other than private"));
    }
    if (h["x-amz-bucket-object-lock-enabled"] === "true") {
      requests.push(
        ctx.req("s3:PutBucketObjectLockConfiguration", bucketArn, {}, "CreateBucket with Object Lock"),
        ctx.req("s3:PutBucketVersioning", bucketArn, {}, "CreateBucket with Object Lock"),
      );
    }
    if (h["x-amz-object-ownership"]) {
      requests.push(
        ctx.req("s3:PutBucketOwnershipControls", bucketArn, {}, "CreateBucket with x-amz-object-ownership"),
      );
    }
  }
  if (op.onObject && (op.operation === "HeadObject" || op.operation === "GetObject") && call.status === 404) {
    requests.push(
      ctx.req(
        "s3:ListBucket",
        bucketArn,
        {},
        "S3 answers 404 for a missing key only to a caller allowed s3:ListBucket (403 otherwise)",
      ),
    );
  }
  if (op.operation === "CopyObject") {
    const source = decodeURIComponent(h["x-amz-copy-source"]!.replace(/^\//, "").split("?")[0]!);
    requests.push(ctx.req("s3:GetObject", `arn:aws:s3:::${source}`, {}, "CopyObject reads the source"));
  }
  const sse = h["x-amz-server-side-encryption"];
  const bucketKey = ctx.env.bucketKeys?.[target.bucket];
  if (op.action === "PutObject" && (sse === "aws:kms" || (sse === undefined && bucketKey))) {
    const key = h["x-amz-server-side-encryption-aws-kms-key-id"] ?? bucketKey;
    if (key) {
      requests.push(
        ...kmsVia(ctx, key, "s3", ["kms:GenerateDataKey"], "PutObject with SSE-KMS", {
          "kms:EncryptionContext:aws:s3:arn": bucketArn,
        }),
      );
    }
  }
  if (op.operation === "GetObject" && call.status < 300 && bucketKey) {
    requests.push(
      ...kmsVia(ctx, bucketKey, "s3", ["kms:Decrypt"], "GetObject of an SSE-KMS object", {
        "kms:EncryptionContext:aws:s3:arn": bucketArn,
      }),
    );
  }
  if (op.action === "PutBucketTagging") {
    if (call.method === "PUT") ctx.state.tags.set(bucketArn, bodyTags);
    else ctx.state.tags.delete(bucketArn);
  }
  if (op.operation === "DeleteBucket") ctx.state.tags.delete(bucketArn);
  return { operation: `s3:${op.operation}`, requests };
};

const lambda: Handler = async (ctx) => {
  const body = ctx.p.json;
  const op = lambdaOperation(ctx.p.call, body);
  const action = await ownAction(ctx, op.operation);
  const fnArn = `arn:aws:lambda:${ctx.p.region}:${ctx.account}:function:${op.functionName}`;
  const resource = op.arn ?? (op.qualifier ? `${fnArn}:${op.qualifier}` : fnArn);
  const tagged = op.arn
    ? `arn:aws:lambda:${ctx.p.region}:${ctx.account}:function:${functionNameOf(op.arn)}`
    : fnArn;
  const tags = op.operation === "CreateFunction" || op.operation === "TagResource" ? jsonTags(body.Tags) : {};
  const context: Context = requestTagContext(tags);
  // Lambda authorizes CreateFunction, and the TagResource of its tags, against the new function's
  // tags as aws:ResourceTag too (AWS's Lambda ABAC example conditions both on RequestTag and
  // ResourceTag: https://docs.aws.amazon.com/lambda/latest/dg/attribute-based-access-control-example.html).
  if (op.operation === "CreateFunction") Object.assign(context, resourceTagContext(tags));
  if (op.operation === "UntagResource") context["aws:TagKeys"] = listQuery(ctx.p.call.query.tagKeys);
  if (Array.isArray(body.Layers)) context["lambda:Layer"] = body.Layers.map(String);
  const requests: IamRequest[] = [ctx.req(action, resource, context)];
  if (op.operation === "CreateFunction" && Object.keys(tags).length > 0) {
    requests.push(ctx.req("lambda:TagResource", fnArn, context, "CreateFunction with tags"));
  }
  // "For tagged functions, [lambda:ListTags] is also necessary for GetFunction" (Lambda's tagging docs).
  if (op.operation === "GetFunction" && Object.keys(ctx.state.tags.get(tagged) ?? {}).length > 0) {
    requests.push(ctx.req("lambda:ListTags", tagged, {}, "GetFunction of a tagged function"));
  }
  if (typeof body.Role === "string" && /^(CreateFunction|UpdateFunctionConfiguration)$/.test(op.operation)) {
    requests.push(
      passRole(ctx, body.Role, "lambda.amazonaws.com", `${op.operation} hands the role to Lambda`),
    );
  }
  const code =
    op.operation === "CreateFunction" ? body.Code : op.operation === "UpdateFunctionCode" ? body : undefined;
  if (isObject(code) && typeof code.S3Bucket === "string" && typeof code.S3Key === "string") {
    const versioned = typeof code.S3ObjectVersion === "string";
    requests.push(
      ctx.req(
        versioned ? "s3:GetObjectVersion" : "s3:GetObject",
        `arn:aws:s3:::${code.S3Bucket}/${code.S3Key}`,
        { "aws:RequestedRegion": ctx.p.region },
        `${op.operation} reads the code from S3 as the caller`,
      ),
    );
  }
  if (op.operation === "DeleteFunction") ctx.state.tags.delete(tagged);
  else if (op.operation === "UntagResource")
    removeTags(ctx.state, tagged, listQuery(ctx.p.call.query.tagKeys));
  else addTags(ctx.state, tagged, tags);
  return { operation: action, requests } satisfies TranslatedCall;
};

const listQuery = (v: string | undefined): string[] => (v ? v.split(",") : []);

export const HANDLERS: Record<string, Handler> = {
  "*": generic,
  sts,
  s3,
  lambda,
  ec2: ec2Handler,
  iam: iamHandler,
};

export { generic as genericHandler };
