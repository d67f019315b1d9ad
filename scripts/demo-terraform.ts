/**
 * The demo's last step: the engineer runs Terraform on a small stack through `keyless exec`, with the
 * backend.tf and provider.tf that `keyless terraform files` wrote, state in keyless's bucket, locked
 * with the S3 lockfile. Skipped, saying why, when terraform >= 1.10 is not on PATH, or when the
 * hashicorp/aws provider is neither on this machine nor downloadable.
 *
 * What only the emulator needs is kept out of the generated files, and shown: a partial backend
 * configuration file, endpoint variables, and one concession on the bucket policy
 * (demo-state-policy.ts).
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execShower } from "./demo-keyless-exec.ts";
import { backendValue, relaxStatePolicy } from "./demo-state-policy.ts";
import { checkTerraform, findProviderMirror, mirrorCliConfig } from "./demo-terraform-env.ts";
import { checkState } from "./demo-terraform-state.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Emulator only: moto is reached by IP address, where S3's virtual-hosted style (`BUCKET.127.0.0.1`)
 * cannot resolve. Given to `terraform init` with -backend-config, so backend.tf stays as generated
 * (an override file cannot do it: a backend block in `*_override.tf` replaces the whole block).
 */
const EMULATOR_BACKEND = "emulator.s3.tfbackend";
const EMULATOR_BACKEND_TEXT = `# Emulator only: path-style S3 URLs (the emulator is reached by IP address, not by a bucket host name).
use_path_style = true
`;

const MAIN_TF = `# The engineer's stack: one SSM parameter, and who Terraform ran as.
resource "aws_ssm_parameter" "vpc_cidr" {
  name  = "/network/vpc-cidr"
  type  = "String"
  value = "10.20.0.0/16"
}

data "aws_caller_identity" "current" {}

output "applied_as" {
  value = data.aws_caller_identity.current.arn
}
`;

export interface TerraformDemoOptions {
  /** The stack directory, holding the generated backend.tf and provider.tf. */
  stack: string;
  /** The profile those files name. */
  profile: string;
  /** The account of the profile's role. */
  profileAccount: string;
  /** The engineer's environment (HOME, AWS_CONFIG_FILE, SSO endpoints of the stand-in). */
  env: NodeJS.ProcessEnv;
  motoEndpoint: string;
  banner: (text: string) => void;
}

export type TerraformDemoResult = "ran" | "skipped" | "failed";

const indent = (text: string) => text.replace(/^(?=.)/gm, "  ");

/** A provider download that failed (offline, or the registry unreachable), from init's output. */
const REGISTRY_FAILURE =
  /Failed to query available provider packages|Failed to install provider|could not connect to registry\.terraform\.io/;

/**
 * What this step shows that AWS would refuse, because moto does not evaluate IAM at all. Said here so
 * that the demo does not pass for proof of it.
 */
function notCheckedHere(opts: TerraformDemoOptions, kmsKeyId: string | undefined): string {
  const stateAccount = kmsKeyId?.split(":")[4] ?? "the state account";
  return [
    "",
    "Not checked by the emulator, which does not evaluate IAM policies; on AWS this apply also needs:",
    `- permission to create the parameter: ${opts.profile} signs in to the terraform-core permission set,`,
    "  which changes nothing but state (docs/permission-sets.md: a domain profile goes in provider.tf);",
    `- access to state in another account: the role is in account ${opts.profileAccount}, the bucket and its`,
    `  key in ${stateAccount}, and keyless's bucket and key policies grant no other account.`,
    "",
  ].join("\n");
}

