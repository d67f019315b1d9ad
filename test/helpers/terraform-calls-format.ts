/**
 * The format of test/fixtures/terraform-calls/<stack>.json: every HTTP call real Terraform (core and
 * the hashicorp/aws provider) made against the emulator for one typical stack, per Terraform
 * command, as scripts/record-terraform-calls.ts recorded it. The IAM translation
 * (iam-request.ts) reads only what is here, so `npm test` evaluates the calls without Terraform.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** What was kept of a request body. */
export type RecordedBody =
  /** Query protocol (EC2, IAM, STS, RDS, ...): the form parameters, `Action` among them. */
  | { form: Record<string, string> }
  /** JSON and REST-JSON protocols: the parsed body (long strings shortened to `<N chars>`). */
  | { json: unknown }
  /** A small non-JSON body (S3 configuration XML). */
  | { text: string }
  /** An S3 object body (state, lock file) or a long body: its size only. */
  | { size: number };

export interface RecordedCall {
  method: string;
  /** The request path, percent-encoded as sent. Path-style S3: `/bucket/key`. */
  path: string;
  query: Record<string, string>;
  /** Set when the request named a host other than the endpoint (virtual-hosted S3 in unit tests). */
  host?: string;
  /**
   * Who signed: the access key id while recording; in a fixture, the profile it belongs to:
   * `backend` (the S3 backend's profile, terraform-core) or `provider` (the stack's domain profile).
   */
  signer: string;
  /** The region and service of the SigV4 credential scope (IAM signs for us-east-1). */
  region: string;
  service: string;
  /** x-amz-* headers (signature noise removed), If-None-Match / If-Match, Content-Type. */
  headers: Record<string, string>;
  body?: RecordedBody;
  /** The emulator's HTTP status. */
  status: number;
  /**
   * The ids an EC2 create answered with (`vpc-...`, `i-...`, `fl-...`): a create's request does not
   * carry the id of what it makes, and later calls name it.
   */
  created?: string[];
}

export type TerraformCommand = "init" | "apply" | "plan" | "destroy" | "workspace";

export interface RecordedPhase {
  command: TerraformCommand;
  /** The arguments after the command, as run (emulator-only ones included). */
  args: string[];
  /** What differs from a plain run of the command (an edited main.tf, another workspace). */
  note?: string;
  calls: RecordedCall[];
}

export interface CallFixture {
  /** The stack's name, also the file name. */
  stack: string;
  description: string;
  /** The preset of the provider profile (`core` for backend-only stacks). */
  preset: string;
  /** What recorded it. */
  recordedWith: { terraform: string; provider: string; moto: string };
  account: string;
  region: string;
  /** The S3 backend as configured (backend.tf from `keyless terraform files`). */
  backend: {
    bucket: string;
    key: string;
    locking: "s3" | "dynamodb";
    dynamodbTable?: string;
    kmsKeyArn?: string;
    /** The stateBackend.keyPrefix the key lives under ("" when none). */
    keyPrefix: string;
  };
  /** The IAM path and boundary of the catalog the stack follows (terraform-iam stacks). */
  catalog: { iamPath: string; permissionsBoundary: string };
  /** The outputs of the stack's setup.tf (what other stacks own), given to main.tf as variables. */
  setupOutputs?: Record<string, unknown>;
  /** The provider's default_tags: every resource the stack creates carries them. */
  defaultTags: Record<string, string>;
  phases: RecordedPhase[];
}

export const FIXTURE_DIR = join(fileURLToPath(new URL("../fixtures/terraform-calls/", import.meta.url)));

export function readFixture(stack: string): CallFixture {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, `${stack}.json`), "utf8")) as CallFixture;
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();
}

/**
 * The fixture's text: 2-space JSON, except that each call is one line (a recording has hundreds;
 * one line each keeps the file short and a re-recording's diff readable).
 */
export function fixtureText(fixture: CallFixture): string {
  const marker = (i: number, j: number) => `"@@call ${i} ${j}@@"`;
  const skeleton = {
    ...fixture,
    phases: fixture.phases.map((p, i) => ({ ...p, calls: p.calls.map((_, j) => `@@call ${i} ${j}@@`) })),
  };
  let text = JSON.stringify(skeleton, null, 2);
  fixture.phases.forEach((p, i) => {
    p.calls.forEach((c, j) => {
      text = text.replace(marker(i, j), JSON.stringify(c));
    });
  });
  return `${text}\n`;
}

/** `METHOD service operation-ish` lines: the shape of a phase, for comparing two recordings. */
export function callShape(call: RecordedCall): string {
  const form = call.body && "form" in call.body ? call.body.form : undefined;
  const op = call.headers["x-amz-target"] ?? form?.Action ?? "";
  return `${call.signer} ${call.service} ${call.method} ${op}`.trim();
}
