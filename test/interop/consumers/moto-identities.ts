/**
 * Identities in moto whose credentials moto recognises, so its GetCallerIdentity answers WHO signed
 * (for unknown keys moto answers one fixed default user, which would prove nothing about which
 * credentials a consumer used). Query protocol over fetch: moto does not check signatures, it only
 * reads the service from the credential scope.
 */
async function motoQuery(
  endpoint: string,
  service: "iam" | "sts",
  params: Record<string, string>,
): Promise<string> {
  const res = await fetch(`${endpoint}/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization:
        `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/${service}/aws4_request, ` +
        "SignedHeaders=host, Signature=0",
    },
    body: new URLSearchParams(params).toString(),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`moto ${service} ${params.Action} failed (${res.status}): ${text}`);
  return text;
}

function tag(xml: string, name: string): string {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  if (!m?.[1]) throw new Error(`no <${name}> in moto's answer: ${xml}`);
  return m[1];
}

export interface MotoIamUser {
  userName: string;
  arn: string;
  userId: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** An IAM user with an access key: GetCallerIdentity with that key answers the user's ARN. */
export async function createMotoIamUser(endpoint: string, userName: string): Promise<MotoIamUser> {
  const v = { Version: "2010-05-08", UserName: userName };
  const user = await motoQuery(endpoint, "iam", { Action: "CreateUser", ...v });
  const key = await motoQuery(endpoint, "iam", { Action: "CreateAccessKey", ...v });
  return {
    userName,
    arn: tag(user, "Arn"),
    userId: tag(user, "UserId"),
    accessKeyId: tag(key, "AccessKeyId"),
    secretAccessKey: tag(key, "SecretAccessKey"),
  };
}

export interface MotoRoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch ms. */
  expiration: number;
}

/**
 * Role credentials from moto's STS AssumeRole: GetCallerIdentity with them answers
 * `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`. Shaped as the SSO stand-in's `issueCredentials`.
 */
export async function motoRoleCredentials(
  endpoint: string,
  accountId: string,
  roleName: string,
  session: string,
): Promise<MotoRoleCredentials> {
  const xml = await motoQuery(endpoint, "sts", {
    Action: "AssumeRole",
    Version: "2011-06-15",
    RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`,
    RoleSessionName: session,
  });
  return {
    accessKeyId: tag(xml, "AccessKeyId"),
    secretAccessKey: tag(xml, "SecretAccessKey"),
    sessionToken: tag(xml, "SessionToken"),
    expiration: Date.parse(tag(xml, "Expiration")),
  };
}
