/**
 * A throw-away directory in which real Terraform runs against the emulator:
 * - the AWS profile the generated files name, with static test keys, in a temp AWS_CONFIG_FILE /
 *   AWS_SHARED_CREDENTIALS_FILE (no AWS_ACCESS_KEY_ID in the environment, so only the profile can
 *   sign: this proves Terraform resolves `profile = "..."`);
 * - endpoints through AWS_ENDPOINT_URL_* and path-style S3 through `-backend-config`, so the
 *   generated files stay exactly as users get them;
 * - a CLI config whose only provider source is an empty directory: any provider download fails
 *   instead of reaching the network; plus TF_IN_AUTOMATION, a temp TF_DATA_DIR, CHECKPOINT_DISABLE.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTerraform, type TfRun } from "../../unit/terraform-files/terraform-bin.ts";

export const PROFILE = "keyless-tf-test";

export interface TfWorkspace {
  dir: string;
  write(name: string, content: string): Promise<void>;
  tf(args: string[]): TfRun;
  remove(): Promise<void>;
}

export async function tfWorkspace(endpoint: string, region: string): Promise<TfWorkspace> {
  const root = await mkdtemp(join(tmpdir(), "keyless-tf-"));
  const dir = join(root, "work");
  await mkdir(dir);
  await mkdir(join(root, "no-providers"));
  await writeFile(join(root, "aws-config"), `[profile ${PROFILE}]\nregion = ${region}\n`);
  await writeFile(
    join(root, "aws-credentials"),
    `[${PROFILE}]\naws_access_key_id = testing\naws_secret_access_key = testing\n`,
  );
  await writeFile(
    join(root, "terraformrc"),
    `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(join(root, "no-providers"))}\n  }\n}\n`,
  );
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: root,
    AWS_CONFIG_FILE: join(root, "aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(root, "aws-credentials"),
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_ENDPOINT_URL_STS: endpoint,
    AWS_ENDPOINT_URL_IAM: endpoint,
    AWS_EC2_METADATA_DISABLED: "true",
    TF_IN_AUTOMATION: "1",
    TF_DATA_DIR: join(root, "tf-data"),
    TF_CLI_CONFIG_FILE: join(root, "terraformrc"),
    CHECKPOINT_DISABLE: "1",
  };
  return {
    dir,
    write: (name, content) => writeFile(join(dir, name), content),
    tf: (args) => {
      // -no-color goes after the (sub)command: `workspace new`, `state list`, or a plain `init`.
      const words = ["workspace", "state"].includes(args[0] ?? "") ? 2 : 1;
      return runTerraform([...args.slice(0, words), "-no-color", ...args.slice(words)], { cwd: dir, env });
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** `terraform init` with the emulator-only backend setting kept out of the generated file. */
export const INIT = ["init", "-input=false", "-backend-config=use_path_style=true"];
export const APPLY = ["apply", "-auto-approve", "-input=false"];
