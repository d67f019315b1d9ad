/**
 * Gets a real SSO access token from the SSO OIDC stand-in (test/standins/sso-standin.ts) by the device
 * flow, over plain HTTP as botocore would send it. Used to prove the harness's SSO path without
 * involving keyless (keyless's own tests log in with keyless instead).
 */
import type { SsoStandin } from "../../standins/sso-standin.ts";
import type { SsoCachedToken } from "./fixtures.ts";

async function oidc(
  endpoint: string,
  path: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${endpoint}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`stand-in ${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/** RegisterClient + StartDeviceAuthorization + approval + CreateToken → the botocore cache fields. */
export async function deviceLogin(
  standin: SsoStandin,
  startUrl: string,
  ssoRegion: string,
): Promise<SsoCachedToken> {
  const reg = await oidc(standin.endpoint, "/client/register", {
    clientName: "botocore-client-interop",
    clientType: "public",
  });
  const creds = { clientId: String(reg.clientId), clientSecret: String(reg.clientSecret) };
  const dev = await oidc(standin.endpoint, "/device_authorization", { ...creds, startUrl });
  standin.approveDevice(String(dev.userCode));
  const tok = await oidc(standin.endpoint, "/token", {
    ...creds,
    grantType: "urn:ietf:params:oauth:grant-type:device_code",
    deviceCode: dev.deviceCode,
  });
  return {
    startUrl,
    region: ssoRegion,
    accessToken: String(tok.accessToken),
    expiresAt: new Date(Date.now() + Number(tok.expiresIn) * 1000),
    ...creds,
    registrationExpiresAt: new Date(Number(reg.clientSecretExpiresAt) * 1000),
    ...(typeof tok.refreshToken === "string" ? { refreshToken: tok.refreshToken } : {}),
  };
}
