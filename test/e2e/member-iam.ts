/**
 * An IAM client in a member account of the emulated organization, as its administrator: the test's
 * own view of what keyless did there (AssumeRole of OrganizationAccountAccessRole through the proxy,
 * as keyless reaches the account itself).
 */
import { IAMClient } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { REGION } from "./admin-harness.ts";

/** The emulator's management-account credentials. */
export const ADMIN_CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };

export async function memberIam(endpoint: string, accountId: string): Promise<IAMClient> {
  const sts = new STSClient({ region: REGION, endpoint, credentials: ADMIN_CREDENTIALS });
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
      RoleSessionName: "test-admin",
    }),
  );
  sts.destroy();
  const c = out.Credentials;
  return new IAMClient({
    region: REGION,
    endpoint,
    credentials: {
      accessKeyId: c?.AccessKeyId ?? "",
      secretAccessKey: c?.SecretAccessKey ?? "",
      sessionToken: c?.SessionToken ?? "",
    },
  });
}
