/**
 * SSO OIDC over the AWS SDK (the only place keyless imports @aws-sdk/client-sso-oidc), as the
 * domain port of src/local/sso/ports.ts. Calls are unauthenticated (the model marks them noAuth), so
 * no AWS credentials are needed; the endpoint is whatever the SDK resolves for `sso_region`,
 * honouring AWS_ENDPOINT_URL_SSO_OIDC and AWS_ENDPOINT_URL. CreateToken's protocol answers
 * (authorization_pending, slow_down, expired_token, access_denied, invalid_grant, invalid_client) come
 * back as values; anything else is a KeylessError.
 */
import type {
  RegisterClientCommandInput,
  RegisterClientCommandOutput,
  SSOOIDCClient,
} from "@aws-sdk/client-sso-oidc";
import type { BuildHandler, BuildHandlerArguments } from "@smithy/types";
import type { ClientRegistration, CreateTokenResult, SsoOidcPort, TokenGrant } from "../local/sso/ports.ts";
import { toKeylessError } from "./errors.ts";

export interface SsoOidcPortOptions {
  /** `sso_region`. */
  region: string;
  /** SDK attempts per call including the first (adaptive retry). Default 5. */
  maxAttempts?: number;
}

const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

type OidcModule = typeof import("@aws-sdk/client-sso-oidc");

function errorField(err: unknown, field: string): string | undefined {
  const v = typeof err === "object" && err !== null ? (err as Record<string, unknown>)[field] : undefined;
  return typeof v === "string" ? v : undefined;
}

/** Maps CreateToken's modelled OAuth errors to results; undefined for anything else. */
export function createTokenErrorResult(err: unknown): CreateTokenResult | undefined {
  const name = errorField(err, "name");
  const description = errorField(err, "error_description");
  switch (name) {
    case "AuthorizationPendingException":
      return { kind: "authorization_pending" };
    case "SlowDownException":
      return { kind: "slow_down" };
    case "ExpiredTokenException":
      return { kind: "expired_token", description };
    case "AccessDeniedException":
      return { kind: "access_denied", reason: errorField(err, "reason"), description };
    case "InvalidGrantException":
      return { kind: "invalid_grant", description };
    case "InvalidClientException":
    case "UnauthorizedClientException":
      return { kind: "invalid_client", description };
    default:
      return undefined;
  }
}

class EndpointProbe extends Error {
  constructor(readonly baseUrl: string) {
    super("endpoint probe");
  }
}

/** Creates the port; the SDK is loaded and the client built on first use. */
export function createSsoOidcPort(opts: SsoOidcPortOptions): SsoOidcPort {
  let loaded: Promise<{ sdk: OidcModule; client: SSOOIDCClient }> | undefined;
  const load = () => {
    loaded ??= import("@aws-sdk/client-sso-oidc").then((sdk) => ({
      sdk,
      client: new sdk.SSOOIDCClient({
        region: opts.region,
        retryMode: "adaptive",
        maxAttempts: opts.maxAttempts ?? 5,
      }),
    }));
    return loaded;
  };
  let destroyed = false;

  return {
    async registerClient(input): Promise<ClientRegistration> {
      const { sdk, client } = await load();
      try {
        const out = await client.send(
          new sdk.RegisterClientCommand({
            clientName: input.clientName,
            clientType: "public",
            ...(input.scopes ? { scopes: input.scopes } : {}),
            ...(input.grantTypes ? { grantTypes: input.grantTypes } : {}),
            ...(input.redirectUris ? { redirectUris: input.redirectUris } : {}),
            ...(input.issuerUrl ? { issuerUrl: input.issuerUrl } : {}),
          }),
        );
        if (!out.clientId || !out.clientSecret || out.clientSecretExpiresAt === undefined) {
          throw new Error("RegisterClient answered without clientId, clientSecret or clientSecretExpiresAt");
        }
        return {
          clientId: out.clientId,
          clientSecret: out.clientSecret,
          expiresAt: Number(out.clientSecretExpiresAt) * 1000,
        };
      } catch (err) {
        throw toKeylessError(err, "sso-oidc.RegisterClient");
      }
    },

    async startDeviceAuthorization(input) {
      const { sdk, client } = await load();
      try {
        const out = await client.send(new sdk.StartDeviceAuthorizationCommand(input));
        if (!out.deviceCode || !out.userCode || !out.verificationUriComplete || out.expiresIn === undefined) {
          throw new Error(
            "StartDeviceAuthorization answered without deviceCode, userCode or verificationUriComplete",
          );
        }
        return {
          deviceCode: out.deviceCode,
          userCode: out.userCode,
          verificationUri: out.verificationUri ?? out.verificationUriComplete,
          verificationUriComplete: out.verificationUriComplete,
          expiresIn: out.expiresIn,
          interval: out.interval,
        };
      } catch (err) {
        throw toKeylessError(err, "sso-oidc.StartDeviceAuthorization");
      }
    },

    async createToken(grant: TokenGrant): Promise<CreateTokenResult> {
      const { sdk, client } = await load();
      const base = { clientId: grant.clientId, clientSecret: grant.clientSecret };
      const input =
        grant.grantType === "device_code"
          ? { ...base, grantType: DEVICE_GRANT, deviceCode: grant.deviceCode }
          : grant.grantType === "authorization_code"
            ? {
                ...base,
                grantType: "authorization_code",
                code: grant.code,
                redirectUri: grant.redirectUri,
                codeVerifier: grant.codeVerifier,
              }
            : { ...base, grantType: "refresh_token", refreshToken: grant.refreshToken };
      try {
        const out = await client.send(new sdk.CreateTokenCommand(input));
        if (!out.accessToken || out.expiresIn === undefined) {
          throw new Error("CreateToken answered without accessToken or expiresIn");
        }
        return {
          kind: "token",
          token: {
            accessToken: out.accessToken,
            expiresIn: out.expiresIn,
            refreshToken: out.refreshToken || undefined,
          },
        };
      } catch (err) {
        const result = createTokenErrorResult(err);
        if (result) return result;
        throw toKeylessError(err, "sso-oidc.CreateToken");
      }
    },

    async authorizeBaseUrl(): Promise<string> {
      // As the AWS CLI: dry-run a RegisterClient to see where the SDK would send it, and stop it
      // before it leaves (the build step runs after endpoint resolution and serialization).
      const { sdk, client } = await load();
      const command = new sdk.RegisterClientCommand({ clientName: "temp", clientType: "public" });
      command.middlewareStack.add(
        (_next: BuildHandler<RegisterClientCommandInput, RegisterClientCommandOutput>) =>
          async (args: BuildHandlerArguments<RegisterClientCommandInput>) => {
            const req = args.request as { protocol?: string; hostname?: string; port?: number };
            const scheme = (req.protocol ?? "https:").replace(/:?$/, ":");
            throw new EndpointProbe(`${scheme}//${req.hostname}${req.port ? `:${req.port}` : ""}`);
          },
        { step: "build", name: "keylessEndpointProbe", priority: "low" },
      );
      try {
        await client.send(command);
      } catch (err) {
        if (err instanceof EndpointProbe) return err.baseUrl;
        throw toKeylessError(err, "sso-oidc.RegisterClient");
      }
      throw new Error("endpoint probe did not run");
    },

    destroy() {
      if (destroyed) return;
      destroyed = true;
      loaded?.then(
        ({ client }) => client.destroy(),
        () => {},
      );
    },
  };
}
