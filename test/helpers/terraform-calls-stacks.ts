/**
 * The typical stacks whose Terraform calls are recorded, one or more per preset domain. Their HCL is
 * in test/fixtures/terraform-calls/stacks/<dir>/: main.tf (the stack), setup.tf (what other stacks
 * own, created on the emulator before recording and passed in as variables), change.tf (main.tf
 * after an edit, applied between plan and destroy), and any file they read (zips).
 */
import { join } from "node:path";
import { FIXTURE_DIR, type TerraformCommand } from "./terraform-calls-format.ts";

/** The account moto answers as, the region of every stack, and keyless's default bucket name. */
export const ACCOUNT = "123456789012";
export const REGION = "eu-central-1";
export const STATE_BUCKET = `keyless-tfstate-${ACCOUNT}-${REGION}`;
export const STATE_KMS_ALIAS = "alias/keyless-tfstate";
export const LOCK_TABLE = "terraform-locks";
export const KEY_PREFIX = "env/";
export const IAM_PATH = "/terraform/";
export const BOUNDARY = "TerraformBoundary";
/** The provider's default_tags, as docs/permission-sets.md recommends (the scope tag). */
export const DEFAULT_TAGS = { "keyless-scope": "terraform" } as const;

export interface Step {
  command: TerraformCommand;
  args: string[];
  /** Replace main.tf with this file of the stack directory before the step. */
  mainFrom?: string;
  note?: string;
}

export interface StackDef {
  name: string;
  description: string;
  /** Short name of the preset the provider profile uses (`core` when there is no provider). */
  preset: string;
  /** The directory under stacks/ with its HCL. */
  dir: string;
  key: string;
  keyPrefix: string;
  locking: "s3" | "dynamodb";
  /** Whether the stack uses the aws provider (provider.tf is written only then). */
  provider: boolean;
  steps: Step[];
}

export const STACK_DIR = join(FIXTURE_DIR, "stacks");

/** Arguments only the emulator needs are kept out of the generated files (see terraform-calls.md). */
export const INIT: Step = {
  command: "init",
  args: ["-input=false", "-backend-config=use_path_style=true"],
};
// -parallelism=1: the same order of calls on every recording, so a re-recorded fixture diffs cleanly.
const APPLY: Step = { command: "apply", args: ["-auto-approve", "-input=false", "-parallelism=1"] };
const PLAN: Step = { command: "plan", args: ["-input=false", "-parallelism=1"] };
const DESTROY: Step = { command: "destroy", args: ["-auto-approve", "-input=false", "-parallelism=1"] };
const CHANGE: Step = { ...APPLY, mainFrom: "change.tf", note: "main.tf edited as change.tf" };

const domain = (name: string, preset: string, description: string, changes = false): StackDef => ({
  name,
  description,
  preset,
  dir: name,
  key: `${KEY_PREFIX}${name}/terraform.tfstate`,
  keyPrefix: KEY_PREFIX,
  locking: "s3",
  provider: true,
  steps: changes ? [INIT, APPLY, PLAN, CHANGE, DESTROY] : [INIT, APPLY, PLAN, DESTROY],
});

export const STACKS: readonly StackDef[] = [
  {
    name: "backend-s3-lockfile",
    description: "S3 backend, S3 lock file, no key prefix: init, apply, plan, destroy of a built-in resource",
    preset: "core",
    dir: "backend",
    key: "network/terraform.tfstate",
    keyPrefix: "",
    locking: "s3",
    provider: false,
    steps: [INIT, APPLY, PLAN, DESTROY],
  },
  {
    name: "backend-s3-lockfile-prefix",
    description:
      "S3 backend, S3 lock file, key under the key prefix env/; then a second workspace (terraform workspace new)",
    preset: "core",
    dir: "backend",
    key: `${KEY_PREFIX}network/terraform.tfstate`,
    keyPrefix: KEY_PREFIX,
    locking: "s3",
    provider: false,
    steps: [
      INIT,
      APPLY,
      PLAN,
      DESTROY,
      {
        command: "workspace",
        args: ["new", "staging"],
        note: "a workspace's state: <workspace_key_prefix>/staging/<key>",
      },
      { ...APPLY, note: "in workspace staging" },
      { command: "workspace", args: ["select", "default"] },
    ],
  },
  {
    name: "backend-dynamodb-prefix",
    description: "S3 backend with DynamoDB locking, key under the key prefix env/",
    preset: "core",
    dir: "backend",
    key: `${KEY_PREFIX}app/terraform.tfstate`,
    keyPrefix: KEY_PREFIX,
    locking: "dynamodb",
    provider: false,
    steps: [INIT, APPLY, PLAN, DESTROY],
  },
  domain(
    "storage-s3-bucket",
    "storage",
    "S3 bucket with versioning, SSE-KMS, public access block, ownership controls, policy, lifecycle",
  ),
  domain(
    "networking-vpc",
    "networking",
    "VPC, two subnets, internet gateway, route table, security group with rules, flow logs to CloudWatch Logs and S3",
  ),
  domain(
    "iam-role",
    "iam",
    "Role under /terraform/ with the boundary, inline and managed policy, instance profile; then a new policy version",
    true,
  ),
  domain(
    "serverless-lambda",
    "serverless",
    "Lambda functions from a local zip and from an S3 artifact; then new code and an environment variable",
    true,
  ),
  domain(
    "database-rds-dynamodb",
    "database",
    "Encrypted (customer-managed key) PostgreSQL instance and DynamoDB table with PITR and TTL",
  ),
  domain("monitoring-logs-alarm", "monitoring", "Log group with retention, metric filter, metric alarm"),
  domain(
    "compute-ec2-ebs",
    "compute",
    "EC2 instance (IMDSv2, instance profile, encrypted root volume) with an attached encrypted EBS volume; then both volumes grow",
    true,
  ),
];

export function findStack(name: string): StackDef | undefined {
  return STACKS.find((s) => s.name === name);
}
