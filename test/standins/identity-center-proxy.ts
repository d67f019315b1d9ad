/**
 * A stand-in for the Identity Center APIs moto lacks or simplifies, placed IN FRONT of moto: requests
 * whose X-Amz-Target it implements are answered here (see sso-admin-standin.ts and
 * identity-store-overlay.ts), every other request is forwarded to moto byte-for-byte. It speaks the
 * AWS JSON 1.1 wire protocol, so the real SDK is exercised end to end. Listed in docs/standins.md.
 *
 * Control is in-process (methods on the returned object), never over HTTP, so nothing a test sends
 * through the SDK can reconfigure it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type AwsErrorSpec, callJson, readBody, relay, send, sendError } from "./aws-json-wire.ts";
import { type Call, parseJson } from "./handler.ts";
import { createIdentityStoreOverlay } from "./identity-store-overlay.ts";
import { createSeededAssignments, type SeededAssignment } from "./seeded-assignments.ts";
import { type AsyncConfig, createSsoAdminStandin } from "./sso-admin-standin.ts";

export type { SeededAssignment } from "./seeded-assignments.ts";
export type { AsyncConfig } from "./sso-admin-standin.ts";

export interface IdentityCenterProxy {
  /** http://127.0.0.1:<port>: use as AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_SSO_ADMIN / _IDENTITYSTORE). */
  endpoint: string;
  /**
   * The next `times` requests for `target` (full `SWBExternalService.X` or just the operation name `X`;
   * for IAM / STS `iam.X` or `X`) fail with this error instead of reaching moto.
   */
  failNext(target: string, error: AwsErrorSpec, times?: number): void;
  /** Async mode for assignments and provisioning; null returns to moto's immediate SUCCEEDED. */
  setAsync(config: AsyncConfig | null): void;
  /** true: ListInstances answers no instance (Identity Center not enabled). */
  setNoInstance(value: boolean): void;
  /**
   * Gives a user or group (by id) ExternalIds in every identity-store answer, as SCIM provisioning from
   * an external identity provider does (moto stores none).
   */
  markExternal(id: string, issuer?: string): void;
  /** Marks the permission set's role in that account as not the latest version. */
  markStale(permissionSetArn: string, accountId: string): void;
  /** The permission set is provisioned to these accounts (for assignments written straight into moto). */
  seedProvisioned(permissionSetArn: string, accountIds: readonly string[]): void;
  /**
   * Thousands of assignments at once (benchmarks; moto takes minutes for them): listed with moto's own
   * by ListAccountAssignments / ListAccountAssignmentsForPrincipal, their accounts provisioned. Read-only.
   */
  seedAssignments(items: readonly SeededAssignment[]): void;
  /**
   * sts:AssumeRole of this role ARN is refused with AccessDenied (403), as AWS answers when the role
   * does not exist or its trust policy does not admit the caller (moto assumes any role).
   */
  denyAssumeRole(roleArn: string, opts?: { unlessExternalId?: string }): void;
  /**
   * X-Amz-Target of every request received, in order; for the query protocol (IAM, STS)
   * `service.Action` (e.g. `iam.CreateRole`); `METHOD /path` otherwise.
   */
  calls(): string[];
  /** Forget recorded calls. */
  clearCalls(): void;
  /** Forget all stand-in state (tags, boundaries, provisioning, overlays, faults, calls). Does not reset moto. */
  reset(): void;
  stop(): Promise<void>;
}