export async function terraformDemo(opts: TerraformDemoOptions): Promise<TerraformDemoResult> {
  opts.banner(
    `8. terraform init, plan, apply through keyless exec ${opts.profile}: state in the keyless bucket, S3 lockfile`,
  );
  const tf = await checkTerraform();
  if (!tf.ok) {
    process.stdout.write(
      `Skipped: ${tf.reason}. Install Terraform >= 1.10 and run \`npm run demo\` again to see this step.\n`,
    );
    return "skipped";
  }
  if (!existsSync(join(root, "dist", "cli", "main.js"))) {
    process.stderr.write("dist/ is missing: run `npm run build` (npm run demo does it through npm ci)\n");
    return "failed";
  }
  const backendTf = await readFile(join(opts.stack, "backend.tf"), "utf8");
  const bucket = backendValue(backendTf, "bucket");
  const key = backendValue(backendTf, "key");
  const kmsKeyId = backendValue(backendTf, "kms_key_id");
  if (bucket === undefined || key === undefined) throw new Error("backend.tf names no bucket or key");
  await writeFile(join(opts.stack, "main.tf"), MAIN_TF);
  await writeFile(join(opts.stack, EMULATOR_BACKEND), EMULATOR_BACKEND_TEXT);

  // Where the emulator's AWS is; the SSO portal is the stand-in that keyless configure signed in to.
  const emulatorEnv: Record<string, string> = {
    AWS_ENDPOINT_URL_S3: opts.motoEndpoint,
    AWS_ENDPOINT_URL_SSM: opts.motoEndpoint,
    AWS_ENDPOINT_URL_STS: opts.motoEndpoint,
    AWS_ENDPOINT_URL_SSO: opts.env.AWS_ENDPOINT_URL_SSO ?? "",
  };
  const tfEnv: Record<string, string> = { CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
  const mirror = findProviderMirror();
  if (mirror !== undefined) {
    tfEnv.TF_CLI_CONFIG_FILE = join(opts.stack, "..", "terraformrc");
    await writeFile(tfEnv.TF_CLI_CONFIG_FILE, mirrorCliConfig(mirror));
  }
  process.stdout.write(
    [
      `Terraform ${tf.version} (${tf.bin}); hashicorp/aws ${
        mirror !== undefined
          ? `from the local mirror ${mirror} (through TF_CLI_CONFIG_FILE; no download)`
          : "is not on this machine: terraform init downloads it from registry.terraform.io"
      }.`,
      "The stack: backend.tf and provider.tf as generated above, and main.tf:",
      indent(MAIN_TF),
      `Emulator only, kept out of the generated files: ${EMULATOR_BACKEND}, given to terraform init`,
      "with -backend-config:",
      indent(EMULATOR_BACKEND_TEXT),
      "and the endpoints, in the environment:",
      ...Object.entries(emulatorEnv).map(([k, v]) => `  ${k}=${v}`),
      "",
      `backend.tf and provider.tf name the profile, so Terraform resolves ${opts.profile} itself, from the`,
      "SSO session keyless configure stored (~/.aws/sso/cache); keyless exec checks that session first.",
      "",
    ].join("\n"),
  );

  let relaxed: Awaited<ReturnType<typeof relaxStatePolicy>>;
  try {
    relaxed = await relaxStatePolicy(opts.motoEndpoint, bucket, backendTf);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return "failed";
  }
  process.stdout.write(`\n${relaxed.explanation}\n\n`);
  const show = execShower(opts.profile, opts.stack, { ...opts.env, ...emulatorEnv, ...tfEnv });
  try {
    const init = await show([
      "terraform",
      "init",
      "-input=false",
      "-no-color",
      `-backend-config=${EMULATOR_BACKEND}`,
    ]);
    if (init.code !== 0 && mirror === undefined && REGISTRY_FAILURE.test(init.output)) {
      process.stdout.write(
        "Skipped: terraform init could not download hashicorp/aws (offline?). To run this step offline,\n" +
          "set KEYLESS_DEMO_TF_MIRROR to a filesystem mirror holding it (`terraform providers mirror DIR`).\n",
      );
      return "skipped";
    }
    if (init.code !== 0) return "failed";
    if ((await show(["terraform", "plan", "-input=false", "-no-color", "-out=tfplan"])).code !== 0)
      return "failed";
    if ((await show(["terraform", "apply", "-input=false", "-no-color", "tfplan"])).code !== 0)
      return "failed";
    const wrong = await checkState(show, { bucket, key, kmsKeyId });
    if (wrong !== undefined) {
      process.stderr.write(`${wrong}\n`);
      return "failed";
    }
    process.stdout.write(notCheckedHere(opts, kmsKeyId));
    return "ran";
  } finally {
    await relaxed.restore();
    process.stdout.write(`\nThe policy of ${bucket} is back in place.\n`);
  }
}
