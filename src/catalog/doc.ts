/**
 * docs/permission-sets.md, generated from the catalog data so the documentation cannot drift from
 * what the presets render (scripts/gen-permission-sets-doc.ts writes it; a test compares).
 */
import { DEFAULT_IAM_PATH, DEFAULT_PERMISSIONS_BOUNDARY, SCOPE_TAG } from "./defaults.ts";
import { COMMON_DENIALS, GLOBAL_SERVICE_ACTIONS } from "./guardrails.ts";
import { PARAMETER_DOCS } from "./parameters.ts";
import { PRESETS } from "./registry.ts";
import { policySize } from "./render.ts";
import type { Preset, PresetParams } from "./types.ts";

/** The largest parameter set: every optional statement rendered. */
export const EXAMPLE_FULL_PARAMS: PresetParams = {
  stateBucket: "keyless-tfstate-111111111111-eu-central-1",
  stateKeyPrefix: "platform/",
  lockTable: "terraform-locks",
  stateKmsKeyArn: "arn:aws:kms:eu-central-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  allowedRegions: ["eu-central-1", "eu-west-1", "us-east-1"],
  stateAccountId: "111111111111",
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
- With a state key prefix, put workspace state under it as well (the backend's
  \`workspace_key_prefix\`, e.g. \`platform/env:\`); terraform-core reads and writes only keys under the
  prefix.
- Domain presets overlap where the product places a service in two domains (Lambda is in compute
  and serverless).

## The read-only part: a narrow planning read set, not ReadOnlyAccess

Engineers who plan Terraform must describe resources. The AWS-managed \`ReadOnlyAccess\` policy would
do that, but it also reads the data the infrastructure holds: \`s3:GetObject\` on every bucket,
\`dynamodb:GetItem\`/\`Scan\`, \`logs:GetLogEvents\`, \`ssm:GetParameter\`, \`kinesis:GetRecords\` and more.
Whoever may plan could then read customer data and configuration secrets. The presets therefore
default to the safer choice: a **planning read set** per domain made of \`Describe*\`, \`List*\` and
configuration \`Get*\` actions (bucket settings, function configuration, IAM documents) and nothing
that reads objects, items, log events, metric data, traces, query results or secret values.

What this costs: a resource type outside the domains' read sets cannot be refreshed; add its
describe actions with \`extraStatements\`, or attach \`arn:aws:iam::aws:policy/ReadOnlyAccess\` under
\`managedPolicies\` deliberately. Lambda function configuration (including environment variables) is
readable, because Terraform cannot plan a function without it: keep secrets in Secrets Manager, not in
environment variables.

## Guardrails in every preset

Each preset ends with explicit Deny statements. An explicit Deny wins over any Allow, including
\`extraStatements\` and other policies attached to the same permission set.

${COMMON_DENIALS.map((d) => `- **${d.what}**: ${d.why}.`).join("\n")}

The region restriction is one statement, \`Deny\` with \`NotAction\` and
\`StringNotEquals aws:RequestedRegion\`; these global services are excepted:
${GLOBAL_SERVICE_ACTIONS.map((a) => `\`${a}\``).join(", ")}. When \`stateBackend.region\` is not among
\`catalog.allowedRegions\`, it is added, so the state stays reachable.

## Permissions boundary and IAM path

Roles the presets may pass (\`iam:PassRole\`) are only those under the managed IAM path (default
\`${DEFAULT_IAM_PATH}\`), and only to the service principals each preset names (\`iam:PassedToService\`).
terraform-iam creates and changes roles under that path only while they carry the boundary policy
(default \`${DEFAULT_PERMISSIONS_BOUNDARY}\`, path \`/\`), which must exist in every target account: keyless
does not create it. Write the boundary to be no more than your Terraform domains need; it is the
ceiling for every role Terraform creates.

## The scope tag

Two changes act with permissions that may be larger than the permission set's own: a new version of
a customer-managed policy (whatever it is attached to gains it) and new Lambda code (it runs with the
function's role). The presets allow them only on resources tagged
\`${SCOPE_TAG.key} = ${SCOPE_TAG.value}\`; new policies under the managed path must be created with the
tag. Set it for everything a stack creates with the provider's \`default_tags\`. Tagging a resource
into scope is still possible (Terraform needs to tag on create), but it is a separate, audited call;
the tag narrows what can be changed by mistake and makes a deliberate widening visible. It is not a
fence on its own: keep function roles under the managed path, where the boundary applies.

## Size

Inline policies may have 10,240 non-whitespace characters. The presets stay well inside that for
every parameter combination (enforced by tests), so none needs splitting into customer-managed
policies; \`extraStatements\` share the remaining room.
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
