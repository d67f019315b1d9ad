/** The fix for each kind of finding: how to stop needing the key, then how to get rid of it. */
import type { FindingKind } from "./types.ts";

const ROTATE =
  "then deactivate and delete the access key in IAM (rotate it first if something still uses it)";
const SSO = "sign in through an SSO profile instead (`keyless configure`, then `keyless login`)";

export const FIXES: Record<FindingKind, string> = {
  "env-long-term-key": `Unset the key variables (check your shell profile and CI secrets), ${SSO} and set AWS_PROFILE or run commands through \`keyless exec\`; ${ROTATE}.`,
  "env-temporary-key":
    "Temporary credentials in the environment are what `keyless exec` and other SSO tools provide; outside such a tool set AWS_PROFILE to an SSO profile so nothing is copied by hand.",
  "credentials-file": `Delete the keys from the shared credentials file and ${SSO}; ${ROTATE}.`,
  "config-static-key": `Remove aws_access_key_id / aws_secret_access_key / aws_session_token from the profile and ${SSO}; ${ROTATE}.`,
  "terraform-provider-static-key": `Remove access_key / secret_key / token from the provider block and set \`profile = "<sso profile>"\` (or AWS_PROFILE); ${SSO}; ${ROTATE}.`,
  "terraform-backend-static-key": `Remove access_key / secret_key / token from the backend configuration and set \`profile = "<sso profile>"\` (\`keyless terraform files\` writes such a backend.tf); ${SSO}; ${ROTATE}.`,
  "terraform-backend-cache-key": `\`terraform init\` cached backend keys in .terraform/terraform.tfstate (from the backend block or -backend-config): run \`terraform init -reconfigure\` with \`profile\` instead of keys; ${SSO}; ${ROTATE}.`,
  "tfvars-secret": `Remove the key from the variables file (and from git history if it was committed) and let the provider use an SSO profile (\`profile =\` or AWS_PROFILE); ${SSO}; ${ROTATE}.`,
  "tfstate-secret": `The state holds a credential (for example an aws_iam_access_key's secret): keep state only in the encrypted, private S3 backend (keyless \`stateBackend\`), never in git or on a laptop, and prefer SSO to IAM users; ${ROTATE}.`,
  "dotenv-secret": `Remove the key from the env file and set AWS_PROFILE to an SSO profile instead; ${SSO}; ${ROTATE}.`,
  "key-in-text": `Remove the key from the file (and from git history if it was committed); ${ROTATE}.`,
  "ci-github-static-key": `Declare a CI role in keyless.yaml (ci.roles) and use \`keyless ci workflow\` (the job assumes the role through OIDC: id-token: write, role-to-assume); then delete the repository's AWS key secrets, and ${ROTATE.replace(/^then /, "")}.`,
  "ci-gitlab-static-key": `Declare a CI role in keyless.yaml (ci.roles) and use \`keyless ci workflow\` (the job assumes the role with an id_tokens token: AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE); then delete the AWS key CI/CD variables, and ${ROTATE.replace(/^then /, "")}.`,
};

export const EXAMPLE_FIX = "An AWS documentation example value: nothing to do.";
