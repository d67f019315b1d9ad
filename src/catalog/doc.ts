/**
 * docs/permission-sets.md, generated from the catalog data so the documentation cannot drift from
 * what the presets render (scripts/gen-permission-sets-doc.ts writes it; a test compares).
 */
import { acceptedReachOf } from "./accepted-reach.ts";
import { MANAGED_POLICY_MAX_CHARS, renderBoundary } from "./boundary.ts";
import { DEFAULT_IAM_PATH, DEFAULT_PERMISSIONS_BOUNDARY, SCOPE_TAG } from "./defaults.ts";
import { COMMON_DENIALS, GLOBAL_SERVICE_ACTIONS } from "./guardrails.ts";
import { recommendedRcp, recommendedScp } from "./org-policies.ts";
import { PARAMETER_DOCS } from "./parameters.ts";
import { PRESETS } from "./registry.ts";
import { policySize } from "./render.ts";
import type { Preset, PresetParams } from "./types.ts";

/** The largest parameter set: every optional statement rendered. */
export const EXAMPLE_FULL_PARAMS: PresetParams = {
  stateBucket: "keyless-tfstate-111111111111-eu-central-1",
  stateKeyPrefix: "platform/",
  stateScope: "payments/",
  lockTable: "terraform-locks",
  stateKmsKeyArn: "arn:aws:kms:eu-central-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  allowedRegions: ["eu-central-1", "eu-west-1", "us-east-1"],
  stateAccountId: "111111111111",
  objectBuckets: ["platform-artifacts"],
  auditKmsKeyArns: ["arn:aws:kms:eu-central-1:999999999999:key/abcd1234-12ab-34cd-56ef-1234567890ab"],
};

