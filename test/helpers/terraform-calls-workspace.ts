/**
 * A throw-away Terraform working directory for the call recorder: two profiles with static test
 * keys whose access key ids name them (so the recording proxy can tell the S3 backend's calls from
 * the provider's), every AWS endpoint pointed at the recording proxy, providers installed only from
 * the local filesystem mirror (never downloaded), and Terraform run asynchronously (the proxy
 * answers in this process, so a synchronous spawn would deadlock).
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The profiles backend.tf and provider.tf name, and the access key id each signs with. */
export const SIGNERS = {
  backend: { profile: "keyless-core", accessKeyId: "AKIAKEYLESSBACKEND00" },
  provider: { profile: "keyless-domain", accessKeyId: "AKIAKEYLESSPROVIDER0" },
} as const;
export type SignerName = keyof typeof SIGNERS;

export function signerOf(accessKeyId: string): SignerName | undefined {
  return (Object.keys(SIGNERS) as SignerName[]).find((n) => SIGNERS[n].accessKeyId === accessKeyId);
}

/** Services whose AWS_ENDPOINT_URL_<ID> is set (the global AWS_ENDPOINT_URL covers the rest). */
const ENDPOINT_IDS = ["S3", "STS", "IAM", "DYNAMODB", "EC2", "LAMBDA", "RDS", "LOGS", "CLOUDWATCH", "KMS"];

export interface TfResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CallWorkspace {
  dir: string;
  write(name: string, content: string): Promise<void>;
  tf(args: string[]): Promise<TfResult>;
  remove(): Promise<void>;
}

export async function callWorkspace(opts: {
  endpoint: string;
  region: string;
  mirror: string;
  terraform: string;
  /** Shared between workspaces: the 600 MB provider is unpacked once, then linked. */
  pluginCache: string;
}): Promise<CallWorkspace> {
  const root = await mkdtemp(join(tmpdir(), "keyless-tfcalls-"));
  const dir = join(root, "work");
  await mkdir(dir);
  const profiles = Object.values(SIGNERS);
  await writeFile(
    join(root, "aws-config"),
    profiles.map((s) => `[profile ${s.profile}]\nregion = ${opts.region}\n`).join("\n"),
  );
  await writeFile(
    join(root, "aws-credentials"),
    profiles
      .map((s) => `[${s.profile}]\naws_access_key_id = ${s.accessKeyId}\naws_secret_access_key = testing\n`)
      .join("\n"),
  );
  await writeFile(
    join(root, "terraformrc"),
    `plugin_cache_dir = ${JSON.stringify(opts.pluginCache)}\n` +
      `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(opts.mirror)}\n  }\n}\n`,
  );
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: root,
    AWS_CONFIG_FILE: join(root, "aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(root, "aws-credentials"),
    AWS_ENDPOINT_URL: opts.endpoint,
    ...Object.fromEntries(ENDPOINT_IDS.map((id) => [`AWS_ENDPOINT_URL_${id}`, opts.endpoint])),
    AWS_EC2_METADATA_DISABLED: "true",
    TF_IN_AUTOMATION: "1",
    TF_DATA_DIR: join(root, "tf-data"),
    TF_CLI_CONFIG_FILE: join(root, "terraformrc"),
    CHECKPOINT_DISABLE: "1",
  };
  return {
    dir,
    write: (name, content) => writeFile(join(dir, name), content),
    // -no-color goes after the command; `workspace` takes its subcommand first and no such flag.
    tf: (args) =>
      run(
        opts.terraform,
        args[0] === "workspace" ? args : [args[0]!, "-no-color", ...args.slice(1)],
        dir,
        env,
      ),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

function run(bin: string, args: string[], cwd: string, env: Record<string, string>): Promise<TfResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
