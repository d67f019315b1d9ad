/**
 * The loopback redirect target of the authorization-code flow (RFC 8252 §7.3): an HTTP server on
 * 127.0.0.1 (not all interfaces, unlike the AWS CLI: nothing off this machine needs to reach it) on
 * an ephemeral port, answering `GET /oauth/callback`. The first callback that carries `code` or
 * `error` decides the login; the page it gets back tells the user they can close the window.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CALLBACK_PATH, redirectUriWithPort } from "./pkce.ts";

export type CallbackResult =
  | { kind: "code"; code: string }
  | { kind: "error"; error: string; description?: string | undefined }
  | { kind: "state_mismatch" };

export interface CallbackServer {
  port: number;
  /** `http://127.0.0.1:<port>/oauth/callback`, for the authorize URL and the token exchange. */
  redirectUri: string;
  /** Settles once, with the first decisive callback. */
  result: Promise<CallbackResult>;
  close(): Promise<void>;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(res: ServerResponse, status: number, title: string, text: string): void {
  const body = `<!doctype html><html><head><meta charset="utf-8"><title>keyless: ${escapeHtml(title)}</title></head><body style="font-family: sans-serif; margin: 3em"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

/** Starts the callback server; `expectedState` is the `state` sent in the authorize URL. */
export async function startCallbackServer(expectedState: string): Promise<CallbackServer> {
  let settle!: (r: CallbackResult) => void;
  let settled = false;
  const result = new Promise<CallbackResult>((resolve) => {
    settle = (r) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
  });

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== CALLBACK_PATH)
      return page(res, 404, "Not found", "This is keyless's sign-in callback.");
    if (req.method !== "GET") return page(res, 405, "Method not allowed", "Use GET.");
    if (settled)
      return page(
        res,
        409,
        "Already handled",
        "This sign-in has already completed. You can close this window.",
      );
    const q = url.searchParams;
    const code = q.get("code");
    const error = q.get("error");
    if (!code && !error)
      return page(res, 400, "Missing answer", "The request carries neither a code nor an error.");
    if (q.get("state") !== expectedState) {
      page(
        res,
        400,
        "Sign-in failed",
        "This answer belongs to another sign-in attempt. You can close this window and return to the terminal.",
      );
      return settle({ kind: "state_mismatch" });
    }
    if (error) {
      page(
        res,
        400,
        "Sign-in failed",
        "The sign-in was not completed. You can close this window and return to the terminal.",
      );
      return settle({ kind: "error", error, description: q.get("error_description") ?? undefined });
    }
    page(
      res,
      200,
      "Request approved",
      "keyless has been signed in. You can close this window and return to the terminal.",
    );
    settle({ kind: "code", code: code as string });
  };

  const server = createServer(handle);
  // A browser request that hangs must not pin the server (the CLI allows 10 s per request).
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    redirectUri: redirectUriWithPort(port),
    result,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
