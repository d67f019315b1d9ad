/** The shape every stand-in operation handler shares. */
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import type { WireResponse } from "./aws-json-wire.ts";

/** Wire JSON as received: each handler checks the fields it uses, as the service would. */
// biome-ignore lint/suspicious/noExplicitAny: untyped wire JSON, validated by each handler
export type Json = Record<string, any>;

export interface Call {
  /** Full X-Amz-Target, e.g. `SWBExternalService.TagResource`. */
  target: string;
  input: Json;
  headers: IncomingHttpHeaders;
  res: ServerResponse;
  /** Sends the original request to moto unchanged. */
  forward(): Promise<WireResponse>;
  /** An internal call to moto in the same service. */
  moto(target: string, input: unknown): Promise<{ status: number; json: Json; raw: WireResponse }>;
}

export type Handler = (call: Call) => Promise<void>;

export function parseJson(buf: Buffer): Json {
  try {
    return buf.length ? JSON.parse(buf.toString("utf8")) : {};
  } catch {
    return {};
  }
}