const INTRO = `# Permission sets: the Terraform presets

<!-- Generated from src/catalog by scripts/gen-permission-sets-doc.ts; do not edit by hand.
     test/unit/catalog/doc.test.ts fails when this file and the catalog disagree. -->

keyless ships eight permission-set presets, one per infrastructure domain, mirroring a Terraform
module layout. Use one on a permission set in \`keyless.yaml\`:

\`\`\`yaml
catalog:                       # optional parameters of every preset
  allowedRegions: [eu-central-1]
  iamPath: /terraform/
  permissionsBoundary: TerraformBoundary
permissionSets:
  terraform-core:
    description: Terraform state and planning
    preset: core               # or the full name, terraform-core
  terraform-networking:
    preset: networking
    extraStatements:           # appended to the rendered inline policy
      - Effect: Allow
        Action: route53:ChangeResourceRecordSets
        Resource: arn:aws:route53:::hostedzone/Z0123456789
    managedPolicies: []        # merged with what the preset attaches
\`\`\`

The rendered policy is the permission set's inline policy and goes through the same checks as a
hand-written one (shape, size, \`keyless policy lint\`), so \`validate\`, \`plan\` and \`apply\` treat both
alike. A permission set has either \`preset\` or \`inlinePolicy\`, not both. \`keyless catalog list\` and
\`keyless catalog show NAME\` print all of this, with the policy rendered from your \`keyless.yaml\`.

## How the presets fit together

- **terraform-core** holds the Terraform state (bucket, lock, KMS key) and a read set with which
  \`terraform plan\` can refresh every domain. With core alone an engineer can plan anything and change
  nothing but state.
- The **domain presets** add the writes of one domain and their own read set, and no state access. A
  stack of one domain uses two profiles: the core profile in the \`backend "s3"\` block (its \`profile\`
  setting) and the domain profile in the \`provider "aws"\` block. To put state access into a domain
  set instead, add the state statements with \`extraStatements\`.
- Domain presets overlap where the product places a service in two domains (Lambda is in compute
  and serverless).

## State access: per team, and from member accounts

terraform-core reads and writes state objects under \`stateBackend.keyPrefix\` only. Listing the
bucket is not limited by prefix: Terraform's S3 backend lists \`env:/\` (its workspace prefix) on every
init, plan and apply, and S3 answers 404 for a state key that does not exist yet (a new stack's first
init) only to a caller that may list the bucket; without it the answer is 403 and Terraform stops.
Key names are therefore visible to every state holder; contents are not.

Every holder of a set without a scope can overwrite every stack's state under the prefix. To give
each team or environment its own keys, give each its own permission set with \`stateScope\`:

\`\`\`yaml
permissionSets:
  terraform-core-payments:
    preset: core
    stateScope: payments/        # keys under <keyPrefix>payments/ only
  terraform-core-platform:
    preset: core
    stateScope: platform/
\`\`\`

A scoped set may read and write only \`<keyPrefix><stateScope>*\`; every other object is denied
explicitly (the data guardrail), so even more policies on the same set do not reach other teams'
state. Put each stack's \`key\` (and \`workspace_key_prefix\`, if you use workspaces) under the scope.

When a set that uses the state (its inline policy names the state bucket's objects, as
terraform-core's does) is assigned to accounts other than the backend's, keyless adds one statement
to the bucket policy and one to the key policy (of the key keyless creates) that let exactly those
sets' Identity Center roles in exactly those accounts in: \`aws:PrincipalAccount\` (the fixed account
list, which also keeps the bucket non-public for Block Public Access) and \`aws:PrincipalArn\`
(\`arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_<set>_*\`); the key only through
S3 (\`kms:ViaService\`) and from those accounts (\`kms:CallerAccount\`). \`keyless plan\` marks the change
as broadening access. See docs/state-backend.md.

## The read-only part: a narrow planning read set, not ReadOnlyAccess

Engineers who plan Terraform must describe resources. The AWS-managed \`ReadOnlyAccess\` policy would
do that, but it also reads the data the infrastructure holds: \`s3:GetObject\` on every bucket,
\`dynamodb:GetItem\`/\`Scan\`, \`logs:GetLogEvents\`, \`ssm:GetParameter\`, \`kinesis:GetRecords\` and more.
Whoever may plan could then read customer data and configuration secrets. The presets therefore
default to the safer choice: a **planning read set** per domain made of \`Describe*\`, \`List*\` and
configuration \`Get*\` actions (bucket settings, function configuration, IAM documents) and nothing
that reads objects, items, log events, metric data, traces, query results or secret values. The
data guardrail below makes this hold even when more policies are attached.

What this costs: a resource type outside the domains' read sets cannot be refreshed; add its
describe actions with \`extraStatements\`. Some configuration reads return values that may be
secrets, because Terraform cannot refresh the resource without them: Lambda environment variables
and code download URLs, EC2 user data (\`ec2:DescribeInstanceAttribute\`), ECS task definitions.
Keep secrets in Secrets Manager or Parameter Store (denied to every preset). \`s3:ListBucket\` is in
the planning set: refreshing \`aws_s3_bucket\` calls HeadBucket, which needs it; object key names
are readable, object contents are not. API Gateway API key values (\`apigateway:GET\` on \`/apikeys\`)
are readable to terraform-serverless only.

## Guardrails in every preset

Each preset ends with explicit Deny statements. An explicit Deny wins over any Allow, including
\`extraStatements\`, other policies attached to the same permission set (AdministratorAccess
included: the tests check every guardrail with it attached) and resource policies.

${COMMON_DENIALS.map((d) => `- **${d.what}**: ${d.why}.`).join("\n")}

The region restriction is one statement, \`Deny\` with \`NotAction\` and
\`StringNotEquals aws:RequestedRegion\`; these global services are excepted:
${GLOBAL_SERVICE_ACTIONS.map((a) => `\`${a}\``).join(", ")}. When \`stateBackend.region\` is not among
\`catalog.allowedRegions\`, it is added, so the state stays reachable.

## The scope tag

Some changes act with permissions larger than the permission set's own, or on what other teams run:
new code or configuration of a Lambda function (it runs with the function's role), user data,
metadata options, instance profiles and launch template versions of EC2 instances, listeners, rules
and targets of load balancers, ECS service updates, routes, security group rules, Elastic IPs and
DHCP options of networks, attachments and snapshots of volumes, mount targets and policies of file
systems, policies of ECR repositories and REST APIs, new versions of IAM policies. The presets
allow them only on resources tagged \`${SCOPE_TAG.key} = ${SCOPE_TAG.value}\`. Set it for everything a
stack creates with the provider's \`default_tags\`.

The tag can be set only when a resource is created, never added to, changed on or removed from an
existing one, so nobody can tag another team's resource into scope. AWS tells creation from later
tagging with \`ec2:CreateAction\`, \`elasticloadbalancing:CreateAction\`, \`ecs:CreateAction\` and
\`elasticfilesystem:CreateAction\` (present only when tags come with a create call); ECR and API
Gateway authorize tags given at creation on the create call itself, so their tagging calls
(\`ecr:TagResource\`, \`apigateway:PUT\` on \`/tags\`) may not add the key at all; Lambda checks the
tagging permission at creation against the new function's tags, so tagging is allowed only where the
function already carries the tag. IAM shows a new policy's tags only as request tags, like tags added
later: terraform-iam, which creates policies, may add the key to policies under the managed path (an
accepted residual, below); every other preset may not. Resources created before adopting the tag (and the
default VPC) are out of scope: recreate them, or have an administrator tag them.

## Permissions boundary and IAM path

Roles the presets may pass (\`iam:PassRole\`) are only those under the managed IAM path (default
\`${DEFAULT_IAM_PATH}\`), and only to the service principals each preset names (\`iam:PassedToService\`).
No preset may assume a role under that path (\`sts:AssumeRole\` is denied), so a holder cannot use a
role it shaped. terraform-iam creates and changes roles under that path only while they carry the
boundary policy (default \`${DEFAULT_PERMISSIONS_BOUNDARY}\`, path \`/\`), which must exist in every account
terraform-iam is assigned to: keyless does not create it. \`keyless catalog boundary\` prints it,
rendered from \`keyless.yaml\`:

\`\`\`sh
keyless catalog boundary > boundary.json
aws iam create-policy --policy-name ${DEFAULT_PERMISSIONS_BOUNDARY} --policy-document file://boundary.json
\`\`\`

The boundary allows everything except what the guardrails deny (static credentials, audit, identity,
state, scope tag, sharing outside the account, backups, regions; not the data guardrail, since
workloads read their data) and IAM escalation: no IAM write outside the managed path, no role change
without this boundary, no \`iam:PassRole\` outside the path, no boundary removal. So a role built by
terraform-iam with AdministratorAccess, whoever assumes it, still cannot do what the guardrails deny.
Narrow its first statement if your workloads need less. It has ${policySize(renderBoundary({}))} of ${MANAGED_POLICY_MAX_CHARS.toLocaleString("en-US")}
characters with the defaults.

A permission set's own customer-managed policies and boundary must not be under the managed path
(terraform-iam could rewrite them): \`keyless validate\` refuses them.

## What the presets cannot prevent, and the organisation policies that can

Each preset lists below what a holder can still do outside its domain because no condition key lets
a permission set tell it apart (trust-policy and resource-policy content, tags of services without
a create-time key). Most of it closes with one account per team and with these organisation
policies (replace the organisation id and the IAM path), which keyless does not apply:

Resource control policy (RCP): only principals of the organisation, and AWS services acting for it,
reach its buckets, roles, keys, secrets, queues, repositories, tables, log groups and traces, whatever a
bucket policy, trust policy or repository policy says.

\`\`\`json
${JSON.stringify(recommendedRcp(), null, 2)}
\`\`\`

Service control policy (SCP): roles write only to buckets of the organisation (replication, copies),
and policies under the managed IAM path stay on roles under it (never on users, groups or other roles).


\`\`\`json
${JSON.stringify(recommendedScp(), null, 2)}
\`\`\`

## Accepted reach findings

\`keyless policy lint\` reports, for a policy, what its holder can do to resources it does not manage
(docs/policy-lint.md). On the presets, the findings that cannot be closed inside a permission set
without breaking the preset's domain are listed under each preset as **Accepted reach findings**,
with the reason and what closes them (\`src/catalog/accepted-reach.ts\`). \`keyless validate\`, \`plan\`
and \`apply\` lint every permission set with the reach checks and do not repeat these for a set with
\`preset:\`; the same grant in an \`extraStatements\` entry or a hand-written inline policy is reported
as a warning.

## Size

Inline policies may have 10,240 non-whitespace characters. The presets stay inside that for the
parameter combinations the tests render (long names included; a 200-character IAM path or lock
table name can exceed it, and \`keyless validate\` then says so), so none needs splitting into
customer-managed policies; \`extraStatements\` share the remaining room.
`;

