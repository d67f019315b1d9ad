/**
 * A stand-in for the AWS federation endpoint (`https://signin.aws.amazon.com/federation`), which
 * moto lacks: `keyless console` exchanges role credentials there for a console sign-in token. As
 * documented in the IAM User Guide ("Enable custom identity broker access to the AWS console"):
 *
 * - `GET /federation?Action=getSigninToken&Session=<JSON>[&SessionDuration=N]`: the Session is the
 *   JSON `{"sessionId", "sessionKey", "sessionToken"}` of temporary credentials; the answer is
 *   `{"SigninToken": "..."}` (HTTP 200, JSON). SessionDuration, when given, is 900..43200 seconds.
 * - `GET /federation?Action=login&Issuer=...&Destination=...&SigninToken=...`: the browser's visit; a
 *   token at most 15 minutes old is redirected (302) to the Destination.
 *
 * It accepts only sessions carrying exactly the role credentials the SSO portal stand-in issued
 * (`opts.issued`). Anything else gets what clients of AWS report from the real endpoint: HTTP 400 with
 * an HTML "Bad Request" page, never JSON. Control is in-process; listed in docs/standins.md.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

export interface FederationStandinOptions {
  /** The role credentials the SSO portal stand-in issued so far: the only sessions accepted. */
  issued: () => readonly IssuedCredentials[];
  /** Epoch ms; default Date.now. */
  now?: () => number;
}

export interface IssuedSigninToken {
  signinToken: string;
  /** Whose credentials it was issued for. */
  accessKeyId: string;
  sessionDuration: number | undefined;
  /** Stand-in time (ms). */
  at: number;
}

export interface FederationRequest {
  action: string;
  status: number;
  /** Why a request was refused (no secrets). */
  problem?: string;
}

export interface FederationStandin {
  /** The federation URL, e.g. `http://127.0.0.1:PORT/federation` (for KEYLESS_FEDERATION_ENDPOINT). */
  endpoint: string;
  /** Every sign-in token issued, in order. */
  tokens(): IssuedSigninToken[];
  /** Every request: its Action, the status answered and why it was refused. */
  requests(): FederationRequest[];
  clear(): void;
  stop(): Promise<void>;
}

const TOKEN_LIFETIME_MS = 15 * 60_000;

const BAD_REQUEST =
  "<!DOCTYPE html><html><head><title>Bad Request</title></head><body><h1>Bad Request</h1></body></html>";

export async function startFederationStandin(opts: FederationStandinOptions): Promise<FederationStandin> {
  const now = opts.now ?? Date.now;
  let tokens: IssuedSigninToken[] = [];
  let requests: FederationRequest[] = [];

  const refuse = (res: ServerResponse, action: string, problem: string) => {
    requests.push({ action, status: 400, problem });
    res.writeHead(400, { "content-type": "text/html;charset=UTF-8" });
    res.end(BAD_REQUEST);
  };

  const getSigninToken = (q: URLSearchParams, res: ServerResponse) => {
    const action = "getSigninToken";
    const raw = q.get("Session");
    if (raw === null) return refuse(res, action, "no Session");
    let session: unknown;
    try {
      session = JSON.parse(raw);
    } catch {
      return refuse(res, action, "Session is not JSON");
    }
    const s = session as Record<string, unknown>;
    const keys = ["sessionId", "sessionKey", "sessionToken"];
    if (
      typeof session !== "object" ||
      session === null ||
      Object.keys(s).sort().join() !== [...keys].sort().join() ||
      !keys.every((k) => typeof s[k] === "string")
    ) {
      return refuse(res, action, "Session is not {sessionId, sessionKey, sessionToken}");
    }
    const match = opts
      .issued()
      .find(
        (c) =>
          c.accessKeyId === s.sessionId &&
          c.secretAccessKey === s.sessionKey &&
          c.sessionToken === s.sessionToken,
      );
    if (!match) return refuse(res, action, "Session does not carry credentials the portal issued");
    const durationText = q.get("SessionDuration");
    let sessionDuration: number | undefined;
    if (durationText !== null) {
      sessionDuration = Number(durationText);
      if (!/^\d+$/.test(durationText) || sessionDuration < 900 || sessionDuration > 43_200) {
        return refuse(res, action, "SessionDuration outside 900..43200");
      }
    }
    const signinToken = randomBytes(96).toString("base64url");
    tokens.push({ signinToken, accessKeyId: match.accessKeyId, sessionDuration, at: now() });
    requests.push({ action, status: 200 });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ SigninToken: signinToken }));
  };

  const login = (q: URLSearchParams, res: ServerResponse) => {
    const action = "login";
    const token = tokens.find((t) => t.signinToken === q.get("SigninToken"));
    if (!token) return refuse(res, action, "unknown SigninToken");
    if (now() - token.at > TOKEN_LIFETIME_MS) return refuse(res, action, "SigninToken older than 15 minutes");
    const destination = q.get("Destination");
    if (!destination || !/^https:\/\//.test(destination)) return refuse(res, action, "no https Destination");
    if (!q.get("Issuer")) return refuse(res, action, "no Issuer");
    requests.push({ action, status: 302 });
    res.writeHead(302, { location: destination });
    res.end();
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const action = url.searchParams.get("Action") ?? "";
    if (req.method !== "GET" || url.pathname !== "/federation") {
      return refuse(res, action, `${req.method} ${url.pathname}`);
    }
    if (action === "getSigninToken") return getSigninToken(url.searchParams, res);
    if (action === "login") return login(url.searchParams, res);
    return refuse(res, action, "unknown Action");
  };

  const server = createServer((req, res) => {
    // The request has no body; drain anything sent so the connection can be reused.
    req.resume();
    handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/federation`;
  return {
    endpoint,
    tokens: () => tokens.map((t) => ({ ...t })),
    requests: () => requests.map((r) => ({ ...r })),
    clear() {
      tokens = [];
      requests = [];
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
