/**
 * A request-rate limit in front of the emulator, as AWS applies one: at most `requestsPerSecond`
 * requests are let through in any window of one second (less `graceMs`, for timer jitter of a client
 * that paces itself exactly at the limit); any request over it is answered 400 ThrottlingException
 * "Rate exceeded" (AWS JSON 1.1 error) without reaching the emulator. Refused requests do not count
 * against the window. Counts what it let through and what it refused.
 */
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

export interface ThrottleProxy {
  endpoint: string;
  counts(): { passed: number; throttled: number };
  reset(): void;
  stop(): Promise<void>;
}

export async function startThrottleProxy(
  upstream: string,
  opts: { requestsPerSecond: number; graceMs?: number },
): Promise<ThrottleProxy> {
  const target = new URL(upstream);
  const windowMs = 1000 - (opts.graceMs ?? 50);
  let passed: number[] = [];
  let counts = { passed: 0, throttled: 0 };

  const server = createServer((req, res) => {
    const now = performance.now();
    passed = passed.filter((t) => now - t < windowMs);
    if (passed.length >= opts.requestsPerSecond) {
      counts.throttled += 1;
      req.resume();
      const body = JSON.stringify({ __type: "ThrottlingException", message: "Rate exceeded" });
      res.writeHead(400, {
        "content-type": "application/x-amz-json-1.1",
        "x-amzn-errortype": "ThrottlingException",
        "content-length": Buffer.byteLength(body),
      });
      res.end(body);
      return;
    }
    passed.push(now);
    counts.passed += 1;
    const up = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    reset() {
      passed = [];
      counts = { passed: 0, throttled: 0 };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
