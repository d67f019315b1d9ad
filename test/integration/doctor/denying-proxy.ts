/**
 * An S3 proxy in front of moto for what moto cannot show: IAM saying no. moto evaluates no identity
 * policy, so a role without s3:ListBucket or s3:GetObject still gets every answer. This proxy forwards
 * every request unchanged and records it, except the ones matching a deny rule, which get S3's own
 * AccessDenied answer: HTTP 403 with the XML error body for GET (ListObjectsV2), and 403 with no
 * body for HEAD (S3 sends none for HEAD requests). It serves nothing itself; listed in docs/standins.md.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody, relay, send } from "../../standins/aws-json-wire.ts";

export interface DenyRule {
  method: string;
  /** The path-style request path without the query, e.g. `/bucket` or `/bucket/env/x.tfstate`. */
  path: string;
  /** A query parameter the request must carry (e.g. `list-type` for ListObjectsV2). */
  query?: string;
}

export interface DenyingProxy {
  endpoint: string;
  /** `METHOD /path?query` of every request, in order. */
  calls(): string[];
  deny(rule: DenyRule): void;
  /** Forget the rules and the recorded calls. */
  reset(): void;
  stop(): Promise<void>;
}

function matches(rule: DenyRule, method: string, path: string, query: URLSearchParams): boolean {
  return rule.method === method && rule.path === path && (rule.query === undefined || query.has(rule.query));
}

export async function startDenyingProxy(motoEndpoint: string): Promise<DenyingProxy> {
  const moto = new URL(motoEndpoint);
  let rules: DenyRule[] = [];
  let recorded: string[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const method = req.method ?? "GET";
      const url = new URL(req.url ?? "/", "http://proxy");
      const path = decodeURIComponent(url.pathname).replace(/(.)\/$/, "$1");
      recorded.push(`${method} ${req.url ?? "/"}`);
      if (rules.some((r) => matches(r, method, path, url.searchParams))) {
        const requestId = randomUUID();
        if (method === "HEAD") {
          res.writeHead(403, { "x-amz-request-id": requestId, "content-length": "0" });
          res.end();
          return;
        }
        const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>${requestId}</RequestId><HostId>denying-proxy</HostId></Error>`;
        res.writeHead(403, {
          "content-type": "application/xml",
          "content-length": String(Buffer.byteLength(xml)),
          "x-amz-request-id": requestId,
        });
        res.end(xml);
        return;
      }
      relay(res, await send(moto, method, req.url ?? "/", req.headers, body));
    })().catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls: () => [...recorded],
    deny(rule) {
      rules.push(rule);
    },
    reset() {
      rules = [];
      recorded = [];
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
