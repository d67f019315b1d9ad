/**
 * A fault-injecting proxy in front of the emulator (moto, or the Identity Center stand-in in front of
 * moto), for what the emulator never does: throttle, fail with a 5xx, or carry out a request and lose
 * its reply. Every request is forwarded byte-for-byte unless a fault says otherwise, so the real SDK is
 * exercised end to end. Faults are per request, decided in arrival order:
 *
 * - throttling: a token bucket (`requestsPerSecond`, `burst` tokens, starting EMPTY when switched on,
 *   as a quota already in use by someone else). A request with no token is refused unprocessed:
 *   JSON services get 400 ThrottlingException, query services (IAM, STS) 400 Throttling, S3 503 SlowDown.
 * - server error: answered 5xx WITHOUT forwarding (nothing happened).
 * - lost reply: forwarded, the upstream answer is dropped and replaced by a 5xx (the change happened,
 *   the caller cannot know). What AWS does when a reply is lost on the way or it fails after the write.
 *
 * Random faults use a seeded generator so a failing run can be repeated. Control is in-process.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody, relay, send, type WireResponse } from "../standins/aws-json-wire.ts";

export type FaultOutcome = "ok" | "throttled" | "server-error" | "lost-reply";

export interface FaultLogEntry {
  /** Operation name: the X-Amz-Target's operation (`CreateUser`), the query `Action` (`CreateRole`), else `METHOD /path?query` (S3). */
  op: string;
  outcome: FaultOutcome;
  /** Date.now() at arrival. */
  at: number;
}

export interface RandomFaults {
  /** Probability [0, 1] of a 5xx before forwarding. */
  serverError?: number;
  /** Probability [0, 1] of forwarding and then answering 5xx. */
  lostReply?: number;
  /** Only requests whose op this accepts are eligible (default: all). */
  match?: (op: string) => boolean;
  /** Seed of the generator (default 1). */
  seed?: number;
}

export type OpMatch = string | RegExp;

export interface FaultProxy {
  endpoint: string;
  /** Throttle above `requestsPerSecond` (bucket of `burst` tokens, default one second's worth); null: off. */
  setThrottle(limit: { requestsPerSecond: number; burst?: number } | null): void;
  setRandomFaults(faults: RandomFaults | null): void;
  /**
   * The next `times` requests for `op` (the exact op, or a RegExp on it, e.g. /^PUT \/bucket\?versioning/)
   * are forwarded and their reply replaced by a 5xx.
   */
  loseNextReply(op: OpMatch, times?: number): void;
  /** The next `times` requests for `op` get a 5xx without being forwarded. */
  failNext(op: OpMatch, times?: number): void;
  /**
   * Called after a request was carried out upstream and before its reply is sent; "hold" withholds
   * the reply for good (the socket stays open: for killing the client while it waits); "freeze" does
   * that and also stops forwarding every later request (held unanswered, never carried out), so what
   * AWS has done when the client is killed is exactly what was forwarded until then, whatever the
   * client still had in flight.
   */
  onForwarded(hook: ((op: string) => "hold" | "freeze" | undefined) | null): void;
  /** Forwards again after a "freeze" (requests held until then stay unanswered and not carried out). */
  thaw(): void;
  log(): FaultLogEntry[];
  /** Counts by outcome. */
  counts(): Record<FaultOutcome, number>;
  clearLog(): void;
  /** Everything off, log cleared. */
  reset(): void;
  stop(): Promise<void>;
}

/** Deterministic [0, 1) generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The 5xx error type each JSON service uses (by X-Amz-Target prefix). */
const INTERNAL_ERROR: Record<string, string> = {
  TrentService: "KMSInternalException",
  DynamoDB_20120810: "InternalServerError",
};

/** Prefix marking the query protocol (IAM, STS: form-encoded `Action=...`), whose errors are XML `ErrorResponse`s. */
const QUERY = "query";

