/**
 * A stand-in of AWS SSO OIDC (rest-json, signing name `sso-oauth`) and the SSO portal (`sso`, bearer
 * token in `x-amz-sso_bearer_token`), which moto lacks. One HTTP server on 127.0.0.1 serves both (their
 * paths do not overlap): point the SDK at it with AWS_ENDPOINT_URL_SSO_OIDC and AWS_ENDPOINT_URL_SSO.
 *
 * Faithful to the botocore models `sso-oidc/2019-06-10` and `sso/2019-06-10`: field names, HTTP
 * status per exception, errors as `x-amzn-errortype` + `{"error", "error_description"}` (OIDC) or
 * `{"message"}` (portal). The OAuth rules are enforced: client secret and its expiry, device codes
 * that stay pending until approved, slow_down when polled faster than the interval (which then grows
 * by 5 s), expiry, single-use codes, PKCE S256 verification, exact redirect_uri match, refresh-token
 * rotation, and Logout invalidating the session's tokens. Time comes from `now` so tests can share a
 * fake clock with the code under test. Control is in-process (methods), never over HTTP.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface StandinAccount {
  accountId: string;
  accountName: string;
  emailAddress: string;
  /** Role (permission set) names the signed-in user may use in this account. */
  roles: string[];
}

export interface StandinRoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch ms. */
  expiration: number;
}

export interface SsoStandinOptions {
  /** Epoch ms; default Date.now. Share a test's fake clock here. */
  now?: () => number;
  /** Access token lifetime (CreateToken `expiresIn`). Default 3600. */
  tokenTtlSeconds?: number;
  /** Device code lifetime. Default 600 (what AWS answers). */
  deviceExpiresInSeconds?: number;
  /** Polling interval StartDeviceAuthorization announces. Default 1 (what AWS answers). */
  deviceIntervalSeconds?: number;
  /** Client secret lifetime. Default 90 days (what AWS answers). */
  registrationTtlSeconds?: number;
  /** Largest page the portal returns whatever max_result asks. Default 100. */
  portalPageSize?: number;
  /** Role credential lifetime. Default 1 h. */
  credentialsTtlMs?: number;
  /**
   * Issues role credentials for GetRoleCredentials. Default: random `ASIA...` keys, which moto's STS
   * accepts (moto does not verify signatures). A test may mint them with moto's own AssumeRole.
   */
  issueCredentials?: (
    accountId: string,
    roleName: string,
  ) => StandinRoleCredentials | Promise<StandinRoleCredentials>;
}

export interface StandinCall {
  operation: string;
  /** Stand-in time (ms) of the request. */
  at: number;
  /** CreateToken's grantType. */
  grantType?: string;
  clientId?: string;
}

export interface StandinRegistration {
  clientId: string;
  clientName: string;
  clientType: string;
  scopes?: string[];
  grantTypes?: string[];
  redirectUris?: string[];
  issuerUrl?: string;
  /** Epoch seconds. */
  clientSecretExpiresAt: number;
}

export interface StandinError {
  status: number;
  type: string;
  message: string;
}

export interface SsoStandin {
  endpoint: string;
  /** The user approves the device code shown as `userCode` (as on the verification page). */
  approveDevice(userCode: string): void;
  /** The user declines it: CreateToken answers AccessDeniedException. */
  denyDevice(userCode: string): void;
  /** The device code expires now: CreateToken answers ExpiredTokenException. */
  expireDeviceAuthorization(userCode: string): void;
  /** "auto-approve" (default): /authorize redirects back with a code; "deny": with error=access_denied. */
  setAuthorizeMode(mode: "auto-approve" | "deny"): void;
  /** The access token stops working (portal: UnauthorizedException), as after its expiry. */
  expireToken(accessToken: string): void;
  /** Every refresh token becomes invalid (InvalidGrantException), as when the SSO session ends. */
  revokeRefreshTokens(): void;
  /** Moves every client secret's expiry to now (InvalidClientException on use). */
  expireRegistrations(): void;
  setAccounts(accounts: StandinAccount[]): void;
  /** The next `times` device-code polls answer SlowDownException regardless of timing. */
  slowDownNext(times?: number): void;
  /** The next `times` requests for `operation` (e.g. "ListAccounts") get this error. */
  failNext(operation: string, err: StandinError, times?: number): void;
  calls(): StandinCall[];
  clearCalls(): void;
  registrations(): StandinRegistration[];
  /** Raw request URLs (path + query) that reached /authorize, in order. */
  authorizeRequests(): string[];
  /** True while the portal would accept this access token. */
  isAccessTokenValid(accessToken: string): boolean;
  stop(): Promise<void>;
}

