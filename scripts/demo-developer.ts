/**
 * The engineer's side of `npm run demo`. An SSO stand-in (moto has no SSO portal or OIDC) mints role
 * credentials with moto's STS; `keyless configure` signs in with the device code (approved
 * automatically, as the engineer would in the browser) and writes the profiles into a throw-away
 * HOME; then `keyless exec` runs the AWS CLI with the role credentials, no key anywhere. The
 * stand-in stays up (until `stop`) for the steps that follow, which use the same sign-in.
 */
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { type CliIO, processIO } from "../src/cli/io.ts";
import { main as devMain } from "../src/cli/main.ts";
import { motoRoleCredentials } from "../test/interop/consumers/moto-identities.ts";
import { startSsoStandin } from "../test/standins/sso-standin.ts";

const START_URL = "https://d-1234567890.awsapps.com/start";

/** The signed-in engineer: the environment of their shell (HOME, ~/.aws/config, endpoints). */
export interface Engineer {
  env: Record<string, string | undefined>;
  stop(): Promise<void>;
}

/** Steps 5 and 6; the engineer, or undefined (stand-in stopped) when a step failed. */
export async function developerDemo(opts: {
  motoEndpoint: string;
  /** Organization account name → id. */
  accounts: Record<string, string>;
  work: string;
  banner: (text: string) => void;
}): Promise<Engineer | undefined> {
  const standin = await startSsoStandin({
    issueCredentials: (accountId, roleName) =>
      motoRoleCredentials(opts.motoEndpoint, accountId, roleName, "engineer@example.com"),
  });
  const home = join(opts.work, "engineer-home");
  await mkdir(join(home, ".aws"), { recursive: true, mode: 0o700 });
  let engineer: Engineer | undefined;
  try {
    standin.setAccounts(
      Object.entries(opts.accounts).map(([name, id]) => ({
        accountId: id,
        accountName: name,
        emailAddress: `${name}@example.com`,
        roles: ["terraform-core"],
      })),
    );
    // The SDK inside keyless reads endpoints from the process environment.
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SSO: standin.endpoint,
      AWS_ENDPOINT_URL_SSO_OIDC: standin.endpoint,
      AWS_ENDPOINT_URL_STS: opts.motoEndpoint,
    });
    const env: Record<string, string | undefined> = {
      ...process.env,
      HOME: home,
      AWS_CONFIG_FILE: join(home, ".aws", "config"),
      AWS_SHARED_CREDENTIALS_FILE: join(home, ".aws", "credentials"),
    };
    // The engineer has no access keys at all.
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;
    delete env.AWS_SESSION_TOKEN;
    const base = processIO();
    const io: CliIO = {
      ...base,
      env,
      cwd: home,
      stdinIsTTY: false,
      err: (t) => {
        base.err(t);
        // The engineer approves the code shown, on the stand-in's verification page.
        for (const m of t.matchAll(/^\s*([A-Z2-7]{4}-[A-Z2-7]{4})\s*$/gm)) {
          setTimeout(() => standin.approveDevice(m[1] as string), 300).unref();
        }
      },
    };
    const run = async (args: string[]) => {
      process.stdout.write(`$ keyless ${args.join(" ")}\n`);
      const code = await devMain(args, io);
      process.stdout.write(`(exit ${code})\n`);
      return code;
    };

    opts.banner("5. The engineer: keyless configure (device code sign-in, approved automatically)");
    const configure = [
      "configure",
      "--start-url",
      START_URL,
      "--region",
      "eu-central-1",
      "--all",
      "--profile-name",
      "terraform-{account}",
      "--use-device-code",
      "--no-browser",
    ];
    if ((await run(configure)) !== 0) return undefined;
    process.stdout.write(
      `\n${join(home, ".aws", "config")}:\n${await readFile(join(home, ".aws", "config"), "utf8")}\n`,
    );
    opts.banner("6. keyless whoami and keyless exec: the AWS CLI runs with short-lived role credentials");
    if ((await run(["whoami", "--profile", "terraform-dev"])) !== 0) return undefined;
    if ((await run(["exec", "terraform-dev", "--", "aws", "sts", "get-caller-identity"])) !== 0)
      return undefined;
    engineer = { env, stop: () => standin.stop() };
    return engineer;
  } finally {
    if (engineer === undefined) await standin.stop();
  }
}