function opOf(req: IncomingMessage, body: Buffer): { op: string; json: boolean; prefix: string } {
  const target = String(req.headers["x-amz-target"] ?? "");
  if (target) {
    const dot = target.indexOf(".");
    return { op: target.slice(dot + 1), json: true, prefix: target.slice(0, dot) };
  }
  if (String(req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded")) {
    const action = new URLSearchParams(body.toString()).get("Action");
    if (action) return { op: action, json: false, prefix: QUERY };
  }
  return { op: `${req.method ?? "GET"} ${req.url ?? "/"}`, json: false, prefix: "" };
}

function answer(res: ServerResponse, kind: "throttle" | "internal", json: boolean, prefix: string) {
  const status = kind === "throttle" ? (json ? 400 : 503) : 500;
  let body: string;
  let type: string;
  if (json) {
    type =
      kind === "throttle" ? "ThrottlingException" : (INTERNAL_ERROR[prefix] ?? "InternalServerException");
    body = JSON.stringify({
      __type: type,
      message: kind === "throttle" ? "Rate exceeded" : "Internal error",
    });
  } else if (prefix === QUERY) {
    type = kind === "throttle" ? "Throttling" : "ServiceFailure";
    const message = kind === "throttle" ? "Rate exceeded" : "Internal error";
    body = `<ErrorResponse><Error><Type>${kind === "throttle" ? "Sender" : "Receiver"}</Type><Code>${type}</Code><Message>${message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>`;
  } else {
    type = kind === "throttle" ? "SlowDown" : "InternalError";
    const message =
      kind === "throttle" ? "Please reduce your request rate." : "We encountered an internal error.";
    body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${type}</Code><Message>${message}</Message></Error>`;
  }
  const buf = Buffer.from(body);
  res.writeHead(status, {
    "content-type": json ? "application/x-amz-json-1.1" : "application/xml",
    "content-length": String(buf.length),
    ...(json ? { "x-amzn-errortype": type } : {}),
  });
  res.end(buf);
}

export async function startFaultProxy(upstreamEndpoint: string): Promise<FaultProxy> {
  const upstream = new URL(upstreamEndpoint);
  let throttle: { rate: number; burst: number; tokens: number; last: number } | null = null;
  let random: (RandomFaults & { next: () => number }) | null = null;
  let hook: ((op: string) => "hold" | "freeze" | undefined) | null = null;
  let frozen = false;
  const lose: Array<{ match: OpMatch; left: number }> = [];
  const fail: Array<{ match: OpMatch; left: number }> = [];
  let entries: FaultLogEntry[] = [];
  const held = new Set<ServerResponse>();

  const takeOne = (rules: Array<{ match: OpMatch; left: number }>, op: string): boolean => {
    const rule = rules.find(
      (r) => r.left > 0 && (typeof r.match === "string" ? r.match === op : r.match.test(op)),
    );
    if (!rule) return false;
    rule.left -= 1;
    return true;
  };

  function throttled(now: number): boolean {
    if (!throttle) return false;
    throttle.tokens = Math.min(
      throttle.burst,
      throttle.tokens + ((now - throttle.last) / 1000) * throttle.rate,
    );
    throttle.last = now;
    if (throttle.tokens < 1) return true;
    throttle.tokens -= 1;
    return false;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const { op, json, prefix } = opOf(req, body);
    const at = Date.now();
    const log = (outcome: FaultOutcome) => entries.push({ op, outcome, at });
    if (frozen) {
      held.add(res);
      return;
    }
    if (throttled(performance.now())) {
      log("throttled");
      return answer(res, "throttle", json, prefix);
    }
    const eligible = random && (random.match?.(op) ?? true);
    const roll = eligible && random ? random.next() : 1;
    const serverError = random?.serverError ?? 0;
    const lostReply = random?.lostReply ?? 0;
    if (takeOne(fail, op) || roll < serverError) {
      log("server-error");
      return answer(res, "internal", json, prefix);
    }
    const lost = takeOne(lose, op) || (roll >= serverError && roll < serverError + lostReply);
    const up: WireResponse = await send(upstream, req.method ?? "POST", req.url ?? "/", req.headers, body);
    const verdict = hook?.(op);
    if (verdict === "hold" || verdict === "freeze") {
      if (verdict === "freeze") frozen = true;
      held.add(res);
      log("lost-reply");
      return;
    }
    if (lost) {
      log("lost-reply");
      return answer(res, "internal", json, prefix);
    }
    log("ok");
    relay(res, up);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    setThrottle(limit) {
      throttle = limit
        ? {
            rate: limit.requestsPerSecond,
            burst: limit.burst ?? limit.requestsPerSecond,
            tokens: 0,
            last: performance.now(),
          }
        : null;
    },
    setRandomFaults(faults) {
      random = faults ? { ...faults, next: seededRandom(faults.seed ?? 1) } : null;
    },
    loseNextReply(match, times = 1) {
      lose.push({ match, left: times });
    },
    failNext(match, times = 1) {
      fail.push({ match, left: times });
    },
    onForwarded(h) {
      hook = h;
    },
    thaw() {
      frozen = false;
    },
    log: () => [...entries],
    counts() {
      const out: Record<FaultOutcome, number> = { ok: 0, throttled: 0, "server-error": 0, "lost-reply": 0 };
      for (const e of entries) out[e.outcome] += 1;
      return out;
    },
    clearLog() {
      entries = [];
    },
    reset() {
      throttle = null;
      random = null;
      hook = null;
      frozen = false;
      lose.length = 0;
      fail.length = 0;
      entries = [];
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
