/**
 * Which API operation a recorded HTTP call is, by wire protocol:
 * - JSON (DynamoDB, CloudWatch Logs, KMS): `X-Amz-Target: DynamoDB_20120810.PutItem`;
 * - query (EC2, IAM, STS, RDS, CloudWatch): the form body's `Action`;
 * - REST-XML (S3): method, bucket (path-style `/bucket/key` or virtual-hosted `bucket.host`), key
 *   and sub-resource query (iam-request-s3.ts);
 * - REST-JSON (Lambda): method and path template (iam-request-lambda.ts).
 * The service is the SigV4 credential scope's; its IAM prefix differs for a few (monitoring →
 * cloudwatch). Global services are authorized in us-east-1 whatever endpoint was used.
 */
import type { RecordedCall } from "./terraform-calls-format.ts";

/** Signing names whose IAM action prefix differs. */
const IAM_PREFIX: Record<string, string> = { monitoring: "cloudwatch", email: "ses" };

/** Services whose requests AWS authorizes in us-east-1 (aws:RequestedRegion), wherever sent. */
const GLOBAL = new Set(["iam", "route53", "cloudfront", "organizations", "globalaccelerator"]);

export type Protocol = "json" | "query" | "rest-xml" | "rest-json";

export interface ParsedCall {
  /** IAM action prefix (`s3`, `ec2`, `cloudwatch`). */
  prefix: string;
  /** The signing service (`monitoring`). */
  service: string;
  protocol: Protocol;
  /** The API operation for JSON and query calls; REST calls are named by their handlers. */
  operation: string;
  /** aws:RequestedRegion. */
  region: string;
  /** Query protocol: the form parameters, `Action` and `Version` removed. */
  form: Record<string, string>;
  /** JSON and REST-JSON: the body (an empty object when none). */
  json: Record<string, unknown>;
  call: RecordedCall;
}

export function parseCall(call: RecordedCall): ParsedCall {
  const service = call.service;
  if (!service) throw new Error(`unsigned call ${call.method} ${call.path}: no SigV4 credential scope`);
  const prefix = IAM_PREFIX[service] ?? service;
  const region = GLOBAL.has(service) ? "us-east-1" : call.region;
  const body = call.body;
  const base = { prefix, service, region, form: {}, json: {}, call };
  const target = call.headers["x-amz-target"];
  if (target) {
    const json = body && "json" in body && isObject(body.json) ? body.json : {};
    return { ...base, protocol: "json", operation: target.slice(target.lastIndexOf(".") + 1), json };
  }
  if (body && "form" in body && body.form.Action) {
    const { Action, Version: _version, ...form } = body.form;
    return { ...base, protocol: "query", operation: Action, form };
  }
  if (service === "s3") return { ...base, protocol: "rest-xml", operation: "" };
  const json = body && "json" in body && isObject(body.json) ? body.json : {};
  return { ...base, protocol: "rest-json", operation: "", json };
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Query-protocol list members: `Prefix.1`, `Prefix.member.1`, `Prefix.1.Sub` → their values in
 * order. `listValues(form, "InstanceId")` reads `InstanceId.1`, `InstanceId.2`, ...
 */
export function listValues(form: Record<string, string>, name: string): string[] {
  const re = new RegExp(`^${name.replace(/\./g, "\\.")}(?:\\.member)?\\.(\\d+)$`);
  return Object.entries(form)
    .map(([k, v]) => [re.exec(k)?.[1], v] as const)
    .filter((e): e is readonly [string, string] => e[0] !== undefined)
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([, v]) => v);
}

/** Tags in a query request: `Tags.member.N.Key` (IAM, CloudWatch), `Tags.Tag.N.Key` (RDS), `Tag.N.Key` (EC2). */
export function queryTags(form: Record<string, string>, base = "Tags"): Record<string, string> {
  const out: Record<string, string> = {};
  const re = new RegExp(`^${base}\\.(?:member\\.|Tag\\.)?(\\d+)\\.Key$`);
  for (const [k, v] of Object.entries(form)) {
    const n = re.exec(k)?.[1];
    if (n === undefined) continue;
    const prefix = k.slice(0, -".Key".length);
    out[v] = form[`${prefix}.Value`] ?? "";
  }
  return out;
}

/** Tags in a JSON body: a map (`{"k": "v"}`: Lambda, Logs) or a list (`[{"Key","Value"}]`: DynamoDB). */
export function jsonTags(value: unknown): Record<string, string> {
  if (Array.isArray(value)) {
    const out: Record<string, string> = {};
    for (const t of value) {
      if (isObject(t) && typeof t.Key === "string") out[t.Key] = String(t.Value ?? "");
    }
    return out;
  }
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
  return {};
}