export async function startIdentityCenterProxy(motoEndpoint: string): Promise<IdentityCenterProxy> {
  const moto = new URL(motoEndpoint);
  const sso = createSsoAdminStandin();
  const ids = createIdentityStoreOverlay();
  const seeded = createSeededAssignments();
  const handlers = { ...sso.handlers, ...ids.handlers, ...seeded.handlers };
  const faults = new Map<string, { error: AwsErrorSpec; remaining: number }[]>();
  let received: string[] = [];
  /** Role ARN → the ExternalId that is let through ("" none). */
  const deniedRoles = new Map<string, string>();

  function takeFault(target: string): AwsErrorSpec | undefined {
    const op = target.includes(".") ? target.slice(target.indexOf(".") + 1) : target;
    for (const key of [target, op]) {
      const queue = faults.get(key);
      const head = queue?.[0];
      if (head) {
        head.remaining -= 1;
        if (head.remaining <= 0) queue.shift();
        return head.error;
      }
    }
    return undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const target = String(req.headers["x-amz-target"] ?? "");
    const query = queryAction(req, body);
    received.push(target || (query ? `${query.service}.${query.action}` : `${req.method} ${req.url}`));
    const required =
      query?.action === "AssumeRole" ? deniedRoles.get(query.params.get("RoleArn") ?? "") : undefined;
    if (
      query?.service === "sts" &&
      required !== undefined &&
      (required === "" || query.params.get("ExternalId") !== required)
    ) {
      return sendQueryError(
        res,
        403,
        "AccessDenied",
        `User is not authorized to perform: sts:AssumeRole on resource: ${query.params.get("RoleArn")}`,
      );
    }
    const named = target || (query ? `${query.service}.${query.action}` : "");
    const fault = named ? takeFault(named) : undefined;
    if (fault && query && !target) return sendQueryError(res, fault.status, fault.type, fault.message);
    if (fault) return sendError(res, fault);
    const forward = () => send(moto, req.method ?? "POST", req.url ?? "/", req.headers, body);
    const handler = handlers[target];
    if (!handler) return relay(res, await forward());
    const call: Call = {
      target,
      input: parseJson(body),
      headers: req.headers,
      res,
      forward,
      moto: (t, input) => callJson(moto, req.headers, t, input),
    };
    await handler(call);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        sendError(res, {
          status: 500,
          type: "InternalServerException",
          message: `stand-in error: ${String(err)}`,
        });
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    failNext(target, error, times = 1) {
      const queue = faults.get(target) ?? [];
      queue.push({ error, remaining: times });
      faults.set(target, queue);
    },
    setAsync: (config) => sso.setAsync(config),
    setNoInstance: (value) => sso.setNoInstance(value),
    markStale: (arn, account) => sso.markStale(arn, account),
    seedProvisioned: (arn, accounts) => sso.seedProvisioned(arn, accounts),
    seedAssignments(items) {
      seeded.seed(items);
      for (const a of items) sso.seedProvisioned(a.permissionSetArn, [a.accountId]);
    },
    markExternal: (id, issuer = "https://scim.example.com/") =>
      ids.setExternalIds(id, [{ Issuer: issuer, Id: `ext-${id}` }]),
    denyAssumeRole: (roleArn, opts = {}) => {
      deniedRoles.set(roleArn, opts.unlessExternalId ?? "");
    },
    calls: () => [...received],
    clearCalls() {
      received = [];
    },
    reset() {
      sso.reset();
      ids.reset();
      seeded.reset();
      faults.clear();
      deniedRoles.clear();
      received = [];
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An AWS query-protocol request (form-encoded `Action=...`): its service (from the signature scope) and parameters. */
function queryAction(
  req: IncomingMessage,
  body: Buffer | string,
): { service: string; action: string; params: URLSearchParams } | undefined {
  if (!String(req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded"))
    return undefined;
  const params = new URLSearchParams(body.toString());
  const action = params.get("Action");
  if (!action) return undefined;
  const scope = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization ?? ""));
  // AssumeRoleWithWebIdentity is sent unsigned (the token is the credential): STS by its action.
  const service = scope?.[1] ?? (action.startsWith("AssumeRole") ? "sts" : "unknown");
  return { service, action, params };
}

function sendQueryError(res: ServerResponse, status: number, code: string, message: string): void {
  const xml = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>standin-denied</RequestId></ErrorResponse>`;
  res.writeHead(status, { "content-type": "text/xml", "content-length": Buffer.byteLength(xml) });
  res.end(xml);
}
