/**
 * The starter keyless.yaml written by `keyless init`: the set-up of the product doc (a platform
 * group, the eight terraform-* permission sets, assignments to a dev account), commented so a
 * platform engineer can adapt it without reading the docs first.
 */

export interface StarterInput {
  region: string;
  instanceArn?: string;
  identityStoreId?: string;
  /** Organization accounts discovered, or placeholders when offline. */
  accounts: Array<{ name: string; id: string }>;
  discovered: boolean;
}

/** The eight domain permission sets of the product story, each rendered from a catalog preset. */
const DOMAINS: Array<[string, string]> = [
  ["terraform-core", "Terraform state (S3, lock), tagging, read-only view for planning"],
  ["terraform-storage", "S3, EBS, EFS"],
  ["terraform-compute", "EC2, Lambda, ECS"],
  ["terraform-iam", "IAM roles and policies under /terraform/, fenced by a permissions boundary"],
  ["terraform-networking", "VPC, subnets, security groups, gateways, endpoints"],
  ["terraform-database", "RDS, DynamoDB, ElastiCache"],
  ["terraform-serverless", "Lambda, API Gateway, EventBridge"],
  ["terraform-monitoring", "CloudWatch, X-Ray, CloudTrail"],
];

/** YAML key safe for an account name: lower-case words joined by "-". */
export function accountKey(name: string): string {
  const key = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return key || "account";
}

export function starterConfig(input: StarterInput): string {
  const seen = new Set<string>();
  const accounts = input.accounts.map((a) => {
    let key = accountKey(a.name);
    for (let i = 2; seen.has(key); i++) key = `${accountKey(a.name)}-${i}`;
    seen.add(key);
    return { key, id: a.id, name: a.name };
  });
  const devKey = accounts.find((a) => a.key.includes("dev"))?.key ?? accounts[0]?.key ?? "dev";
  const lines: string[] = [];
  const push = (...l: string[]) => lines.push(...l);
  push(
    "# keyless.yaml: IAM Identity Center for Terraform, without access keys.",
    "# Check it:   keyless validate        Preview:  keyless plan        Apply:  keyless apply",
    "# Reference:  docs/config.md (every key, default and AWS limit); editor schema: keyless schema",
    "version: 1",
    "",
    "identityCenter:",
    `  region: ${input.region}   # the region IAM Identity Center was enabled in`,
  );
  if (input.instanceArn) push(`  instanceArn: ${input.instanceArn}`);
  else push("  # instanceArn: arn:aws:sso:::instance/ssoins-...   # optional: discovered with ListInstances");
  if (input.identityStoreId) push(`  identityStoreId: ${input.identityStoreId}`);
  push(
    "",
    input.discovered
      ? "# Accounts of your organization (name -> id), as discovered. Remove the ones keyless should not touch."
      : "# Accounts (name -> 12-digit id). Placeholders: replace them with your account ids.",
    "accounts:",
  );
  for (const a of accounts) push(`  ${a.key}: "${a.id}"${a.name !== a.key ? `   # ${a.name}` : ""}`);
  push(
    "",
    "# Organizations OUs usable as assignment targets (name -> ou id). An OU target follows the",
    "# accounts in it, nested OUs included, at every plan.",
    "organizationalUnits: {}",
    "#  workloads: ou-abcd-12345678",
    "",
    "# Users created in the Identity Center identity store. AWS sends no invitation email for users",
    "# created by API: keyless tells you after apply how each user gets a password.",
    "users:",
    "  dave:",
    "    displayName: Dave Platform",
    "    givenName: Dave",
    "    familyName: Platform",
    "    email: dave@example.com",
    "",
    "groups:",
    "  platform-engineers:",
    "    description: Platform engineers running Terraform",
    "    members: [dave]",
    "",
    "# One permission set per AWS service domain, mirroring the Terraform module layout. Each is",
    "# rendered from a keyless preset (`keyless catalog show terraform-core`, docs/permission-sets.md);",
    "# add to one with extraStatements / managedPolicies, or replace `preset` by your own inlinePolicy.",
    "permissionSets:",
  );
  for (const [name, domain] of DOMAINS) {
    push(
      `  ${name}:`,
      `    description: "Terraform: ${domain}"`,
      "    sessionDuration: PT8H",
      `    preset: ${name}`,
    );
  }
  push(
    "",
    "# Who gets which permission sets where: principals x permissionSets x targets.",
    "# Targets: an account name, account:NAME or ou:NAME.",
    "assignments:",
    "  - principals: [group:platform-engineers]",
    `    permissionSets: [${DOMAINS.map(([n]) => n).join(", ")}]`,
    `    targets: [account:${devKey}]`,
    "",
    "# Terraform state: a hardened S3 bucket (versioned, KMS-encrypted, private, TLS-only) with",
    "# locking, reconciled by the same plan/apply (docs/state-backend.md). Uncomment to use; run",
    "# keyless with credentials for that account.",
    "# stateBackend:",
    `#   account: ${devKey}`,
    `#   region: ${input.region}`,
    "#   locking: s3            # Terraform's S3 lockfile (Terraform >= 1.10); or dynamodb",
    "",
    "# What keyless may delete when it is no longer in this file (only with --prune or enabled: true).",
    "prune:",
    "  enabled: false",
    '  permissionSets: ["terraform-*"]',
    "  groups: []",
    "  assignments: true   # assignments of the permission sets above are authoritative",
    "",
  );
  return lines.join("\n");
}
