/**
 * A recording proxy in front of moto for the state backend tests: it forwards every request unchanged
 * and records `METHOD /path` (S3's REST calls), the `X-Amz-Target` (DynamoDB, KMS JSON calls) or the
 * query Action (STS),
 * so a test can assert that no AWS write happened. It can also answer the next matching S3 request
 * with an error, for what moto cannot produce: S3's 403 to HeadBucket on a bucket another account
 * owns (moto answers 200 to every account, ExpectedBucketOwner or not).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody, relay, send } from "../../standins/aws-json-wire.ts";

export interface RecordedCall {
  method: string;
  path: string;
  /** X-Amz-Target for JSON protocol calls, `Query.<Action>` for query calls, "" for S3 REST calls. */
  target: string;
}

export interface RecordingProxy {
  endpoint: string;
  calls(): RecordedCall[];
  clearCalls(): void;
  /** The next request with this method whose path (without query, trailing "/" ignored) is `path` gets `status` and no body. */
  failNext(method: string, path: string, status: number): void;
  stop(): Promise<void>;
}

export async function startRecordingProxy(motoEndpoint: string): Promise<RecordingProxy> {
  const moto = new URL(motoEndpoint);
  let recorded: RecordedCall[] = [];
  const faults: Array<{ method: string; path: string; status: number }> = [];
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const method = req.method ?? "GET";
      const url = req.url ?? "/";
      const path = trimSlash(url.split("?")[0] ?? "/");
      recorded.push({ method, path: url, target: targetOf(req.headers["x-amz-target"], body) });
      const i = faults.findIndex((f) => f.method === method && f.path === path);
      if (i >= 0) {
        const [fault] = faults.splice(i, 1);
        res.writeHead(fault?.status ?? 500, { "content-length": "0" });
        res.end();
        return;
      }
      relay(res, await send(moto, method, url, req.headers, body));
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
    clearCalls() {
      recorded = [];
    },
    failNext(method, path, status) {
      faults.push({ method, path: trimSlash(path), status });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The SDK sends path-style bucket requests as `/bucket/`; match `/bucket` too. */
const trimSlash = (p: string): string => (p.length > 1 && p.endsWith("/") ? p.slice(0, -1) : p);

/** X-Amz-Target (JSON protocol), `Query.<Action>` for the query protocol (STS), else "". */
function targetOf(header: string | string[] | undefined, body: Buffer): string {
  if (typeof header === "string" && header) return header;
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body.toString("utf8"))?.[1];
  return action ? `Query.${action}` : "";
}

const JSON_WRITE = /\.(Create|Put|Update|Delete|Enable|Disable|Tag|Untag|Schedule)/;

/** Calls that change something: S3 PUT/POST/DELETE, JSON calls whose operation writes. */
export function writeCalls(calls: readonly RecordedCall[]): string[] {
  return calls
    .filter((c) => (c.target ? JSON_WRITE.test(c.target) : !["GET", "HEAD"].includes(c.method)))
    .map((c) => c.target || `${c.method} ${c.path}`);
}
