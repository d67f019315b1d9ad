/**
 * S3 (REST-XML) calls as IAM actions. The bucket is the first path segment (path-style, as the
 * recordings use) or the Host's first labels (virtual-hosted: `bucket.s3.eu-central-1.amazonaws.com`,
 * or `bucket.<endpoint host>`); the key is the rest of the path. The operation follows from method,
 * key and sub-resource query; several S3 operations share one IAM action (HeadBucket and
 * ListObjectsV2 are s3:ListBucket, HeadObject is s3:GetObject, DeleteBucketEncryption is
 * s3:PutEncryptionConfiguration).
 */
import type { RecordedCall } from "./terraform-calls-format.ts";

export interface S3Target {
  bucket: string;
  /** The object key, decoded; "" for bucket calls. */
  key: string;
}

/**
 * The bucket and key of a call. `endpointHost` is the host the client was configured with: a Host
 * header with more labels in front of it names the bucket (virtual-hosted style).
 */
export function s3Target(call: RecordedCall, endpointHost?: string): S3Target {
  const path = call.path.split("/").slice(1);
  const host = (call.host ?? "").replace(/:\d+$/, "");
  const virtual = virtualBucket(host, endpointHost);
  if (virtual !== undefined) return { bucket: virtual, key: decode(path.join("/")) };
  const [bucket = "", ...rest] = path;
  return { bucket: decode(bucket), key: decode(rest.join("/")) };
}

