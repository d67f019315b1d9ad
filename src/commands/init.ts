/**
 * `keyless init`: write a starter keyless.yaml. With working AWS credentials it fills in the
 * Identity Center instance and the organization's accounts; otherwise (or with --offline) it
 * writes placeholders. It never overwrites an existing file.
 */
import { existsSync } from "node:fs";
import { resolveConfigPath } from "../app/config-path.ts";
import type { CliIO } from "../cli/io.ts";
import { PLACEHOLDER_ACCOUNTS } from "../config/placeholders.ts";
import { EXIT, KeylessError } from "../errors/keyless-error.ts";
import { writeNewFileAtomic } from "../util/atomic-write.ts";
import { type StarterInput, starterConfig } from "./init-template.ts";

export interface InitOptions {
  config?: string;
  region?: string | undefined;
  offline?: boolean;
}

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

export async function runInit(opts: InitOptions, io: CliIO): Promise<number> {
  const path = resolveConfigPath(opts.config, io);
  if (existsSync(path)) {
    throw new KeylessError("FILE_EXISTS", `${path} already exists; keyless init never overwrites it`, {
      hint: "Edit the file, remove it first, or write elsewhere with -c OTHER.yaml.",
    });
  }
  const region = opts.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? "eu-central-1";
  if (!REGION.test(region)) {
    throw new KeylessError("USAGE", `"${region}" is not an AWS region name`, {
      hint: "For example: --region eu-central-1",
    });
  }
  let input: StarterInput = { region, accounts: PLACEHOLDER_ACCOUNTS, discovered: false };
  if (!opts.offline) {
    try {
      input = await discover(region);
      io.err(`Discovered IAM Identity Center ${input.instanceArn} and ${input.accounts.length} accounts.\n`);
    } catch (err) {
      const why = err instanceof KeylessError ? err.message : String((err as Error).message ?? err);
      io.err(
        `Could not discover from AWS (${why}); writing placeholders instead. Use --offline to skip discovery.\n`,
      );
    }
  }
  try {
    await writeNewFileAtomic(path, starterConfig(input));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") {
      throw new KeylessError("FILE_EXISTS", `${path} already exists; keyless init never overwrites it`);
    }
    throw err;
  }
  io.out(`Wrote ${path}.\nNext: edit it, then run \`keyless validate\` and \`keyless plan\`.\n`);
  return EXIT.OK;
}

async function discover(region: string): Promise<StarterInput> {
  const { createAwsClients } = await import("../aws/clients.ts");
  const { discoverInstance } = await import("../aws/instance.ts");
  const { listOrganizationAccounts } = await import("../aws/organizations.ts");
  const clients = await createAwsClients({ region, maxAttempts: 2 });
  const instance = await discoverInstance(clients, {});
  let accounts = PLACEHOLDER_ACCOUNTS;
  try {
    const found = (await listOrganizationAccounts(clients)).filter(
      (a) => a.status === undefined || a.status === "ACTIVE",
    );
    if (found.length > 0) accounts = found.map((a) => ({ name: a.name, id: a.id }));
  } catch {
    // Not the management account or no Organizations: keep placeholders for accounts.
  }
  return { region, ...instance, accounts, discovered: true };
}
