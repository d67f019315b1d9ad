/**
 * The recording proxy of the Terraform call recorder: Terraform's AWS provider and S3 backend reach
 * the emulator only through it (every AWS_ENDPOINT_URL_* points here). It forwards each request
 * unchanged to moto and keeps what an IAM evaluation needs from it, in the fixture format
 * (terraform-calls-format.ts): method, path, query, the headers that carry condition values, the
 * signing access key, region and service from the Authorization header, the X-Amz-Target, the
 * query protocol's form parameters, a JSON body, or a small XML body, and the status moto answered.
 * Bodies of S3 objects (Terraform state, lock files) are not kept: only their size.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody, relay, send } from "../standins/aws-json-wire.ts";
import type { RecordedBody, RecordedCall } from "./terraform-calls-format.ts";

/** Longest string value kept from a request body (Lambda zips and policies would bloat fixtures). */
export const MAX_VALUE = 2000;

/** Headers that are signature or transport noise, never a condition value. */
const NOISE = new Set([
  "x-amz-date",
  "x-amz-security-token",
  "x-amz-content-sha256",
  "x-amz-user-agent",
  "x-amz-decoded-content-length",
  "x-amz-sdk-checksum-algorithm",
  "x-amz-trailer",
  "amz-sdk-invocation-id",
  "amz-sdk-request",
]);

/** Headers kept in the record: every other x-amz-* header and the conditional-write headers. */
export function keptHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== "string") continue;
    const keep =
      ((name.startsWith("x-amz-") || name.startsWith("x-amzn-")) &&
        !NOISE.has(name) &&
        !name.startsWith("x-amz-checksum-") &&
        !name.startsWith("x-amz-meta-")) ||
      name === "if-none-match" ||
      name === "if-match" ||
      name === "content-type";
    if (keep) out[name] = value;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

export interface SigningScope {
  accessKeyId: string;
  region: string;
  service: string;
}

/** `AWS4-HMAC-SHA256 Credential=AKID/20250101/eu-central-1/s3/aws4_request, ...` → its scope. */
export function signingScope(authorization: string | undefined): SigningScope | undefined {
  const m = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization ?? "");
  if (!m) return undefined;
  return { accessKeyId: m[1]!, region: m[2]!, service: m[3]! };
}

/** Long strings shortened to their length, recursively: fixtures stay readable. */
export function trimValues(value: unknown): unknown {
  if (typeof value === "string") return value.length > MAX_VALUE ? `<${value.length} chars>` : value;
  if (Array.isArray(value)) return value.map(trimValues);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimValues(v)]));
  }
  return value;
}

/** What is kept of a request body, by content type (see RecordedBody). */
export function recordBody(contentType: string, body: Buffer, isS3Object: boolean): RecordedBody | undefined {
  if (body.length === 0) return undefined;
  if (isS3Object) return { size: body.length };
  const text = body.toString("utf8");
  if (contentType.startsWith("application/x-www-form-urlencoded")) {
    const form: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(text)) form[k] = trimValues(v) as string;
    return { form };
  }
  if (contentType.includes("json")) {
    try {
      return { json: trimValues(JSON.parse(text)) };
    } catch {
      // not JSON after all: kept as text below
    }
  }
  return text.length > MAX_VALUE ? { size: body.length } : { text };
}

/** EC2 resource ids (`vpc-0a1b2c3d`, `i-0123456789abcdef0`), as moto and AWS write them. */
export const EC2_ID =
  /\b(?:vpc|subnet|sg|sgr|igw|rtb|rtbassoc|fl|eni|eni-attach|acl|aclassoc|i|vol|ami|snap|eipalloc|eipassoc|lt|key|dopt|vpce|nat|pcx|tgw|tgw-attach|pl)-[0-9a-f]{8,17}\b/g;

/** Operations whose answer names what they made. */
const EC2_CREATE = /^(Create|Run|Allocate|Authorize|Copy|Import|Associate)/;

/** The ids an EC2 create's answer names, in order, without repeats. */
export function createdIds(call: RecordedCall, response: Buffer): string[] {
  const action = call.body && "form" in call.body ? call.body.form.Action : undefined;
  if (call.service !== "ec2" || !action || !EC2_CREATE.test(action) || call.status >= 300) return [];
  return [...new Set(response.toString("utf8").match(EC2_ID) ?? [])];
}

export interface CallRecorder {
  endpoint: string;
  /** Calls recorded since the last take(), in the order the proxy received them. */
  take(): RecordedCall[];
  stop(): Promise<void>;
}

/**
 * Starts the proxy. `isS3Object(path)` says whether an S3 request path addresses an object (its
 * body is data, not configuration); the recorder knows the buckets (path-style: `/bucket/key`).
 */
export async function startCallRecorder(motoEndpoint: string): Promise<CallRecorder> {
  const moto = new URL(motoEndpoint);
  let calls: RecordedCall[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const method = req.method ?? "GET";
      const url = new URL(req.url ?? "/", "http://proxy");
      const scope = signingScope(req.headers.authorization);
      const query: Record<string, string> = {};
      for (const [k, v] of url.searchParams) query[k] = v;
      const s3Object = scope?.service === "s3" && url.pathname.split("/").filter(Boolean).length > 1;
      const call: RecordedCall = {
        method,
        path: url.pathname,
        query,
        signer: scope?.accessKeyId ?? "",
        region: scope?.region ?? "",
        service: scope?.service ?? "",
        headers: keptHeaders(req.headers),
        status: 0,
      };
      const own = `127.0.0.1:${(server.address() as AddressInfo).port}`;
      if (req.headers.host && req.headers.host !== own) call.host = req.headers.host;
      const recorded = recordBody(String(req.headers["content-type"] ?? ""), body, s3Object);
      if (recorded) call.body = recorded;
      // Kept in arrival order: a call sent after another one's answer always comes after it.
      calls.push(call);
      const upstream = await send(moto, method, req.url ?? "/", req.headers, body);
      call.status = upstream.status;
      const created = createdIds(call, upstream.body);
      if (created.length > 0) call.created = created;
      relay(res, upstream);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    take() {
      const out = calls;
      calls = [];
      return out;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