function sizeTable(): string {
  const rows = PRESETS.map(
    (p) =>
      `| ${p.name} | ${policySize(p.render({}).inlinePolicy)} | ${policySize(p.render(EXAMPLE_FULL_PARAMS).inlinePolicy)} |`,
  );
  return [
    "| preset | characters, no parameters | characters, every parameter set |",
    "|---|---:|---:|",
    ...rows,
    `| boundary (managed policy, limit ${MANAGED_POLICY_MAX_CHARS.toLocaleString("en-US")}) | ${policySize(renderBoundary({}))} | ${policySize(renderBoundary(EXAMPLE_FULL_PARAMS))} |`,
  ].join("\n");
}

function parameterTable(): string {
  const rows = Object.values(PARAMETER_DOCS).map(
    (d) => `| \`${d.name}\` | ${d.from} | ${d.default} | ${d.meaning} |`,
  );
  return ["| parameter | set in keyless.yaml by | default | meaning |", "|---|---|---|---|", ...rows].join(
    "\n",
  );
}

function presetSection(p: Preset): string {
  const ownDenials = p.denies.filter((d) => !COMMON_DENIALS.includes(d));
  const accepted = acceptedReachOf(p.name);
  return [
    `## ${p.name}`,
    "",
    `\`preset: ${p.shortName}\`. ${p.purpose}.`,
    "",
    `Services: ${p.services.join(", ")}.`,
    "",
    "**Allows**",
    "",
    ...p.grants.map((g) => `- ${g}`),
    "",
    "**Deliberately not granted**",
    "",
    ...p.notGranted.map((g) => `- ${g}`),
    "",
    "**Denies**",
    "",
    ...ownDenials.map((d) => `- ${d.what}: ${d.why}.`),
    "- the common guardrails (see above).",
    "",
    "**Cannot prevent**",
    "",
    ...(p.cannotPrevent.length > 0
      ? p.cannotPrevent.map((c) => `- ${c}`)
      : ["- nothing beyond the common residuals above (trust and resource policy content)."]),
    "",
    "**Accepted reach findings**",
    "",
    ...(accepted.length > 0
      ? accepted.map((a) => `- \`${a.code}\` (statement \`${a.sid}\`): ${a.why} Closes with: ${a.closedBy}`)
      : ["- none: `keyless policy lint` reports no reach finding on this preset."]),
    "",
    `**Parameters**: ${p.parameters.map((n) => `\`${n}\``).join(", ")}.`,
    "",
  ].join("\n");
}

export function renderPermissionSetsDoc(): string {
  return [
    INTRO,
    sizeTable(),
    "",
    "## Parameters",
    "",
    "Taken from the `catalog` and `stateBackend` sections of `keyless.yaml`.",
    "",
    parameterTable(),
    "",
    ...PRESETS.map(presetSection),
  ].join("\n");
}
