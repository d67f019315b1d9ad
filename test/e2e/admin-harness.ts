/**
 * The platform engineer's machine for the spawned-process tests of init / validate / plan / apply /
 * schema: moto behind the Identity Center stand-in proxy, an organization with real emulator-issued
 * account ids, and a fresh HOME + working directory outside the repository per test. The built CLI
 * gets only HOME, dummy credentials, a region and the endpoint variable.
 *
 * Every AWS call of the child goes to the proxy (AWS_ENDPOINT_URL): it answers what moto lacks and
 * forwards the rest, and records each call, so a test can tell that bad input made no call at all,
 * or no write.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { awsTestEnv, type Moto, startMoto } from "../helpers/moto.ts";
import { createOrganization, type OrgFixture, type OrgSpec } from "../helpers/org-fixture.ts";
import {
  type Exit,
  runKeyless,
  type SpawnedCli,
  type SpawnOptions,
  spawnKeyless,
  type UserDirs,
  userDirs,
} from "../helpers/spawn-cli.ts";
import { type IdentityCenterProxy, startIdentityCenterProxy } from "../standins/identity-center-proxy.ts";

export const REGION = "eu-central-1";

const WRITE_PREFIXES = ["Create", "Delete", "Put", "Attach", "Detach", "Update", "Provision", "Tag", "Untag"];

export interface AdminWorld {
  proxy: IdentityCenterProxy;
  org: OrgFixture;
  dirs: UserDirs;
  /** The child's whole environment (PATH is added by the spawn helper). */
  env(extra?: Record<string, string>): Record<string, string>;
  /** Runs keyless in the working directory to its end. */
  keyless(args: string[], opts?: Partial<SpawnOptions>): Promise<Exit>;
  /** Starts keyless in the working directory (for prompts). */
  spawn(args: string[], opts?: Partial<SpawnOptions>): SpawnedCli;
  /** Every AWS call so far (X-Amz-Target, or METHOD /path). */
  calls(): string[];
  /** The calls so far that change something in AWS. */
  writeCalls(): string[];
  /** keyless.yaml for this organization; `description` of the platform group. */
  config(description?: string): string;
  writeConfig(text?: string): Promise<void>;
  /** A fresh AWS (moto reset, new organization: by default accounts dev and prod) and a fresh user directory. */
  reset(orgSpec?: OrgSpec): Promise<void>;
  stop(): Promise<void>;
}

export async function startAdminWorld(): Promise<AdminWorld> {
  const moto: Moto = await startMoto();
  const proxy = await startIdentityCenterProxy(moto.endpoint);
  let org: OrgFixture = { rootId: "", accounts: {}, ous: {} };
  let dirs = userDirs("keyless-admin-");

  const world: AdminWorld = {
    proxy,
    get org() {
      return org;
    },
    get dirs() {
      return dirs;
    },
    env: (extra = {}) => ({ HOME: dirs.home, ...awsTestEnv(proxy.endpoint, REGION), ...extra }),
    keyless: (args, opts = {}) => runKeyless(args, { cwd: dirs.work, env: world.env(), ...opts }),
    spawn: (args, opts = {}) => spawnKeyless(args, { cwd: dirs.work, env: world.env(), ...opts }),
    calls: () => proxy.calls(),
    writeCalls: () =>
      proxy.calls().filter((t) => WRITE_PREFIXES.some((p) => (t.split(".")[1] ?? "").startsWith(p))),
    config: (description = "Platform team") => `version: 1
identityCenter:
  region: ${REGION}
accounts:
  dev: "${org.accounts.dev}"
  prod: "${org.accounts.prod}"
users:
  dave:
    displayName: Dave Platform
    givenName: Dave
    familyName: Platform
    email: dave@example.com
groups:
  platform-engineers:
    description: ${description}
    members: [dave]
permissionSets:
  terraform-core:
    description: Terraform state
    sessionDuration: PT8H
    inlinePolicy:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: [s3:GetObject, s3:PutObject]
          Resource: "arn:aws:s3:::state-bucket/*"
    managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]
assignments:
  - principals: [group:platform-engineers]
    permissionSets: [terraform-core]
    targets: [dev, prod]
`,
    writeConfig: (text = world.config()) => writeFile(join(dirs.work, "keyless.yaml"), text),
    async reset(orgSpec = { accounts: ["dev", "prod"] }) {
      await moto.reset();
      proxy.reset();
      org = await createOrganization(moto.endpoint, orgSpec);
      dirs.remove();
      dirs = userDirs("keyless-admin-");
      await world.writeConfig();
      proxy.clearCalls();
    },
    async stop() {
      dirs.remove();
      await proxy.stop();
      await moto.stop();
    },
  };
  return world;
}

/** What a pseudo-terminal shows, without carriage returns. */
export function screen(text: string): string {
  return text.replaceAll("\r\n", "\n");
}
