/**
 * Gets a real SSO access token from the SSO OIDC stand-in (test/standins/sso-standin.ts) by the device
 * flow, over plain HTTP as botocore would send it (the shared sequence in test/helpers/sso-sign-in.ts),
 * in the botocore cache's fields. Used to prove the harness's SSO path without involving keyless
 * (keyless's own tests log in with keyless instead).
 */
import { deviceTokenOverHttp } from "../../helpers/sso-sign-in.ts";
import type { SsoStandin } from "../../standins/sso-standin.ts";
import type { SsoCachedToken } from "./fixtures.ts";

/** RegisterClient + StartDeviceAuthorization + approval + CreateToken → the botocore cache fields. */
export async function deviceLogin(
  standin: SsoStandin,
  startUrl: string,
  ssoRegion: string,
): Promise<SsoCachedToken> {
  const t = await deviceTokenOverHttp(standin, startUrl);
  return {
    startUrl,
    region: ssoRegion,
    accessToken: t.accessToken,
    expiresAt: new Date(Date.now() + t.expiresIn * 1000),
    clientId: t.clientId,
    clientSecret: t.clientSecret,
    registrationExpiresAt: new Date(t.clientSecretExpiresAt * 1000),
    ...(t.refreshToken !== undefined ? { refreshToken: t.refreshToken } : {}),
  };
}