/** `b.s3.amazonaws.com`, `b.s3.eu-central-1.amazonaws.com`, `b.s3-eu-west-1.amazonaws.com`, `b.<endpoint>`. */
function virtualBucket(host: string, endpointHost?: string): string | undefined {
  if (!host) return undefined;
  const aws = /^(.+)\.s3(?:[.-](?:dualstack\.)?[a-z0-9-]+)?\.amazonaws\.com$/.exec(host);
  if (aws && aws[1] !== "s3") return aws[1];
  const endpoint = endpointHost?.replace(/:\d+$/, "");
  if (endpoint && host.endsWith(`.${endpoint}`)) return host.slice(0, -(endpoint.length + 1));
  return undefined;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Sub-resources: query parameter → [operation suffix, IAM action for GET, PUT, DELETE]. */
const SUBRESOURCES: Record<string, [string, string, string, string]> = {
  acl: ["BucketAcl", "GetBucketAcl", "PutBucketAcl", ""],
  policy: ["BucketPolicy", "GetBucketPolicy", "PutBucketPolicy", "DeleteBucketPolicy"],
  policyStatus: ["BucketPolicyStatus", "GetBucketPolicyStatus", "", ""],
  versioning: ["BucketVersioning", "GetBucketVersioning", "PutBucketVersioning", ""],
  encryption: [
    "BucketEncryption",
    "GetEncryptionConfiguration",
    "PutEncryptionConfiguration",
    "PutEncryptionConfiguration",
  ],
  lifecycle: [
    "BucketLifecycleConfiguration",
    "GetLifecycleConfiguration",
    "PutLifecycleConfiguration",
    "PutLifecycleConfiguration",
  ],
  publicAccessBlock: [
    "PublicAccessBlock",
    "GetBucketPublicAccessBlock",
    "PutBucketPublicAccessBlock",
    "PutBucketPublicAccessBlock",
  ],
  ownershipControls: [
    "BucketOwnershipControls",
    "GetBucketOwnershipControls",
    "PutBucketOwnershipControls",
    "PutBucketOwnershipControls",
  ],
  tagging: ["BucketTagging", "GetBucketTagging", "PutBucketTagging", "PutBucketTagging"],
  cors: ["BucketCors", "GetBucketCORS", "PutBucketCORS", "PutBucketCORS"],
  website: ["BucketWebsite", "GetBucketWebsite", "PutBucketWebsite", "DeleteBucketWebsite"],
  logging: ["BucketLogging", "GetBucketLogging", "PutBucketLogging", ""],
  accelerate: [
    "BucketAccelerateConfiguration",
    "GetAccelerateConfiguration",
    "PutAccelerateConfiguration",
    "",
  ],
  requestPayment: ["BucketRequestPayment", "GetBucketRequestPayment", "PutBucketRequestPayment", ""],
  replication: [
    "BucketReplication",
    "GetReplicationConfiguration",
    "PutReplicationConfiguration",
    "PutReplicationConfiguration",
  ],
  "object-lock": [
    "ObjectLockConfiguration",
    "GetBucketObjectLockConfiguration",
    "PutBucketObjectLockConfiguration",
    "",
  ],
  notification: ["BucketNotificationConfiguration", "GetBucketNotification", "PutBucketNotification", ""],
  location: ["BucketLocation", "GetBucketLocation", "", ""],
  analytics: [
    "BucketAnalyticsConfiguration",
    "GetAnalyticsConfiguration",
    "PutAnalyticsConfiguration",
    "PutAnalyticsConfiguration",
  ],
  inventory: [
    "BucketInventoryConfiguration",
    "GetInventoryConfiguration",
    "PutInventoryConfiguration",
    "PutInventoryConfiguration",
  ],
  metrics: [
    "BucketMetricsConfiguration",
    "GetMetricsConfiguration",
    "PutMetricsConfiguration",
    "PutMetricsConfiguration",
  ],
  "intelligent-tiering": [
    "BucketIntelligentTieringConfiguration",
    "GetIntelligentTieringConfiguration",
    "PutIntelligentTieringConfiguration",
    "PutIntelligentTieringConfiguration",
  ],
};

/** Object sub-resources: query parameter → [operation suffix, GET action, PUT action, DELETE action]. */
const OBJECT_SUBRESOURCES: Record<string, [string, string, string, string]> = {
  tagging: ["ObjectTagging", "GetObjectTagging", "PutObjectTagging", "DeleteObjectTagging"],
  acl: ["ObjectAcl", "GetObjectAcl", "PutObjectAcl", ""],
  retention: ["ObjectRetention", "GetObjectRetention", "PutObjectRetention", ""],
  "legal-hold": ["ObjectLegalHold", "GetObjectLegalHold", "PutObjectLegalHold", ""],
  attributes: ["ObjectAttributes", "GetObjectAttributes", "", ""],
};

export interface S3Operation {
  /** The S3 API operation (`HeadBucket`, `ListObjectsV2`, `PutBucketTagging`, `HeadObject`). */
  operation: string;
  /** The IAM action (without `s3:`). */
  action: string;
  /** Whether it acts on the object (`arn:aws:s3:::bucket/key`) rather than the bucket. */
  onObject: boolean;
}

const VERB: Record<string, number> = { GET: 1, HEAD: 1, PUT: 2, POST: 2, DELETE: 3 };

export function s3Operation(call: RecordedCall, target: S3Target): S3Operation {
  const q = call.query;
  const verb = VERB[call.method];
  if (verb === undefined) throw new Error(`S3: no operation for method ${call.method}`);
  const prefix = ["Get", "Put", "Delete"][verb - 1]!;
  if (target.key === "") {
    const sub = Object.keys(SUBRESOURCES).find((name) => name in q);
    if (sub) {
      const [suffix, ...actions] = SUBRESOURCES[sub]!;
      const action = actions[verb - 1];
      if (!action) throw new Error(`S3: ${call.method} ?${sub} is not an operation`);
      return { operation: `${prefix}${suffix}`, action, onObject: false };
    }
    if (call.method === "HEAD") return { operation: "HeadBucket", action: "ListBucket", onObject: false };
    if (call.method === "PUT") return { operation: "CreateBucket", action: "CreateBucket", onObject: false };
    if (call.method === "DELETE")
      return { operation: "DeleteBucket", action: "DeleteBucket", onObject: false };
    if (call.method === "POST" && "delete" in q) {
      return { operation: "DeleteObjects", action: "DeleteObject", onObject: false };
    }
    if ("versions" in q)
      return { operation: "ListObjectVersions", action: "ListBucketVersions", onObject: false };
    if ("uploads" in q) {
      return { operation: "ListMultipartUploads", action: "ListBucketMultipartUploads", onObject: false };
    }
    if (call.method === "GET") {
      return {
        operation: q["list-type"] === "2" ? "ListObjectsV2" : "ListObjects",
        action: "ListBucket",
        onObject: false,
      };
    }
    throw new Error(`S3: no bucket operation for ${call.method} ${call.path}`);
  }
  const sub = Object.keys(OBJECT_SUBRESOURCES).find((name) => name in q);
  if (sub) {
    const [suffix, ...actions] = OBJECT_SUBRESOURCES[sub]!;
    const action = actions[verb - 1];
    if (!action) throw new Error(`S3: ${call.method} object ?${sub} is not an operation`);
    return { operation: `${prefix}${suffix}`, action, onObject: true };
  }
  const versioned = "versionId" in q;
  if (call.method === "HEAD") {
    return { operation: "HeadObject", action: versioned ? "GetObjectVersion" : "GetObject", onObject: true };
  }
  if (call.method === "GET") {
    return { operation: "GetObject", action: versioned ? "GetObjectVersion" : "GetObject", onObject: true };
  }
  if (call.method === "DELETE") {
    if ("uploadId" in q)
      return { operation: "AbortMultipartUpload", action: "AbortMultipartUpload", onObject: true };
    return {
      operation: "DeleteObject",
      action: versioned ? "DeleteObjectVersion" : "DeleteObject",
      onObject: true,
    };
  }
  if (call.method === "PUT" && call.headers["x-amz-copy-source"]) {
    return { operation: "CopyObject", action: "PutObject", onObject: true };
  }
  // PUT object, POST ?uploads (CreateMultipartUpload), PUT ?partNumber (UploadPart), POST ?uploadId.
  return {
    operation: call.method === "PUT" ? "PutObject" : "CreateMultipartUpload",
    action: "PutObject",
    onObject: true,
  };
}

/** Condition keys S3 sets from the request (ListBucket's prefix, the encryption and ACL headers). */
export function s3Context(call: RecordedCall, op: S3Operation): Record<string, string> {
  const out: Record<string, string> = {};
  if (op.action === "ListBucket" && op.operation !== "HeadBucket") {
    const q = call.query;
    if (q.prefix !== undefined) out["s3:prefix"] = q.prefix;
    if (q.delimiter !== undefined) out["s3:delimiter"] = q.delimiter;
    if (q["max-keys"] !== undefined) out["s3:max-keys"] = q["max-keys"];
  }
  const h = call.headers;
  const headerKeys = [
    "x-amz-server-side-encryption",
    "x-amz-server-side-encryption-aws-kms-key-id",
    "x-amz-acl",
    "x-amz-object-ownership",
    "x-amz-copy-source",
    "x-amz-storage-class",
  ];
  for (const name of headerKeys) if (h[name] !== undefined) out[`s3:${name}`] = h[name]!;
  if (h["if-none-match"] !== undefined) out["s3:if-none-match"] = h["if-none-match"]!;
  if (h["if-match"] !== undefined) out["s3:if-match"] = h["if-match"]!;
  return out;
}

/** Tags in a PutBucketTagging / PutObjectTagging body. */
export function s3BodyTags(call: RecordedCall): Record<string, string> {
  const text = call.body && "text" in call.body ? call.body.text : "";
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/<Tag>\s*<Key>([^<]*)<\/Key>\s*<Value>([^<]*)<\/Value>\s*<\/Tag>/g)) {
    out[m[1]!] = m[2]!;
  }
  return out;
}
