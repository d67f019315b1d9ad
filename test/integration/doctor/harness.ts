/**
 * A whole keyless set-up for doctor, built the way a user builds it: `keyless configure` (device code,
 * approved as a user would) writes an sso-session profile into a throw-away HOME and logs in against
 * the SSO stand-in; `keyless apply` creates a hardened state bucket on moto; `keyless terraform files`
 * writes backend.tf and provider.tf into a Terraform directory. The stand-in mints role credentials
 * with moto's AssumeRole, so STS names the role (and, for the wrong-account case, another account).
 * The profile's account is moto's default account, where `keyless apply` created the bucket.
 *
 * Fake `aws` and `terraform` on a temporary PATH print fixed versions, so the version checks are
 * deterministic; the real tools are not on that PATH.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { S3 } from "@aws-sdk/client-s3";
import { type DoctorDeps, defaultDoctorDeps } from "../../../src/checks/doctor/index.ts";
import type { CliIO } from "../../../src/cli/io.ts";
import { main } from "../../../src/cli/main.ts";
import { runDoctor } from "../../../src/commands/doctor.ts";
import { motoRoleCredentials } from "../../interop/consumers/moto-identities.ts";
import { type DevEnv, startDevEnv } from "../developer/harness.ts";
import { narrowTlsStatementForMoto } from "./moto-policy.ts";

export const REGION = "eu-central-1";
/** moto's default account: `keyless apply` with dummy keys creates the bucket here. */
export const ACCOUNT = "123456789012";
export const OTHER_ACCOUNT = "999999999999";
export const ROLE = "terraform-core";
export const PROFILE = `shared-${ROLE}`;
export const BUCKET = "acme-tfstate";
export const STATE_KEY = "env/dev/network/terraform.tfstate";
/** Dummy keys for the set-up commands (apply, terraform files) only; doctor never gets them. */
const SETUP_KEYS = {
  AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing",
  AWS_SESSION_TOKEN: "testing",
  AWS_REGION: REGION,
  AWS_DEFAULT_REGION: REGION,
};

export interface DoctorRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface DoctorJson {
  ok: boolean;
  summary: Record<"pass" | "warn" | "fail" | "skip", number>;
  checks: { id: string; title: string; status: string; message: string; hint?: string }[];
}

export interface DoctorEnv {
  dev: DevEnv;
  s3: S3;
  /** The Terraform directory with backend.tf and provider.tf. */
  tfDir: string;
  /** The directory of the fake `aws` and `terraform`. */
  binDir: string;
  /** When set, STS names this account for the role credentials the portal hands out. */
  stsAccount: string | undefined;
  /** Fresh HOME, profile, login, bucket and Terraform files. */
  setUp(): Promise<void>;
  /** Replaces the fake tool with a script printing `output` (exit `code`), or removes it (null). */
  fakeTool(name: "aws" | "terraform", output: string | null, code?: number): void;
  /** Runs `keyless doctor ARGS` with the user's environment plus `env`, in the Terraform directory. */
  doctor(
    args: string[],
    opts?: { env?: Record<string, string | undefined>; deps?: Partial<DoctorDeps> },
  ): Promise<DoctorRun>;
  /** `doctor --json`, parsed. */
  doctorJson(
    args?: string[],
    opts?: { env?: Record<string, string | undefined>; deps?: Partial<DoctorDeps> },
  ): Promise<{ run: DoctorRun; json: DoctorJson }>;
  stop(): Promise<void>;
}

export const AWS_V2 = "aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0 exe/x86_64.ubuntu.22 prompt/off";
export const TERRAFORM_1_11 = JSON.stringify({ terraform_version: "1.11.4", platform: "linux_amd64" });

