/**
 * The one AWS look-up of `keyless terraform files`: the key ARN behind the alias of the state key
 * keyless creates (KMS DescribeKey), made with the profile the files name, the credentials Terraform
 * itself will use. An sso-session profile goes through keyless's own SSO path (token cache, refresh,
 * GetRoleCredentials), like exec and whoami; any other kind of profile (credential_process, role
 * chaining, a legacy SSO profile) is left to the AWS SDK's own profile resolution. Only when the
 * profile is not on this machine at all (files written for engineers' machines) does the command
 * pass none, and the SDK's default credential chain is used; the command says so in a note.
 */
import { findProfile, loadAwsConfig, profileCredentials } from "../app/developer-session.ts";
import { KeylessError } from "../errors/keyless-error.ts";

type Env = Record<string, string | undefined>;

/**
 * Explicit role credentials for an sso-session profile, else the profile name for the SDK; with no
 * profile, nothing (the SDK's default credential chain).
 */
async function credentialsOf(
  profile: string | undefined,
  env: Env,
): Promise<
  | { credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } }
  | { profile?: string }
> {
  if (profile === undefined) return {};
  const { model } = await loadAwsConfig({ env });
  const section = findProfile(model, profile);
  if (section?.values.sso_session) {
    const pc = await profileCredentials({ env }, profile);
    return { credentials: pc.credentials };
  }
  return { profile };
}

/** Hints for the engineer (toKeylessError's are written for the management account's admin). */
function engineerHint(e: KeylessError, profile: string | undefined): string | undefined {
  if (profile === undefined) return e.hint;
  if (e.code === "AWS_ACCESS_DENIED") {
    return `Profile "${profile}" needs kms:DescribeKey on the state key (terraform-core's read set has it; the key policy must let the role's account use the key).`;
  }
  if (e.code === "NO_CREDENTIALS") {
    return `Check that the profile works: aws sts get-caller-identity --profile ${profile}`;
  }
  return e.hint;
}

/** Says which look-up failed and how to do without it, keeping the original exit code. */
function lookupFailed(
  e: KeylessError,
  aliasArn: string,
  profile: string | undefined,
  hint: string | undefined,
) {
  return new KeylessError(
    e.code,
    `cannot look up the state key behind ${aliasArn} with ${profile === undefined ? "the default credential chain" : `profile "${profile}"`}: ${e.message}`,
    {
      hint: `${hint ? `${hint} ` : ""}Or pass --kms-key-id with the key ARN (your platform team has it) to skip the look-up.`,
      cause: e,
    },
  );
}

/** The key ARN behind `aliasArn`, or null when the alias does not exist. */
export async function describeKmsKeyWithProfile(
  region: string,
  aliasArn: string,
  profile: string | undefined,
  env: Env,
): Promise<string | null> {
  const [{ createAwsClients }, { isAwsError, toKeylessError }] = await Promise.all([
    import("../aws/clients.ts"),
    import("../aws/errors.ts"),
  ]);
  let clients: Awaited<ReturnType<typeof createAwsClients>> | undefined;
  try {
    // keyless's own errors (not signed in, unknown profile) already say what to do.
    const creds = await credentialsOf(profile, env).catch((err: unknown) => {
      if (err instanceof KeylessError) throw lookupFailed(err, aliasArn, profile, err.hint);
      throw err;
    });
    clients = await createAwsClients({ region, maxAttempts: 3, ...creds });
    const { kms } = await clients.stateBackend(region);
    try {
      return (await kms.describeKey({ KeyId: aliasArn })).KeyMetadata?.Arn ?? null;
    } catch (err) {
      if (isAwsError(err, "NotFoundException")) return null;
      const e = toKeylessError(err);
      throw lookupFailed(e, aliasArn, profile, engineerHint(e, profile));
    }
  } finally {
    clients?.destroy();
  }
}
