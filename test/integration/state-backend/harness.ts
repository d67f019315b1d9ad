/**
 * Shared set-up for the state backend CLI tests: moto behind a recording proxy, SDK clients straight
 * to moto (set-up and checks are not recorded), keyless.yaml builders and CLI helpers.
 */
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDB } from "@aws-sdk/client-dynamodb";
import { KMS } from "@aws-sdk/client-kms";
import { S3 } from "@aws-sdk/client-s3";
import { awsTestEnv, type Moto, startMoto } from "../../helpers/moto.ts";
import { type CliRun, runCli } from "../../helpers/run-cli.ts";
import { type RecordingProxy, startRecordingProxy, writeCalls } from "./recording-proxy.ts";

export const REGION = "eu-central-1";
/** moto answers GetCallerIdentity with this account for any credentials. */
export const ACCOUNT = "123456789012";
export const BUCKET = "acme-tfstate";
export const ALIAS = "alias/keyless-tfstate";

export interface Harness {
  moto: Moto;
  proxy: RecordingProxy;
  s3: S3;
  kms: KMS;
  ddb: DynamoDB;
  dir: string;
}

export async function startHarness(): Promise<Harness> {
  const moto = await startMoto();
  const proxy = await startRecordingProxy(moto.endpoint);
  Object.assign(process.env, awsTestEnv(proxy.endpoint, REGION));
  const opts = {
    region: REGION,
    endpoint: moto.endpoint,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  };
  return {
    moto,
    proxy,
    s3: new S3({ ...opts, forcePathStyle: true }),
    kms: new KMS(opts),
    ddb: new DynamoDB(opts),
    dir: "",
  };
}

export async function stopHarness(h: Harness | undefined): Promise<void> {
  h?.s3.destroy();
  h?.kms.destroy();
  h?.ddb.destroy();
  await h?.proxy.stop();
  await h?.moto.stop();
}

export async function resetHarness(h: Harness): Promise<void> {
  await h.moto.reset();
  h.proxy.clearCalls();
  h.dir = await mkdtemp(join(tmpdir(), "keyless-sb-"));
}

/** A keyless.yaml with an `accounts` entry for moto's account and the given stateBackend lines. */
export function config(stateBackend: string): string {
  const body = stateBackend
    .trim()
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
  return `version: 1
identityCenter:
  region: ${REGION}
accounts:
  shared: "${ACCOUNT}"
stateBackend:
${body}
`;
}

export const BASE = `account: shared
region: ${REGION}
bucket: ${BUCKET}
tags: { team: platform }`;

export async function writeConfig(h: Harness, text: string): Promise<void> {
  await writeFile(join(h.dir, "keyless.yaml"), text);
}

export function cli(h: Harness, args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: h.dir });
}

export interface JsonChange {
  address: string;
  action: string;
  reason?: string;
  weakens?: boolean;
  kind: string;
}

export async function planJson(
  h: Harness,
  expectCode = 0,
): Promise<{ changes: JsonChange[]; problems: string[]; notes: string[] }> {
  const r = await cli(h, ["plan", "--json"]);
  assert.equal(r.code, expectCode, r.stdout + r.stderr);
  return JSON.parse(r.stdout);
}

export async function applyOk(h: Harness): Promise<CliRun> {
  const r = await cli(h, ["apply", "--auto-approve"]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  return r;
}

export async function assertNoChanges(h: Harness): Promise<void> {
  const r = await cli(h, ["plan", "--detailed-exitcode"]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /No changes/);
}

export function writes(h: Harness): string[] {
  return writeCalls(h.proxy.calls());
}

export function addresses(changes: JsonChange[]): string[] {
  return changes.map((c) => `${c.action} ${c.address}`);
}

export async function keyArn(h: Harness, alias = ALIAS): Promise<string> {
  const d = await h.kms.describeKey({ KeyId: alias });
  return d.KeyMetadata?.Arn ?? "";
}

export async function policyStatements(h: Harness, bucket = BUCKET): Promise<Array<Record<string, unknown>>> {
  const p = await h.s3.getBucketPolicy({ Bucket: bucket });
  return (JSON.parse(p.Policy ?? "{}") as { Statement: Array<Record<string, unknown>> }).Statement;
}