export async function startDoctorEnv(): Promise<DoctorEnv> {
  let n = 0;
  const state: { stsAccount: string | undefined } = { stsAccount: undefined };
  const dev: DevEnv = await startDevEnv({
    tokenTtlSeconds: 8 * 3600,
    issueCredentials: (accountId, roleName) =>
      motoRoleCredentials(dev.moto.endpoint, state.stsAccount ?? accountId, roleName, `doctor-${++n}`),
  });
  dev.standin.setAccounts([
    { accountId: ACCOUNT, accountName: "shared", emailAddress: "shared@example.com", roles: [ROLE] },
  ]);
  const s3 = new S3({
    region: REGION,
    endpoint: dev.moto.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
  const scratch: string[] = [];
  let tfDir = "";
  let binDir = "";

  const fakeTool = (name: "aws" | "terraform", output: string | null, code = 0) => {
    const path = join(binDir, name);
    if (output === null) {
      rmSync(path, { force: true });
      return;
    }
    writeFileSync(path, `#!/bin/sh\ncat <<'KEYLESS_EOF'\n${output}\nKEYLESS_EOF\nexit ${code}\n`);
    chmodSync(path, 0o755);
  };

  const userEnv = (extra: Record<string, string | undefined> = {}): Record<string, string | undefined> => {
    const env: Record<string, string | undefined> = {
      ...dev.env(),
      PATH: `${binDir}:/usr/bin:/bin`,
      ...extra,
    };
    for (const k of ["AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]) {
      if (!(k in extra)) delete env[k];
    }
    return env;
  };

  const doctor: DoctorEnv["doctor"] = async (args, opts = {}) => {
    let stdout = "";
    let stderr = "";
    const io: CliIO = {
      out: (t) => {
        stdout += t;
      },
      err: (t) => {
        stderr += t;
      },
      stdoutIsTTY: false,
      stdinIsTTY: false,
      env: userEnv(opts.env),
      cwd: tfDir,
      ask: async () => "",
    };
    const code = opts.deps
      ? await runDoctor(
          {
            json: args.includes("--json"),
            ...flag(args, "--profile", "profile"),
            ...flag(args, "--dir", "dir"),
          },
          io,
          { ...defaultDoctorDeps(), ...opts.deps },
        )
      : await main(["doctor", ...args], io);
    return { code, stdout, stderr };
  };

  const env: DoctorEnv = {
    dev,
    s3,
    get tfDir() {
      return tfDir;
    },
    get binDir() {
      return binDir;
    },
    get stsAccount() {
      return state.stsAccount;
    },
    set stsAccount(v) {
      state.stsAccount = v;
    },
    async setUp() {
      state.stsAccount = undefined;
      await dev.moto.reset();
      dev.freshHome();
      const work = mkdtempSync(join(tmpdir(), "keyless-doctor-"));
      scratch.push(work);
      tfDir = join(work, "infra");
      binDir = join(work, "bin");
      mkdirSync(tfDir);
      mkdirSync(binDir);
      fakeTool("aws", AWS_V2);
      fakeTool("terraform", TERRAFORM_1_11);

      await must(
        dev.run([
          "configure",
          "--start-url",
          START,
          "--region",
          REGION,
          "--use-device-code",
          "--no-browser",
          "--all",
          "--profile-name",
          "{account}-{role}",
        ]),
      );
      const config = join(work, "keyless.yaml");
      writeFileSync(
        config,
        `version: 1\nidentityCenter:\n  region: ${REGION}\naccounts:\n  shared: "${ACCOUNT}"\nstateBackend:\n  account: shared\n  region: ${REGION}\n  bucket: ${BUCKET}\n`,
      );
      await must(dev.run(["apply", "--auto-approve", "-c", config], { env: SETUP_KEYS }));
      await narrowTlsStatementForMoto(s3, BUCKET);
      await must(
        dev.run(
          ["terraform", "files", "--profile", PROFILE, "--key", STATE_KEY, "--dir", tfDir, "-c", config],
          {
            env: SETUP_KEYS,
          },
        ),
      );
    },
    fakeTool,
    doctor,
    async doctorJson(args = [], opts = {}) {
      const run = await doctor([...args, "--json"], opts);
      return { run, json: JSON.parse(run.stdout) as DoctorJson };
    },
    async stop() {
      s3.destroy();
      await dev.stop();
      for (const d of scratch) rmSync(d, { recursive: true, force: true });
    },
  };
  return env;
}

const START = "https://d-1234567890.awsapps.com/start";

function flag(args: string[], name: string, key: string): Record<string, string> {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? { [key]: args[i + 1] as string } : {};
}

async function must(p: Promise<{ code: number; stdout: string; stderr: string }>): Promise<void> {
  const r = await p;
  if (r.code !== 0) throw new Error(`set-up command failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
}

/** The status of each check, by id. */
export function statuses(json: DoctorJson): Record<string, string> {
  return Object.fromEntries(json.checks.map((c) => [c.id, c.status]));
}

export function check(json: DoctorJson, id: string): DoctorJson["checks"][number] {
  const c = json.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
}

/** Ids of the checks that failed. */
export function failing(json: DoctorJson): string[] {
  return json.checks.filter((c) => c.status === "fail").map((c) => c.id);
}

/** Everything secret the set-up holds: issued role credentials and the cached SSO tokens. */
export function secrets(h: DoctorEnv, extra: string[] = []): string[] {
  const out = [...extra];
  for (const c of h.dev.issued) out.push(c.secretAccessKey, c.sessionToken, c.accessKeyId);
  for (const f of h.dev.cacheFiles()) {
    const v = JSON.parse(readFileSync(join(h.dev.home, ".aws", "sso", "cache", f), "utf8")) as Record<
      string,
      unknown
    >;
    for (const k of ["accessToken", "refreshToken", "clientSecret"])
      if (typeof v[k] === "string") out.push(v[k] as string);
  }
  return out.filter((s) => s.length >= 8);
}
