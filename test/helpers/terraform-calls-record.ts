/**
 * Records one typical stack: resets the emulator, creates keyless's state backend on it (bucket with
 * its KMS key under alias/keyless-tfstate, the lock table for DynamoDB locking), applies the stack's
 * setup.tf directly on the emulator (not recorded), then runs each step of the stack through the
 * recording proxy with the backend.tf and provider.tf `keyless terraform files` writes, and returns
 * the calls of each step as a fixture. Used by scripts/record-terraform-calls.ts and by the test that
 * re-records a small stack.
 */
import { execFile } from "node:child_process";
import { copyFile, mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { CreateAliasCommand } from "@aws-sdk/client-kms";
import { renderBackendTf, renderProviderTf } from "../../src/local/terraform/files.ts";
import { workspaceKeyPrefixFor } from "../../src/local/terraform/from-state-backend.ts";

const optional = <K extends string>(key: K, value: string | undefined) =>
  value === undefined ? {} : ({ [key]: value } as Record<K, string>);

import { clients, createLockTable, createStateBucket } from "../integration/terraform/aws.ts";
import type { CallFixture, RecordedCall, RecordedPhase } from "./terraform-calls-format.ts";
import { normalizeIds } from "./terraform-calls-normalize.ts";
import { startCallRecorder } from "./terraform-calls-proxy.ts";
import {
  ACCOUNT,
  BOUNDARY,
  DEFAULT_TAGS,
  IAM_PATH,
  LOCK_TABLE,
  REGION,
  STACK_DIR,
  STATE_BUCKET,
  STATE_KMS_ALIAS,
  type StackDef,
  type Step,
} from "./terraform-calls-stacks.ts";
import {
  type CallWorkspace,
  callWorkspace,
  SIGNERS,
  signerOf,
  type TfResult,
} from "./terraform-calls-workspace.ts";

export interface RecordEnv {
  motoEndpoint: string;
  resetMoto(): Promise<void>;
  /** The directory holding registry.terraform.io/hashicorp/aws (a filesystem mirror). */
  mirror: string;
  terraform: string;
  pluginCache: string;
  motoVersion: string;
  log?: (line: string) => void;
}

/**
 * Emulator only, kept out of the generated provider.tf as an override file: path-style S3 URLs
 * (the emulator is reached by IP address). default_tags are what docs/permission-sets.md asks every
 * stack to set (the scope tag), not an emulator need; they sit here so provider.tf stays as generated.
 */
const PROVIDER_OVERRIDE = `provider "aws" {
  s3_use_path_style = true
  default_tags {
    tags = ${JSON.stringify(DEFAULT_TAGS).replace(/":"/g, '" = "')}
  }
}
`;

const SETUP_PROVIDER_OVERRIDE = `provider "aws" {\n  s3_use_path_style = true\n}\n`;

export async function recordStack(stack: StackDef, env: RecordEnv): Promise<CallFixture> {
  const log = env.log ?? (() => {});
  await env.resetMoto();
  const c = clients(env.motoEndpoint);
  const kmsKeyArn = await createStateBucket(c, STATE_BUCKET);
  await c.kms.send(new CreateAliasCommand({ AliasName: STATE_KMS_ALIAS, TargetKeyId: kmsKeyArn }));
  if (stack.locking === "dynamodb") await createLockTable(c, LOCK_TABLE);
  const stackDir = join(STACK_DIR, stack.dir);
  const files = await readdir(stackDir);
  const base = { region: REGION, mirror: env.mirror, terraform: env.terraform, pluginCache: env.pluginCache };
  await mkdir(env.pluginCache, { recursive: true });

  let vars: Record<string, unknown> = {};
  if (files.includes("setup.tf")) {
    log(`${stack.name}: setup.tf on the emulator (not recorded)`);
    const setup = await callWorkspace({ ...base, endpoint: env.motoEndpoint });
    try {
      await copyStackFiles(setup, stackDir, files, "setup.tf");
      await setup.write(
        "provider.tf",
        renderProviderTf({ region: REGION, profile: SIGNERS.provider.profile }),
      );
      await setup.write("provider_override.tf", SETUP_PROVIDER_OVERRIDE);
      ok(await setup.tf(["init", "-input=false"]), "setup init");
      ok(await setup.tf(["apply", "-auto-approve", "-input=false"]), "setup apply");
      const out = JSON.parse((await setup.tf(["output", "-json"])).stdout) as Record<
        string,
        { value: unknown }
      >;
      vars = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.value]));
    } finally {
      await setup.remove();
    }
  }

  const recorder = await startCallRecorder(env.motoEndpoint);
  const ws = await callWorkspace({ ...base, endpoint: recorder.endpoint });
  const phases: RecordedPhase[] = [];
  let provider = "none";
  try {
    await copyStackFiles(ws, stackDir, files, "main.tf");
    await ws.write(
      "backend.tf",
      renderBackendTf({
        bucket: STATE_BUCKET,
        key: stack.key,
        region: REGION,
        profile: SIGNERS.backend.profile,
        locking: stack.locking,
        encrypt: true,
        kmsKeyId: kmsKeyArn,
        ...(stack.locking === "dynamodb" ? { dynamodbTable: LOCK_TABLE } : {}),
        // As `keyless terraform files` writes it under a key prefix (undefined without one).
        ...optional("workspaceKeyPrefix", workspaceKeyPrefixFor(stack.keyPrefix, stack.key)),
      }),
    );
    if (stack.provider) {
      await ws.write("provider.tf", renderProviderTf({ region: REGION, profile: SIGNERS.provider.profile }));
      await ws.write("provider_override.tf", PROVIDER_OVERRIDE);
    }
    if (Object.keys(vars).length > 0) await ws.write("terraform.tfvars.json", JSON.stringify(vars));
    for (const step of stack.steps) {
      if (step.mainFrom) await ws.write("main.tf", await readFile(join(stackDir, step.mainFrom), "utf8"));
      recorder.take();
      log(`${stack.name}: terraform ${step.command} ${step.args.join(" ")}`);
      ok(await ws.tf([step.command, ...step.args]), `terraform ${step.command}`);
      phases.push(phase(step, recorder.take()));
    }
    if (stack.provider) {
      const version = JSON.parse((await ws.tf(["version", "-json"])).stdout) as {
        provider_selections?: Record<string, string>;
      };
      provider = `hashicorp/aws ${version.provider_selections?.["registry.terraform.io/hashicorp/aws"] ?? "?"}`;
    }
  } finally {
    await ws.remove();
    await recorder.stop();
  }
  const terraform = JSON.parse(
    (await promisify(execFile)(env.terraform, ["version", "-json"], { env: { CHECKPOINT_DISABLE: "1" } }))
      .stdout,
  ) as { terraform_version: string };
  const fixture: CallFixture = {
    stack: stack.name,
    description: stack.description,
    preset: stack.preset,
    recordedWith: { terraform: terraform.terraform_version, provider, moto: env.motoVersion },
    account: ACCOUNT,
    region: REGION,
    backend: {
      bucket: STATE_BUCKET,
      key: stack.key,
      locking: stack.locking,
      ...(stack.locking === "dynamodb" ? { dynamodbTable: LOCK_TABLE } : {}),
      kmsKeyArn,
      keyPrefix: stack.keyPrefix,
    },
    catalog: { iamPath: IAM_PATH, permissionsBoundary: BOUNDARY },
    ...(Object.keys(vars).length > 0 ? { setupOutputs: vars } : {}),
    defaultTags: stack.provider ? { ...DEFAULT_TAGS } : {},
    phases,
  };
  return normalizeIds(fixture);
}

/** The stack's `main` file (main.tf or setup.tf) as main.tf, plus every non-HCL file (zips). */
async function copyStackFiles(ws: CallWorkspace, dir: string, files: string[], main: string): Promise<void> {
  await ws.write("main.tf", await readFile(join(dir, main), "utf8"));
  for (const f of files.filter((name) => !name.endsWith(".tf")))
    await copyFile(join(dir, f), join(ws.dir, f));
}

function phase(step: Step, calls: RecordedCall[]): RecordedPhase {
  const out: RecordedPhase = {
    command: step.command,
    args: step.args,
    calls: calls.map((c) => ({ ...c, signer: signerOf(c.signer) ?? c.signer })),
  };
  if (step.note) out.note = step.note;
  return out;
}

function ok(res: TfResult, what: string): void {
  if (res.code !== 0) throw new Error(`${what} failed (exit ${res.code}):\n${res.stdout}\n${res.stderr}`);
}
