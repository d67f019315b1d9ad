/**
 * The GitLab CI jobs of `keyless ci workflow`, as text (pure), meant to be `include:`d from
 * .gitlab-ci.yml. The job asks GitLab for an ID token with the audience the role's trust policy
 * requires (`id_tokens: … aud:`), writes it to a private temporary file and points the AWS SDK inside
 * Terraform at it (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN): the SDK then calls
 * AssumeRoleWithWebIdentity itself and refreshes the credentials. Only GitLab's default stages (test,
 * deploy) are used, so the including pipeline needs no `stages:` change.
 */
import { slugOf, WORKFLOW_HEADER } from "./workflow-github.ts";
import type { WorkflowSpec } from "./workflow-spec.ts";

const q = (s: string): string => JSON.stringify(s);
/** A YAML single-quoted scalar (GitLab's `rules: if:` reads `$VAR` and `"..."` inside it). */
const single = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export function renderGitlabJobs(spec: WorkflowSpec, terraformVersion: string): string {
  const slug = slugOf(spec.dir);
  const base = `.keyless-terraform-${slug}`;
  const where = spec.accountName ? `${spec.accountName} (${spec.accountId})` : spec.accountId;
  const lines = [
    `# ${WORKFLOW_HEADER}`,
    `# Terraform in ${spec.dir} on ${where} through OIDC roles declared in keyless.yaml: no AWS access key is`,
    "# stored in GitLab. Include this file from .gitlab-ci.yml:",
    `#   include:`,
    `#     - local: ${spec.out}`,
    `${base}:`,
    "  image:",
    `    name: ${q(`hashicorp/terraform:${terraformVersion}`)}`,
    '    entrypoint: [""]',
    "  id_tokens:",
    "    KEYLESS_ID_TOKEN:",
    `      aud: ${q(spec.audience)}`,
    "  variables:",
    `    AWS_REGION: ${q(spec.region)}`,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: GitLab variables, not a JS template
    '    AWS_ROLE_SESSION_NAME: "keyless-${CI_PIPELINE_ID}-${CI_JOB_ID}"',
    '    TF_IN_AUTOMATION: "1"',
    "  before_script:",
    '    - export AWS_WEB_IDENTITY_TOKEN_FILE="$(mktemp)"',
    `    - printf '%s' "$KEYLESS_ID_TOKEN" > "$AWS_WEB_IDENTITY_TOKEN_FILE"`,
    `    - cd ${q(spec.dir)}`,
    "    - terraform init -input=false",
    "",
  ];
  if (spec.review) {
    lines.push(
      `terraform-plan-${slug}:`,
      `  extends: ${base}`,
      "  stage: test",
      "  variables:",
      `    AWS_ROLE_ARN: ${q(spec.review.arn)}`,
      "  rules:",
      '    - if: $CI_PIPELINE_SOURCE == "merge_request_event"',
      "  script:",
      "    - terraform plan -input=false",
      "",
    );
  }
  lines.push(
    `terraform-${spec.main.applies ? "apply" : "plan-main"}-${slug}:`,
    `  extends: ${base}`,
    `  stage: ${spec.main.applies ? "deploy" : "test"}`,
    "  variables:",
    `    AWS_ROLE_ARN: ${q(spec.main.arn)}`,
    `  resource_group: ${q(`terraform-${slug}`)}`,
    "  rules:",
    `    - if: ${single(`$CI_COMMIT_BRANCH == ${q(spec.main.branch)} && $CI_PIPELINE_SOURCE == "push"`)}`,
    "  script:",
    ...(spec.main.applies
      ? ["    - terraform plan -input=false -out=tfplan", "    - terraform apply -input=false tfplan"]
      : ["    - terraform plan -input=false"]),
  );
  return `${lines.join("\n")}\n`;
}
