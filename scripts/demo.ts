/**
 * `npm run demo`: the whole platform story against a local AWS emulator.
 * Starts moto_server (plus the project's stand-in for the Identity Center calls moto lacks),
 * creates an organization with dev / staging / prod accounts, then runs keyless on
 * examples/keyless.yaml: plan, apply, and plan again, which must report no changes. The same
 * plan/apply bootstraps the Terraform state bucket (its `stateBackend` section: KMS key, hardened
 * bucket) in the emulator's caller account, 123456789012. Then the engineer's side
 * (demo-developer.ts): configure, whoami, exec; `keyless terraform files`; and, where terraform is on
 * PATH, terraform init / plan / apply through `keyless exec` with state in that bucket
 * (demo-terraform.ts).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { processIO } from "../src/cli/io.ts";
import { main } from "../src/cli/main.ts";
import { startMoto } from "../test/helpers/moto.ts";
import { createOrganization } from "../test/helpers/org-fixture.ts";
import { startIdentityCenterProxy } from "../test/standins/identity-center-proxy.ts";
import { developerDemo } from "./demo-developer.ts";
import { type TerraformDemoResult, terraformDemo } from "./demo-terraform.ts";
import { findMotoServer, pathWithMoto } from "./moto-path.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const PLACEHOLDERS: Record<string, string> = {
  dev: "111111111111",
  staging: "222222222222",
  prod: "333333333333",
};

function banner(text: string): void {
  process.stdout.write(`\n\x1b[1m=== ${text}\x1b[0m\n\n`);
}

async function run(args: string[], cwd: string): Promise<number> {
  process.stdout.write(`$ keyless ${args.join(" ")}\n`);
  const code = await main(args, { ...processIO(), cwd, stdinIsTTY: false });
  process.stdout.write(`(exit ${code})\n`);
  return code;
}

async function demo(): Promise<number> {
  process.env.KEYLESS_MOTO_SERVER = findMotoServer();
  process.env.PATH = pathWithMoto(process.env.KEYLESS_MOTO_SERVER);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  banner("Starting the local AWS emulator (moto_server + keyless stand-in for calls moto lacks)");
  const moto = await startMoto();
  const proxy = await startIdentityCenterProxy(moto.endpoint);
  const work = await mkdtemp(join(tmpdir(), "keyless-demo-"));
  try {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: proxy.endpoint,
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_REGION: "eu-central-1",
      AWS_EC2_METADATA_DISABLED: "true",
    });
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    const org = await createOrganization(moto.endpoint, { accounts: ["dev", "staging", "prod"] });
    process.stdout.write(
      `emulator at ${moto.endpoint}; organization accounts: ${JSON.stringify(org.accounts)}\n`,
    );

    await cp(join(root, "examples"), work, { recursive: true });
    const configPath = join(work, "keyless.yaml");
    let text = await readFile(configPath, "utf8");
    for (const [name, placeholder] of Object.entries(PLACEHOLDERS)) {
      const real = org.accounts[name];
      if (real) text = text.replaceAll(`"${placeholder}"`, `"${real}"`);
    }
    await writeFile(configPath, text);

    banner("1. keyless validate (offline)");
    if ((await run(["validate"], work)) !== 0) return 1;
    banner("2. keyless plan");
    if ((await run(["plan", "--detailed-exitcode"], work)) !== 2)
      return fail("the first plan should show changes");
    banner("3. keyless apply --auto-approve (Identity Center and the Terraform state bucket)");
    if ((await run(["apply", "--auto-approve"], work)) !== 0) return fail("apply failed");
    banner("4. keyless plan again: AWS now matches keyless.yaml");
    if ((await run(["plan", "--detailed-exitcode"], work)) !== 0)
      return fail("the second plan should report no changes");
    let terraform: TerraformDemoResult;
    const engineer = await developerDemo({
      motoEndpoint: moto.endpoint,
      accounts: org.accounts,
      work,
      banner,
    });
    if (engineer === undefined) return fail("the engineer's step (configure, exec) failed");
    try {
      banner("7. keyless terraform files: backend.tf and provider.tf for the engineer's profile");
      const stack = join(work, "network");
      const files = [
        "terraform",
        "files",
        "--profile",
        "terraform-dev",
        "--key",
        "dev/network/terraform.tfstate", // keyPrefix env/ in keyless.yaml is added
      ];
      if ((await run([...files, "--dir", stack], work)) !== 0) return fail("terraform files failed");
      for (const name of ["backend.tf", "provider.tf"]) {
        process.stdout.write(`\n${name}:\n${await readFile(join(stack, name), "utf8")}`);
      }
      const tf = {
        stack,
        profile: "terraform-dev",
        profileAccount: org.accounts.dev ?? "",
        env: engineer.env,
        motoEndpoint: moto.endpoint,
        banner,
      };
      terraform = await terraformDemo(tf);
      if (terraform === "failed") return fail("the Terraform step failed");
    } finally {
      await engineer.stop();
    }
    banner(
      "Demo complete: plan, apply, a re-plan with no changes, SSO profiles, Terraform files" +
        (terraform === "ran" ? ", and terraform apply with its state in the keyless bucket." : "."),
    );
    return 0;
  } finally {
    await proxy.stop();
    await moto.stop();
    await rm(work, { recursive: true, force: true });
  }
}

function fail(message: string): number {
  process.stderr.write(`demo failed: ${message}\n`);
  return 1;
}

process.exitCode = await demo();
