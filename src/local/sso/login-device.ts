/**
 * The device authorization grant (RFC 8628) as `aws sso login --use-device-code` runs it: start the
 * authorization, try CreateToken once (a pre-authorized client needs no prompt), then show the URL
 * and code and poll at `interval`, 5 s more after each slow_down, until a token, a refusal or expiry.
 */
import { SsoLoginError } from "./errors.ts";
import type { ClientRegistration, IssuedToken, SsoOidcPort } from "./ports.ts";
import type { SsoClock } from "./types.ts";

/** RFC 8628 §3.5: default interval, and the increase after slow_down. */
export const DEFAULT_POLL_INTERVAL_MS = 5_000;
export const SLOW_DOWN_INCREMENT_MS = 5_000;

export interface DevicePrompt {
  verificationUri: string;
  verificationUriComplete: string;
  userCode: string;
}

export interface DeviceFlowOptions {
  oidc: SsoOidcPort;
  registration: ClientRegistration;
  startUrl: string;
  clock: SsoClock;
  /** Called once, only if the first attempt is pending: show the URL and code, maybe open a browser. */
  prompt: (p: DevicePrompt) => void;
}

export async function runDeviceFlow(opts: DeviceFlowOptions): Promise<IssuedToken> {
  const { oidc, registration, clock } = opts;
  const auth = await oidc.startDeviceAuthorization({
    clientId: registration.clientId,
    clientSecret: registration.clientSecret,
    startUrl: opts.startUrl,
  });
  const deadline = clock.now() + auth.expiresIn * 1000;
  let interval = auth.interval ? auth.interval * 1000 : DEFAULT_POLL_INTERVAL_MS;
  let prompted = false;
  for (;;) {
    const r = await oidc.createToken({
      grantType: "device_code",
      clientId: registration.clientId,
      clientSecret: registration.clientSecret,
      deviceCode: auth.deviceCode,
    });
    switch (r.kind) {
      case "token":
        return r.token;
      case "authorization_pending":
        break;
      case "slow_down":
        interval += SLOW_DOWN_INCREMENT_MS;
        break;
      case "expired_token":
        throw new SsoLoginError(
          "authorization_expired",
          "The device authorization expired before it was approved.",
        );
      case "access_denied":
        throw new SsoLoginError(
          "access_denied",
          `The device authorization was denied${r.reason ? ` (${r.reason})` : ""}.`,
        );
      case "invalid_grant":
        throw new SsoLoginError("invalid_grant", "The device code is no longer valid.");
      case "invalid_client":
        throw new SsoLoginError("invalid_client", "SSO OIDC rejected the client registration.");
    }
    if (!prompted) {
      prompted = true;
      opts.prompt({
        verificationUri: auth.verificationUri,
        verificationUriComplete: auth.verificationUriComplete,
        userCode: auth.userCode,
      });
    }
    // The service normally answers expired_token itself; this guards against one that never does.
    if (clock.now() >= deadline) {
      throw new SsoLoginError(
        "authorization_expired",
        "The device authorization expired before it was approved.",
      );
    }
    await clock.sleep(interval);
  }
}
