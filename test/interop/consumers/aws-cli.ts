/**
 * The AWS CLI as a consumer (the machine has the Python CLI v1; v2 works the same way where
 * installed): `aws sts get-caller-identity --profile P`, `aws configure get`, and the profile list.
 */
import {
  type ConsumerResult,
  consumerEnv,
  identityFrom,
  pythonTool,
  type ResolveOptions,
  runProgram,
  toResult,
} from "./run.ts";

const MISSING =
  "Install the AWS CLI (pip install awscli gives v1, which knows the AWS_ENDPOINT_URL_* variables).";

function awsBin(): string {
  return process.env.KEYLESS_AWS_CLI || "aws";
}

export async function resolveWithAwsCli({ env, profile }: ResolveOptions): Promise<ConsumerResult> {
  const run = await runProgram(
    awsBin(),
    ["sts", "get-caller-identity", "--profile", profile, "--output", "json"],
    {
      env: consumerEnv(env),
    },
  );
  return toResult("aws", run, (out) => identityFrom(JSON.parse(out)), MISSING);
}

export type ProfileListResult =
  | {
      ok: true;
      profiles: string[];
      /** "list-profiles" (CLI v2) or "awscli-v1-session" (see listProfilesWithAwsCli). */
      via: "list-profiles" | "awscli-v1-session";
    }
  | { ok: false; stderr: string };

// CLI v2's `configure list-profiles` prints `session.available_profiles`; v1 has no such command, so
// the same list is read from the v1 CLI driver's own session (same package, same config parsing).
const V1_LIST = [
  "from awscli.clidriver import create_clidriver",
  "print('\\n'.join(create_clidriver().session.available_profiles))",
].join("\n");

/**
 * The profiles the AWS CLI sees. Uses `aws configure list-profiles` where the CLI has it (v2); on
 * CLI v1, which lacks the command, asks the v1 CLI's own botocore session (what v2 prints).
 */
export async function listProfilesWithAwsCli(
  env: Record<string, string | undefined>,
): Promise<ProfileListResult> {
  const cenv = consumerEnv(env);
  const v2 = await runProgram(awsBin(), ["configure", "list-profiles"], { env: cenv });
  if (v2.spawnError) return { ok: false, stderr: `aws not found on PATH. ${MISSING}` };
  if (v2.exitCode === 0) return { ok: true, profiles: lines(v2.stdout), via: "list-profiles" };
  if (!/invalid choice/i.test(v2.stderr)) return { ok: false, stderr: v2.stderr.trim() };
  const v1 = await runProgram(pythonTool("python3"), ["-c", V1_LIST], { env: cenv });
  if (v1.exitCode !== 0) {
    return {
      ok: false,
      stderr: `aws configure list-profiles: not in this CLI, and awscli v1 session failed:\n${v1.stderr}`,
    };
  }
  return { ok: true, profiles: lines(v1.stdout), via: "awscli-v1-session" };
}

export type ConfigGetResult =
  | { ok: true; value: string }
  | { ok: false; stderr: string; exitCode: number | null };

/** `aws configure get KEY --profile P` (exit 1 with no output when the key is unset). */
export async function getWithAwsCli(
  env: Record<string, string | undefined>,
  profile: string,
  key: string,
): Promise<ConfigGetResult> {
  const run = await runProgram(awsBin(), ["configure", "get", key, "--profile", profile], {
    env: consumerEnv(env),
  });
  if (run.spawnError) return { ok: false, stderr: `aws not found on PATH. ${MISSING}`, exitCode: null };
  if (run.exitCode !== 0) {
    const text = run.stderr.trim() || `aws configure get ${key}: not set (exit ${run.exitCode})`;
    return { ok: false, stderr: text, exitCode: run.exitCode };
  }
  return { ok: true, value: run.stdout.trim() };
}

/** `aws --version`, e.g. "aws-cli/1.45.11 Python/3.11.7 Linux/... botocore/1.43.11". */
export async function awsCliVersion(): Promise<string> {
  const run = await runProgram(awsBin(), ["--version"], { env: consumerEnv({}) });
  if (run.exitCode !== 0) return `unavailable: ${run.spawnError?.message ?? run.stderr.trim()}`;
  return (run.stdout.trim() || run.stderr.trim()).split("\n")[0] ?? "";
}

function lines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
}