/** OIDC exception → [HTTP status, OAuth `error`] from the sso-oidc model. */
const OIDC_ERRORS: Record<string, [number, string]> = {
  AccessDeniedException: [400, "access_denied"],
  AuthorizationPendingException: [400, "authorization_pending"],
  ExpiredTokenException: [400, "expired_token"],
  InternalServerException: [500, "server_error"],
  InvalidClientException: [401, "invalid_client"],
  InvalidClientMetadataException: [400, "invalid_client_metadata"],
  InvalidGrantException: [400, "invalid_grant"],
  InvalidRedirectUriException: [400, "invalid_redirect_uri"],
  InvalidRequestException: [400, "invalid_request"],
  InvalidScopeException: [400, "invalid_scope"],
  SlowDownException: [400, "slow_down"],
  UnauthorizedClientException: [400, "unauthorized_client"],
  UnsupportedGrantTypeException: [400, "unsupported_grant_type"],
};

/** Portal exception → HTTP status (sso model; ForbiddenException is what AWS answers for "No access"). */
const PORTAL_STATUS: Record<string, number> = {
  InvalidRequestException: 400,
  UnauthorizedException: 401,
  ForbiddenException: 403,
  ResourceNotFoundException: 404,
  TooManyRequestsException: 429,
};

const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

class OidcError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}
class PortalError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

interface Client extends StandinRegistration {
  clientSecret: string;
}
interface Device {
  deviceCode: string;
  userCode: string;
  clientId: string;
  expiresAt: number;
  intervalMs: number;
  lastPollAt?: number;
  state: "pending" | "approved" | "denied" | "consumed";
}
interface AuthCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  expiresAt: number;
  used: boolean;
}
interface Session {
  clientId: string;
  active: boolean;
}
interface AccessToken {
  session: Session;
  expiresAt: number;
}
interface RefreshToken {
  session: Session;
  clientId: string;
  valid: boolean;
}

function token(prefix: string, bytes = 48): string {
  return `${prefix}${randomBytes(bytes).toString("base64url")}`;
}

function upperAlnum(n: number): string {
  const abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  return Array.from(randomBytes(n), (b) => abc[b % abc.length]).join("");
}

function s256(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  const v = JSON.parse(text) as unknown;
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error("not an object");
  return v as Record<string, unknown>;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(text)),
    "x-amzn-requestid": randomUUID(),
    ...headers,
  });
  res.end(text);
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}
function strList(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : undefined;
}

