/**
 * Shared set-up of the developer-command tests: a throw-away HOME (its ~/.aws/config via
 * AWS_CONFIG_FILE), the SSO stand-in for OIDC and the portal, moto for STS (the stand-in mints role
 * credentials with moto's AssumeRole, so GetCallerIdentity names the role session), and a CLI runner
 * that answers the device-code sign-in the way a user would: by approving the code keyless prints.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliIO } from "../../../src/cli/io.ts";
import type { Moto } from "../../helpers/moto.ts";
import { type DeviceAnswer, signInResponder, startSsoServers } from "../../helpers/sso-sign-in.ts";
import type { SsoStandin, SsoStandinOptions } from "../../standins/sso-standin.ts";
import { devMain } from "./dev-main.ts";

// The sign-in constants live with the shared sign-in helper; re-exported for the tests that use them.
export {
  ACCOUNTS,
  configureArgs,
  DEV,
  PROD,
  SESSION,
  SSO_REGION,
  START_URL,
} from "../../helpers/sso-sign-in.ts";
export { devMain };

const SDK_ENV = [
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_SSO",
  "AWS_ENDPOINT_URL_SSO_OIDC",
  "AWS_ENDPOINT_URL_STS",
  "AWS_CONFIG_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_PROFILE",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "KEYLESS_MIN_REMAINING",
  "HOME",
];

export interface DevRun {
  code: number;
  stdout: string;
  stderr: string;
  asked: string[];
}

export interface DevEnv {
  moto: Moto;
  standin: SsoStandin;
  /** The fake HOME of the current test (fresh per `freshHome`). */
  home: string;
  configPath: string;
  /** When set, role credentials the stand-in issues expire this many ms from now. */
  credentialLifetimeMs: number | undefined;
  /** Every role credential the stand-in issued (to check that no secret reaches output). */
  issued: { accessKeyId: string; secretAccessKey: string; sessionToken: string }[];
  /** The environment a user would have: HOME, AWS_CONFIG_FILE, endpoints. */
  env(): Record<string, string>;
  freshHome(): void;
  run(
    args: string[],
    opts?: {
      tty?: boolean;
      answers?: string[];
      env?: Record<string, string | undefined>;
      /** What the user does with the device code keyless prints (default "approve"). */
      device?: DeviceAnswer;
      /** Act as the browser for the auth-code flow: follow the printed authorize URL (default true). */
      browser?: boolean;
    },
  ): Promise<DevRun>;
  /** The token cache files under HOME. */
  cacheFiles(): string[];
  readConfig(): string | undefined;
  stop(): Promise<void>;
}

export async function startDevEnv(opts: SsoStandinOptions = {}): Promise<DevEnv> {
  const servers = await startSsoServers(opts);
  const { moto, standin } = servers;
  const saved = Object.fromEntries(SDK_ENV.map((k) => [k, process.env[k]]));
  let home = "";
  const homes: string[] = [];

  const env = (): Record<string, string> => ({
    ...servers.userEnv(home),
    AWS_SHARED_CREDENTIALS_FILE: join(home, ".aws", "credentials"),
    AWS_ENDPOINT_URL: moto.endpoint,
  });

  const dev: DevEnv = {
    get credentialLifetimeMs() {
      return servers.credentialLifetimeMs;
    },
    set credentialLifetimeMs(ms) {
      servers.credentialLifetimeMs = ms;
    },
    moto,
    standin,
    issued: servers.issued,
    get home() {
      return home;
    },
    get configPath() {
      return join(home, ".aws", "config");
    },
    env,
    freshHome() {
      home = mkdtempSync(join(tmpdir(), "keyless-dev-it-"));
      homes.push(home);
      mkdirSync(join(home, ".aws"), { mode: 0o700 });
      // The AWS SDK in this process reads endpoints and the config file from process.env.
      for (const k of SDK_ENV) delete process.env[k];
      Object.assign(process.env, env());
    },
    async run(args, runOpts = {}) {
      let stdout = "";
      let stderr = "";
      const asked: string[] = [];
      const answers = [...(runOpts.answers ?? [])];
      const runEnv = { ...process.env, ...env(), ...runOpts.env };
      // Variables a test unsets (undefined) must be gone for the in-process SDK too.
      const restore: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(runOpts.env ?? {})) {
        restore[k] = process.env[k];
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      // The user reads what keyless prints and answers the sign-in: the device code at the stand-in,
      // the authorize URL in a "browser".
      const user = signInResponder(standin, { device: runOpts.device, browser: runOpts.browser });
      const io: CliIO = {
        out: (t) => {
          stdout += t;
        },
        err: (t) => {
          stderr += t;
          user(t);
        },
        stdoutIsTTY: false,
        stdinIsTTY: runOpts.tty ?? false,
        env: runEnv,
        cwd: home,
        ask: async (q) => {
          asked.push(q);
          return answers.shift() ?? "";
        },
      };
      try {
        const code = await devMain(args, io);
        return { code, stdout, stderr, asked };
      } finally {
        for (const [k, v] of Object.entries(restore)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
    },
    cacheFiles() {
      const dir = join(home, ".aws", "sso", "cache");
      return existsSync(dir) ? readdirSync(dir).sort() : [];
    },
    readConfig() {
      return existsSync(dev.configPath) ? readFileSync(dev.configPath, "utf8") : undefined;
    },
    async stop() {
      await servers.stop();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      for (const h of homes) rmSync(h, { recursive: true, force: true });
    },
  };
  dev.freshHome();
  return dev;
}
