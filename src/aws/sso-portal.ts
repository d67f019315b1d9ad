/**
 * The SSO portal API over the AWS SDK (the only place keyless imports @aws-sdk/client-sso), as the
 * domain port of src/local/sso/ports.ts. Every call carries the SSO access token (the
 * `x-amz-sso_bearer_token` header), never AWS credentials. Lists follow every page; throttling
 * (TooManyRequestsException, HTTP 429) is retried by the SDK's adaptive retry with backoff.
 * An invalid or expired token (UnauthorizedException) becomes a NO_CREDENTIALS KeylessError that
 * says to log in again.
 */
import type { RoleCredentials as SdkRoleCredentials, SSOClient } from "@aws-sdk/client-sso";
import { KeylessError } from "../errors/keyless-error.ts";
import type { PortalAccount, PortalRole, RoleCredentials, SsoPortalPort } from "../local/sso/ports.ts";
import { isAwsError, toKeylessError } from "./errors.ts";

export interface SsoPortalPortOptions {
  /** `sso_region`. */
  region: string;
  /** SDK attempts per call including the first (adaptive retry). Default 8. */
  maxAttempts?: number;
}

/** The portal's largest page. */
export const PORTAL_PAGE_SIZE = 100;

type SsoModule = typeof import("@aws-sdk/client-sso");

function portalError(err: unknown, op: string): KeylessError {
  if (isAwsError(err, "UnauthorizedException")) {
    return new KeylessError(
      "NO_CREDENTIALS",
      `The SSO portal rejected the access token (${op}): the SSO session is invalid or expired.`,
      {
        hint: "Run `keyless login` to sign in again.",
        cause: err,
      },
    );
  }
  return toKeylessError(err, `sso.${op}`);
}

export function createSsoPortalPort(opts: SsoPortalPortOptions): SsoPortalPort {
  let loaded: Promise<{ sdk: SsoModule; client: SSOClient }> | undefined;
  const load = () => {
    loaded ??= import("@aws-sdk/client-sso").then((sdk) => ({
      sdk,
      client: new sdk.SSOClient({
        region: opts.region,
        retryMode: "adaptive",
        maxAttempts: opts.maxAttempts ?? 8,
      }),
    }));
    return loaded;
  };

  return {
    async listAccounts(accessToken, onPage) {
      const { sdk, client } = await load();
      const out: PortalAccount[] = [];
      let nextToken: string | undefined;
      try {
        do {
          const page = await client.send(
            new sdk.ListAccountsCommand({ accessToken, maxResults: PORTAL_PAGE_SIZE, nextToken }),
          );
          for (const a of page.accountList ?? []) {
            if (!a.accountId) continue;
            out.push({
              accountId: a.accountId,
              accountName: a.accountName ?? "",
              emailAddress: a.emailAddress ?? "",
            });
          }
          onPage?.(out.length);
          nextToken = page.nextToken || undefined;
        } while (nextToken);
      } catch (err) {
        throw portalError(err, "ListAccounts");
      }
      return out;
    },

    async listAccountRoles(accessToken, accountId) {
      const { sdk, client } = await load();
      const out: PortalRole[] = [];
      let nextToken: string | undefined;
      try {
        do {
          const page = await client.send(
            new sdk.ListAccountRolesCommand({
              accessToken,
              accountId,
              maxResults: PORTAL_PAGE_SIZE,
              nextToken,
            }),
          );
          for (const r of page.roleList ?? []) {
            if (r.roleName) out.push({ accountId: r.accountId ?? accountId, roleName: r.roleName });
          }
          nextToken = page.nextToken || undefined;
        } while (nextToken);
      } catch (err) {
        throw portalError(err, "ListAccountRoles");
      }
      return out;
    },

    async getRoleCredentials(accessToken, accountId, roleName): Promise<RoleCredentials> {
      const { sdk, client } = await load();
      let creds: SdkRoleCredentials | undefined;
      try {
        const out = await client.send(
          new sdk.GetRoleCredentialsCommand({ accessToken, accountId, roleName }),
        );
        creds = out.roleCredentials;
      } catch (err) {
        throw portalError(err, "GetRoleCredentials");
      }
      const c = creds;
      if (!c?.accessKeyId || !c.secretAccessKey || !c.sessionToken || c.expiration === undefined) {
        throw new KeylessError("AWS_ERROR", "GetRoleCredentials answered without complete role credentials.");
      }
      return {
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        sessionToken: c.sessionToken,
        expiration: Number(c.expiration),
      };
    },

    async logout(accessToken) {
      const { sdk, client } = await load();
      try {
        await client.send(new sdk.LogoutCommand({ accessToken }));
        return "ok";
      } catch (err) {
        if (isAwsError(err, "UnauthorizedException")) return "unauthorized";
        throw portalError(err, "Logout");
      }
    },

    destroy() {
      loaded?.then(
        ({ client }) => client.destroy(),
        () => {},
      );
    },
  };
}
