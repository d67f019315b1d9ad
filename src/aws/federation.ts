/**
 * The AWS federation endpoint's `getSigninToken`: role credentials in, a console sign-in token out
 * (`GET <endpoint>?Action=getSigninToken&Session=<JSON>` → `{"SigninToken": "..."}`). Not an SDK
 * operation (no SDK models it), so plain HTTPS. No SessionDuration is sent: the console session then
 * lasts as long as the role credentials, i.e. the permission set's session duration, as a portal
 * sign-in does. Errors name the endpoint (without the query, which holds the credentials) and the
 * HTTP status; AWS's answer body is never shown, nor any credential or token.
 */
import { KeylessError } from "../errors/keyless-error.ts";

export interface FederationCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

export async function getSigninToken(
  endpoint: string,
  creds: FederationCredentials,
  opts: { timeoutMs?: number } = {},
): Promise<string> {
  const session = JSON.stringify({
    sessionId: creds.accessKeyId,
    sessionKey: creds.secretAccessKey,
    sessionToken: creds.sessionToken,
  });
  const q = new URLSearchParams({ Action: "getSigninToken", Session: session });
  let res: Response;
  try {
    res = await fetch(`${endpoint}?${q.toString()}`, {
      redirect: "error",
      signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
    });
  } catch (err) {
    const why = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    throw new KeylessError("AWS_ERROR", `could not reach the AWS federation endpoint ${endpoint} (${why})`, {
      hint: "Check your network connection (and any proxy), then run the command again.",
    });
  }
  if (res.status !== 200) {
    await res.body?.cancel();
    throw new KeylessError(
      "AWS_ERROR",
      `the AWS federation endpoint ${endpoint} refused the role credentials (HTTP ${res.status})`,
      {
        hint: "Run the command again for fresh credentials; if it keeps failing, run `keyless whoami` to check that the profile's credentials work.",
      },
    );
  }
  let token: unknown;
  try {
    token = ((await res.json()) as { SigninToken?: unknown }).SigninToken;
  } catch {
    token = undefined;
  }
  if (typeof token !== "string" || token === "") {
    throw new KeylessError(
      "AWS_ERROR",
      `the AWS federation endpoint ${endpoint} answered without a SigninToken`,
    );
  }
  return token;
}
