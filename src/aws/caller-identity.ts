/**
 * STS GetCallerIdentity with explicit (role) credentials, for `keyless whoami`: it proves the
 * credentials work and names who they belong to. Explicit credentials, so nothing from the
 * environment's credential chain (AWS_PROFILE, access keys) can answer instead. The endpoint is what
 * the SDK resolves (AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL).
 */
import { toKeylessError } from "./errors.ts";

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

export async function getCallerIdentity(
  credentials: StaticCredentials,
  region: string,
): Promise<CallerIdentity> {
  const sdk = await import("@aws-sdk/client-sts");
  // Only the three fields: the SDK reads any `expiration` as a Date.
  const { accessKeyId, secretAccessKey, sessionToken } = credentials;
  const client = new sdk.STSClient({
    region,
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
    retryMode: "adaptive",
    maxAttempts: 4,
  });
  try {
    const out = await client.send(new sdk.GetCallerIdentityCommand({}));
    return { account: out.Account ?? "", arn: out.Arn ?? "", userId: out.UserId ?? "" };
  } catch (err) {
    throw toKeylessError(err, "sts.GetCallerIdentity");
  } finally {
    client.destroy();
  }
}
