/**
 * AWS JSON 1.1 wire helpers for the stand-ins: read a request body, answer JSON or a modelled error
 * (`__type` + `Message`, `x-amzn-errortype`), forward a request byte-for-byte to moto, and make an
 * internal call to moto signed with the caller's own Authorization header (moto routes by its
 * credential scope and does not check signatures).
 */
import { randomUUID } from "node:crypto";
import { type IncomingHttpHeaders, type IncomingMessage, request, type ServerResponse } from "node:http";

export const JSON_11 = "application/x-amz-json-1.1";

export interface WireResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface AwsErrorSpec {
  status: number;
  type: string;
  message: string;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, {
    "content-type": JSON_11,
    "content-length": String(body.length),
    "x-amzn-requestid": randomUUID(),
  });
  res.end(body);
}

export function sendError(res: ServerResponse, err: AwsErrorSpec, extra: Record<string, unknown> = {}): void {
  const body = Buffer.from(JSON.stringify({ __type: err.type, Message: err.message, ...extra }));
  res.writeHead(err.status, {
    "content-type": JSON_11,
    "content-length": String(body.length),
    "x-amzn-errortype": err.type,
    "x-amzn-requestid": randomUUID(),
  });
  res.end(body);
}

export function relay(res: ServerResponse, upstream: WireResponse): void {
  const headers = { ...upstream.headers };
  delete headers["transfer-encoding"];
  headers["content-length"] = String(upstream.body.length);
  res.writeHead(upstream.status, headers);
  res.end(upstream.body);
}

/** Sends a request to moto and buffers the answer. */
export function send(
  target: URL,
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const out = request(
      { host: target.hostname, port: target.port, method, path, headers: { ...headers, host: target.host } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 500, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on("error", reject);
      },
    );
    out.on("error", reject);
    out.end(body);
  });
}

/** An internal JSON 1.1 call to moto reusing the caller's Authorization header (same service). */
export async function callJson(
  moto: URL,
  callerHeaders: IncomingHttpHeaders,
  target: string,
  input: unknown,
): Promise<{ status: number; json: Record<string, unknown>; raw: WireResponse }> {
  const body = Buffer.from(JSON.stringify(input));
  const headers: IncomingHttpHeaders = {
    "content-type": JSON_11,
    "x-amz-target": target,
    "content-length": String(body.length),
  };
  if (callerHeaders.authorization) headers.authorization = callerHeaders.authorization;
  if (callerHeaders["x-amz-date"]) headers["x-amz-date"] = callerHeaders["x-amz-date"];
  const raw = await send(moto, "POST", "/", headers, body);
  let json: Record<string, unknown> = {};
  try {
    json = raw.body.length ? (JSON.parse(raw.body.toString("utf8")) as Record<string, unknown>) : {};
  } catch {
    json = {};
  }
  return { status: raw.status, json, raw };
}

export function ok(status: number): boolean {
  return status >= 200 && status < 300;
}
