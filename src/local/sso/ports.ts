/**
 * What the login machinery needs from SSO OIDC and the SSO portal, in domain terms. Implemented over
 * the AWS SDK in src/aws/sso-oidc.ts and src/aws/sso-portal.ts; tests run those against the stand-in.
 * Expected protocol outcomes (pending, slow down, expired, denied) are values, not exceptions, so
 * the polling loops read as the RFC describes them.
 */

export interface RegisterClientInput {
  clientName: string;
  /** Sent only when given (the device flow sends scopes only if configured). */
  scopes?: string[] | undefined;
  grantTypes?: string[] | undefined;
  redirectUris?: string[] | undefined;
  issuerUrl?: string | undefined;
}

export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
  /** `clientSecretExpiresAt` in epoch milliseconds. */
  expiresAt: number;
}

export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string;
  /** Seconds the device code stays valid. */
  expiresIn: number;
  /** Seconds between polls (RFC 8628 default 5 when absent). */
  interval: number | undefined;
}

interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export type TokenGrant =
  | (ClientCredentials & { grantType: "device_code"; deviceCode: string })
  | (ClientCredentials & {
      grantType: "authorization_code";
      code: string;
      /** With the port, exactly as sent in the authorize URL. */
      redirectUri: string;
      codeVerifier: string;
    })
  | (ClientCredentials & { grantType: "refresh_token"; refreshToken: string });

export interface IssuedToken {
  accessToken: string;
  /** Seconds from now. */
  expiresIn: number;
  refreshToken?: string | undefined;
}

/** CreateToken outcomes. `description` is the service's `error_description` (never contains secrets). */
export type CreateTokenResult =
  | { kind: "token"; token: IssuedToken }
  | { kind: "authorization_pending" }
  | { kind: "slow_down" }
  | { kind: "expired_token"; description?: string | undefined }
  | { kind: "access_denied"; reason?: string | undefined; description?: string | undefined }
  | { kind: "invalid_grant"; description?: string | undefined }
  | { kind: "invalid_client"; description?: string | undefined };

export interface SsoOidcPort {
  registerClient(input: RegisterClientInput): Promise<ClientRegistration>;
  startDeviceAuthorization(input: ClientCredentials & { startUrl: string }): Promise<DeviceAuthorization>;
  createToken(grant: TokenGrant): Promise<CreateTokenResult>;
  /**
   * `scheme://host[:port]` of the OIDC endpoint the SDK resolves (honouring AWS_ENDPOINT_URL_SSO_OIDC
   * and AWS_ENDPOINT_URL), for the un-modelled `/authorize` URL, as the AWS CLI derives it.
   */
  authorizeBaseUrl(): Promise<string>;
  destroy(): void;
}

export interface PortalAccount {
  accountId: string;
  accountName: string;
  emailAddress: string;
}

export interface PortalRole {
  accountId: string;
  roleName: string;
}

export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch milliseconds (the portal answers ms; botocore divides by 1000). */
  expiration: number;
}

export interface SsoPortalPort {
  /** Every account the token may use, all pages (max_result 100). `onPage` gets the running total. */
  listAccounts(accessToken: string, onPage?: (soFar: number) => void): Promise<PortalAccount[]>;
  /** Every role of one account, all pages. */
  listAccountRoles(accessToken: string, accountId: string): Promise<PortalRole[]>;
  getRoleCredentials(accessToken: string, accountId: string, roleName: string): Promise<RoleCredentials>;
  /** Signs the token out at the portal; "unauthorized" when it was already invalid. */
  logout(accessToken: string): Promise<"ok" | "unauthorized">;
  destroy(): void;
}
