/**
 * boto3/botocore as a consumer: `boto3.Session(profile_name=P).client("sts").get_caller_identity()`
 * in a child python3 with only the test's environment.
 */
import { fileURLToPath } from "node:url";
import {
  type ConsumerResult,
  consumerEnv,
  identityFrom,
  pythonTool,
  type ResolveOptions,
  runProgram,
  toResult,
} from "./run.ts";

const script = fileURLToPath(new URL("./botocore-resolve.py", import.meta.url));
const MISSING =
  "Install Python 3 with boto3 (pip install boto3), or set KEYLESS_MOTO_SERVER to a moto install.";

export async function resolveWithBotocore({ env, profile }: ResolveOptions): Promise<ConsumerResult> {
  const run = await runProgram(pythonTool("python3"), [script, profile], { env: consumerEnv(env) });
  return toResult("python3 (boto3)", run, (out) => identityFrom(JSON.parse(out)), MISSING);
}

/** e.g. "python 3.11.7, boto3 1.43.11, botocore 1.43.11", or the reason it could not be read. */
export async function botocoreVersion(): Promise<string> {
  const run = await runProgram(pythonTool("python3"), [script, "--versions"], { env: consumerEnv({}) });
  if (run.exitCode !== 0) return `unavailable: ${run.spawnError?.message ?? run.stderr.trim()}`;
  const v = JSON.parse(run.stdout) as Record<string, string>;
  return `python ${v.python}, boto3 ${v.boto3}, botocore ${v.botocore}`;
}