export async function startSsoStandin(opts: SsoStandinOptions = {}): Promise<SsoStandin> {
  const now = opts.now ?? Date.now;
  const tokenTtl = opts.tokenTtlSeconds ?? 3600;
  const pageCap = opts.portalPageSize ?? 100;
  const clients = new Map<string, Client>();
  const devices = new Map<string, Device>();
  const codes = new Map<string, AuthCode>();
  const accessTokens = new Map<string, AccessToken>();
  const refreshTokens = new Map<string, RefreshToken>();
  const failures = new Map<string, { err: StandinError; times: number }>();
  let accounts: StandinAccount[] = [];
  let authorizeMode: "auto-approve" | "deny" = "auto-approve";
  let forcedSlowDowns = 0;
  let calls: StandinCall[] = [];
  const authorizeLog: string[] = [];
  let endpoint = "";

  const issueTokens = (clientId: string, session?: Session) => {
    const s = session ?? { clientId, active: true };
    const accessToken = token("aoa");
    const refreshToken = token("aor");
    accessTokens.set(accessToken, { session: s, expiresAt: now() + tokenTtl * 1000 });
    refreshTokens.set(refreshToken, { session: s, clientId, valid: true });
    return { accessToken, tokenType: "Bearer", expiresIn: tokenTtl, refreshToken };
  };

  const authClient = (body: Record<string, unknown>): Client => {
    const client = clients.get(str(body.clientId) ?? "");
    if (!client || client.clientSecret !== body.clientSecret) {
      throw new OidcError("InvalidClientException", "Invalid client credentials");
    }
    if (client.clientSecretExpiresAt * 1000 <= now())
      throw new OidcError("InvalidClientException", "Client secret expired");
    return client;
  };

  // --- OIDC operations -------------------------------------------------------------------------

  function registerClient(body: Record<string, unknown>) {
    const clientName = str(body.clientName);
    const clientType = str(body.clientType);
    if (!clientName || !clientType)
      throw new OidcError("InvalidRequestException", "clientName and clientType are required");
    if (clientType !== "public")
      throw new OidcError("InvalidClientMetadataException", "clientType must be public");
    const grantTypes = strList(body.grantTypes);
    const redirectUris = strList(body.redirectUris);
    const known = ["authorization_code", "refresh_token", DEVICE_GRANT];
    if (grantTypes?.some((g) => !known.includes(g)))
      throw new OidcError("UnsupportedGrantTypeException", "Unsupported grant type");
    if (grantTypes?.includes("authorization_code")) {
      if (!redirectUris?.length)
        throw new OidcError("InvalidRedirectUriException", "redirectUris required for authorization_code");
      for (const u of redirectUris) {
        const url = new URL(u);
        if (url.protocol !== "http:" || url.hostname !== "127.0.0.1") {
          throw new OidcError(
            "InvalidRedirectUriException",
            "Only loopback redirect URIs are allowed for public clients",
          );
        }
      }
      if (!str(body.issuerUrl))
        throw new OidcError("InvalidRequestException", "issuerUrl required for authorization_code");
    }
    const clientId = token("", 16);
    const issuedAt = Math.floor(now() / 1000);
    const client: Client = {
      clientId,
      clientSecret: token("", 64),
      clientName,
      clientType,
      clientSecretExpiresAt: issuedAt + (opts.registrationTtlSeconds ?? 90 * 86400),
      ...(strList(body.scopes) ? { scopes: strList(body.scopes) as string[] } : {}),
      ...(grantTypes ? { grantTypes } : {}),
      ...(redirectUris ? { redirectUris } : {}),
      ...(str(body.issuerUrl) ? { issuerUrl: str(body.issuerUrl) as string } : {}),
    };
    clients.set(clientId, client);
    return {
      clientId,
      clientSecret: client.clientSecret,
      clientIdIssuedAt: issuedAt,
      clientSecretExpiresAt: client.clientSecretExpiresAt,
    };
  }

  function startDeviceAuthorization(body: Record<string, unknown>) {
    const client = authClient(body);
    if (!str(body.startUrl)) throw new OidcError("InvalidRequestException", "startUrl is required");
    const userCode = `${upperAlnum(4)}-${upperAlnum(4)}`;
    const interval = opts.deviceIntervalSeconds ?? 1;
    const expiresIn = opts.deviceExpiresInSeconds ?? 600;
    const device: Device = {
      deviceCode: token("", 48),
      userCode,
      clientId: client.clientId,
      expiresAt: now() + expiresIn * 1000,
      intervalMs: interval * 1000,
      state: "pending",
    };
    devices.set(device.deviceCode, device);
    return {
      deviceCode: device.deviceCode,
      userCode,
      verificationUri: `${endpoint}/device`,
      verificationUriComplete: `${endpoint}/device?user_code=${userCode}`,
      expiresIn,
      interval,
    };
  }

  function createToken(body: Record<string, unknown>) {
    const client = authClient(body);
    const grantType = str(body.grantType);
    if (grantType === DEVICE_GRANT) {
      const device = devices.get(str(body.deviceCode) ?? "");
      if (!device || device.clientId !== client.clientId)
        throw new OidcError("InvalidGrantException", "Invalid device code");
      const t = now();
      const tooFast = device.lastPollAt !== undefined && t - device.lastPollAt < device.intervalMs;
      device.lastPollAt = t;
      if (device.state === "consumed")
        throw new OidcError("InvalidGrantException", "Device code already used");
      if (device.state === "denied") {
        throw new OidcError("AccessDeniedException", "Authorization denied", {
          reason: "KMS_AccessDeniedException",
        });
      }
      if (t >= device.expiresAt) throw new OidcError("ExpiredTokenException", "Device code expired");
      if (forcedSlowDowns > 0 || tooFast) {
        if (forcedSlowDowns > 0) forcedSlowDowns -= 1;
        device.intervalMs += 5000;
        throw new OidcError("SlowDownException", "Client is polling too fast");
      }
      if (device.state === "pending")
        throw new OidcError("AuthorizationPendingException", "Authorization pending");
      device.state = "consumed";
      return issueTokens(client.clientId);
    }
    if (grantType === "authorization_code") {
      if (!client.grantTypes?.includes("authorization_code")) {
        throw new OidcError("UnauthorizedClientException", "Client not registered for authorization_code");
      }
      const code = codes.get(str(body.code) ?? "");
      if (!code || code.used || code.clientId !== client.clientId) {
        throw new OidcError("InvalidGrantException", "Invalid authorization code");
      }
      code.used = true;
      if (now() >= code.expiresAt) throw new OidcError("ExpiredTokenException", "Authorization code expired");
      if (body.redirectUri !== code.redirectUri)
        throw new OidcError("InvalidGrantException", "redirect_uri mismatch");
      const verifier = str(body.codeVerifier);
      if (!verifier || !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || s256(verifier) !== code.challenge) {
        throw new OidcError("InvalidGrantException", "PKCE verification failed");
      }
      return issueTokens(client.clientId);
    }
    if (grantType === "refresh_token") {
      const rt = refreshTokens.get(str(body.refreshToken) ?? "");
      if (!rt?.valid || !rt.session.active || rt.clientId !== client.clientId) {
        throw new OidcError("InvalidGrantException", "Invalid refresh token");
      }
      rt.valid = false; // rotation: a refresh token is single use
      return issueTokens(client.clientId, rt.session);
    }
    throw new OidcError("UnsupportedGrantTypeException", "Unsupported grant type");
  }

  /** GET /authorize: the un-modelled browser endpoint; auto-approves (or denies) and redirects. */
  function authorize(url: URL, res: ServerResponse): boolean {
    authorizeLog.push(url.pathname + url.search);
    const q = url.searchParams;
    const bad = (why: string): boolean => {
      res.writeHead(400, { "content-type": "text/plain" });
      res.end(why);
      return false;
    };
    const client = clients.get(q.get("client_id") ?? "");
    if (q.get("response_type") !== "code") return bad("response_type must be code");
    if (!client?.grantTypes?.includes("authorization_code"))
      return bad("unknown client or not an authorization_code client");
    const redirect = q.get("redirect_uri") ?? "";
    let redirectUrl: URL;
    try {
      redirectUrl = new URL(redirect);
    } catch {
      return bad("invalid redirect_uri");
    }
    // RFC 8252 §7.3: a loopback redirect matches a registered one with any port.
    const withoutPort = `${redirectUrl.protocol}//${redirectUrl.hostname}${redirectUrl.pathname}`;
    if (!client.redirectUris?.includes(withoutPort) || redirectUrl.search)
      return bad("redirect_uri not registered");
    if (q.get("code_challenge_method") !== "S256" || !q.get("code_challenge"))
      return bad("PKCE S256 required");
    const state = q.get("state");
    const back = new URL(redirect);
    if (authorizeMode === "deny") {
      back.searchParams.set("error", "access_denied");
      back.searchParams.set("error_description", "The user denied the request");
    } else {
      const code = token("", 32);
      codes.set(code, {
        clientId: client.clientId,
        redirectUri: redirect,
        challenge: q.get("code_challenge") as string,
        expiresAt: now() + 5 * 60 * 1000,
        used: false,
      });
      back.searchParams.set("code", code);
    }
    if (state !== null) back.searchParams.set("state", state);
    res.writeHead(302, { location: back.toString(), "content-length": "0" });
    res.end();
    return true;
  }

  // --- Portal operations -----------------------------------------------------------------------

  function bearer(req: IncomingMessage): AccessToken {
    const header = req.headers["x-amz-sso_bearer_token"];
    const t = accessTokens.get(typeof header === "string" ? header : "");
    if (!t?.session.active || t.expiresAt <= now()) {
      throw new PortalError("UnauthorizedException", "Session token not found or invalid");
    }
    return t;
  }

  function page<T>(items: T[], q: URLSearchParams): { items: T[]; nextToken?: string } {
    const max = q.get("max_result");
    let size = 20;
    if (max !== null) {
      size = Number(max);
      if (!Number.isInteger(size) || size < 1 || size > 100) {
        throw new PortalError("InvalidRequestException", "max_result must be between 1 and 100");
      }
    }
    size = Math.min(size, pageCap);
    const next = q.get("next_token");
    const start = next === null ? 0 : Number(Buffer.from(next, "base64url").toString("utf8"));
    if (!Number.isInteger(start) || start < 0)
      throw new PortalError("InvalidRequestException", "Invalid next_token");
    const slice = items.slice(start, start + size);
    return start + size < items.length
      ? { items: slice, nextToken: Buffer.from(String(start + size)).toString("base64url") }
      : { items: slice };
  }

  async function portal(op: string, req: IncomingMessage, url: URL): Promise<[number, unknown]> {
    const q = url.searchParams;
    const t = bearer(req);
    switch (op) {
      case "ListAccounts": {
        const p = page(accounts, q);
        return [
          200,
          {
            accountList: p.items.map(({ accountId, accountName, emailAddress }) => ({
              accountId,
              accountName,
              emailAddress,
            })),
            ...(p.nextToken ? { nextToken: p.nextToken } : {}),
          },
        ];
      }
      case "ListAccountRoles": {
        const accountId = q.get("account_id");
        if (!accountId) throw new PortalError("InvalidRequestException", "account_id is required");
        const roles = accounts.find((a) => a.accountId === accountId)?.roles ?? [];
        const p = page(roles, q);
        return [
          200,
          {
            roleList: p.items.map((roleName) => ({ roleName, accountId })),
            ...(p.nextToken ? { nextToken: p.nextToken } : {}),
          },
        ];
      }
      case "GetRoleCredentials": {
        const accountId = q.get("account_id");
        const roleName = q.get("role_name");
        if (!accountId || !roleName)
          throw new PortalError("InvalidRequestException", "account_id and role_name are required");
        if (!accounts.find((a) => a.accountId === accountId)?.roles.includes(roleName)) {
          throw new PortalError("ForbiddenException", "No access");
        }
        const creds = opts.issueCredentials
          ? await opts.issueCredentials(accountId, roleName)
          : {
              accessKeyId: `ASIA${upperAlnum(16)}`,
              secretAccessKey: randomBytes(30).toString("base64"),
              sessionToken: token("IQoJb3JpZ2luX2Vj", 96),
              expiration: now() + (opts.credentialsTtlMs ?? 3600_000),
            };
        return [200, { roleCredentials: creds }];
      }
      case "Logout":
        t.session.active = false;
        return [200, undefined];
    }
    throw new PortalError("InvalidRequestException", `unknown operation ${op}`);
  }

  const ROUTES: Record<string, string> = {
    "POST /client/register": "RegisterClient",
    "POST /device_authorization": "StartDeviceAuthorization",
    "POST /token": "CreateToken",
    "GET /authorize": "Authorize",
    "GET /device": "DeviceVerificationPage",
    "GET /assignment/accounts": "ListAccounts",
    "GET /assignment/roles": "ListAccountRoles",
    "GET /federation/credentials": "GetRoleCredentials",
    "POST /logout": "Logout",
  };
  const PORTAL_OPS = new Set(["ListAccounts", "ListAccountRoles", "GetRoleCredentials", "Logout"]);

  const sendOidcError = (
    res: ServerResponse,
    type: string,
    message: string,
    extra: Record<string, string> = {},
  ) => {
    const [status, error] = OIDC_ERRORS[type] ?? [400, "invalid_request"];
    send(res, status, { error, error_description: message, ...extra }, { "x-amzn-errortype": type });
  };
  const sendPortalError = (res: ServerResponse, type: string, message: string) =>
    send(res, PORTAL_STATUS[type] ?? 400, { message }, { "x-amzn-errortype": type });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", endpoint);
    const op = ROUTES[`${req.method} ${url.pathname}`];
    if (!op)
      return send(res, 404, { message: "Not found" }, { "x-amzn-errortype": "UnknownOperationException" });
    const isPortal = PORTAL_OPS.has(op);
    let body: Record<string, unknown> = {};
    if (req.method === "POST" && !isPortal) {
      try {
        body = await readJson(req);
      } catch {
        return sendOidcError(res, "InvalidRequestException", "Malformed JSON body");
      }
    }
    calls.push({
      operation: op,
      at: now(),
      ...(op === "CreateToken" ? { grantType: String(body.grantType) } : {}),
      ...(str(body.clientId) ? { clientId: str(body.clientId) } : {}),
    });
    const failure = failures.get(op);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      const extra = isPortal ? { message: failure.err.message } : { error_description: failure.err.message };
      return send(res, failure.err.status, extra, { "x-amzn-errortype": failure.err.type });
    }
    try {
      switch (op) {
        case "RegisterClient":
          return send(res, 200, registerClient(body));
        case "StartDeviceAuthorization":
          return send(res, 200, startDeviceAuthorization(body));
        case "CreateToken":
          return send(res, 200, createToken(body));
        case "Authorize":
          authorize(url, res);
          return;
        case "DeviceVerificationPage":
          res.writeHead(200, { "content-type": "text/html" });
          return void res.end("<html><body>Authorize request (stand-in)</body></html>");
        default: {
          const [status, out] = await portal(op, req, url);
          return send(res, status, out);
        }
      }
    } catch (err) {
      if (err instanceof OidcError) return sendOidcError(res, err.type, err.message, err.extra);
      if (err instanceof PortalError) return sendPortalError(res, err.type, err.message);
      throw err;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent)
        send(res, 500, { message: String(err) }, { "x-amzn-errortype": "InternalServerException" });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const deviceByUserCode = (userCode: string): Device => {
    for (const d of devices.values()) if (d.userCode === userCode) return d;
    throw new Error(`stand-in: no device authorization with user code ${userCode}`);
  };

  return {
    endpoint,
    approveDevice(userCode) {
      const d = deviceByUserCode(userCode);
      if (d.state === "pending") d.state = "approved";
    },
    denyDevice(userCode) {
      deviceByUserCode(userCode).state = "denied";
    },
    expireDeviceAuthorization(userCode) {
      deviceByUserCode(userCode).expiresAt = now();
    },
    setAuthorizeMode(mode) {
      authorizeMode = mode;
    },
    expireToken(accessToken) {
      const t = accessTokens.get(accessToken);
      if (t) t.expiresAt = now();
    },
    revokeRefreshTokens() {
      for (const r of refreshTokens.values()) r.valid = false;
    },
    expireRegistrations() {
      for (const c of clients.values()) c.clientSecretExpiresAt = Math.floor(now() / 1000);
    },
    setAccounts(list) {
      accounts = list.map((a) => ({ ...a, roles: [...a.roles] }));
    },
    slowDownNext(times = 1) {
      forcedSlowDowns = times;
    },
    failNext(operation, err, times = 1) {
      failures.set(operation, { err, times });
    },
    calls: () => calls.map((c) => ({ ...c })),
    clearCalls() {
      calls = [];
    },
    registrations: () => [...clients.values()].map(({ clientSecret: _secret, ...rest }) => ({ ...rest })),
    authorizeRequests: () => [...authorizeLog],
    isAccessTokenValid(accessToken) {
      const t = accessTokens.get(accessToken);
      return Boolean(t?.session.active && t.expiresAt > now());
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
