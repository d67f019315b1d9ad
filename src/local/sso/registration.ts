/**
 * Gets an OIDC client registration for a login: the cached one when the CLI's reuse rules allow it,
 * otherwise a new RegisterClient call whose result is cached, with the parameters `aws sso login`
 * sends for that flow. A corrupted registration file is simply replaced.
 */

import { DEFAULT_AUTH_CODE_SCOPE, REDIRECT_URI_WITHOUT_PORT } from "./pkce.ts";
import type { SsoOidcPort } from "./ports.ts";
import {
  type CachedRegistration,
  isRegistrationReusable,
  readRegistrationCache,
  writeRegistrationCache,
} from "./registration-cache.ts";
import type { LoginFlow, SsoCacheLocation, SsoClock, SsoSession } from "./types.ts";

/** Grant types of an auth-code registration (the CLI's `_AUTH_GRANT_TYPES`). */
export const AUTH_CODE_GRANT_TYPES = ["authorization_code", "refresh_token"];

/**
 * `keyless-client-<session>`: the name the authorization page shows. The CLI uses
 * `botocore-client-<session>`; keyless names itself so the user knows which tool asks for access.
 */
export function clientNameFor(session: SsoSession): string {
  return `keyless-client-${session.name}`;
}

export interface RegistrationOptions {
  session: SsoSession;
  flow: LoginFlow;
  oidc: SsoOidcPort;
  cache: SsoCacheLocation;
  clock: SsoClock;
}

export async function obtainRegistration(
  opts: RegistrationOptions,
): Promise<{ registration: CachedRegistration; reused: boolean }> {
  const { session, flow, oidc, cache, clock } = opts;
  const cached = await readRegistrationCache(cache, session);
  if (cached.kind === "ok" && isRegistrationReusable(cached.registration, flow, clock.now())) {
    return { registration: cached.registration, reused: true };
  }
  const configured = session.scopes?.length ? session.scopes : undefined;
  let registration: CachedRegistration;
  if (flow === "auth-code") {
    const scopes = configured ?? [DEFAULT_AUTH_CODE_SCOPE];
    const r = await oidc.registerClient({
      clientName: clientNameFor(session),
      grantTypes: AUTH_CODE_GRANT_TYPES,
      redirectUris: [REDIRECT_URI_WITHOUT_PORT],
      issuerUrl: session.startUrl,
      scopes,
    });
    registration = { ...r, scopes, grantTypes: AUTH_CODE_GRANT_TYPES };
  } else {
    const r = await oidc.registerClient({ clientName: clientNameFor(session), scopes: configured });
    registration = { ...r, scopes: configured };
  }
  await writeRegistrationCache(cache, session, registration);
  return { registration, reused: false };
}
