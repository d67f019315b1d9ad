/**
 * Shared plumbing of the interop harness: runs a real consumer (python3, aws, node, the Go
 * resolver) with ONLY the environment a test gives it, so the developer's real ~/.aws, AWS_PROFILE
 * or access keys can never leak into a result.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

/** What every resolve helper answers; `stderr` is the tool's own error text, kept whole. */
export type ConsumerResult =
  | { ok: true; identity: CallerIdentity; stderr: string }
  | { ok: false; stderr: string; exitCode: number | null };

export interface ResolveOptions {
  /** The whole AWS-facing environment of the consumer (AWS_CONFIG_FILE, HOME, AWS_ENDPOINT_URL_*, ...). */
  env: Record<string, string | undefined>;
  profile: string;
}

export interface RunOutput {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Set when the program could not be started at all (e.g. ENOENT: not installed). */
  spawnError?: NodeJS.ErrnoException;
}

/** Variables a consumer may inherit from the test process: only what finds and runs the tools. */
const PASS_THROUGH = [
  "PATH",
  "PYENV_ROOT",
  "PYENV_VERSION",
  "VIRTUAL_ENV",
  "LANG",
  "LC_ALL",
  "TMPDIR",
  "SYSTEMROOT",
];

let emptyHome: string | undefined;

/**
 * The consumer's environment: the pass-through variables, then the test's `env`. HOME defaults to an
 * empty temp directory (never the real home). Instance metadata is always disabled: a consumer that
 * finds no credentials would otherwise try 169.254.169.254, which is not ours to call.
 */
export function consumerEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of PASS_THROUGH) {
    const v = process.env[key];
    if (v !== undefined) out[key] = v;
  }
  out.AWS_PAGER = ""; // CLI v2 would page its output otherwise; the test may override
  for (const [k, v] of Object.entries(env)) {
    if (v !== undefined) out[k] = v;
  }
  if (!out.HOME) {
    if (!emptyHome) {
      const dir = mkdtempSync(join(tmpdir(), "keyless-interop-home-"));
      process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
      emptyHome = dir;
    }
    out.HOME = emptyHome;
  }
  out.AWS_EC2_METADATA_DISABLED = "true";
  out.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  return out;
}

/** Runs a program to completion; never rejects (a start failure is reported in `spawnError`). */
export function runProgram(
  command: string,
  args: string[],
  opts: { env: Record<string, string>; cwd?: string; timeoutMs?: number },
): Promise<RunOutput> {
  return new Promise((resolve) => {
    let stdout = "";
    let stderr = "";
    let spawnError: NodeJS.ErrnoException | undefined;
    const child = spawn(command, args, {
      env: opts.env,
      cwd: opts.cwd ?? tmpdir(),
      stdio: ["ignore", "pipe", "pipe"],
      // A safety net against a hung tool, not an assertion on speed.
      timeout: opts.timeoutMs ?? 120_000,
    });
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", (err: NodeJS.ErrnoException) => {
      spawnError = err;
    });
    child.on("close", (code, signal) => {
      if (signal) stderr += `\n[killed by ${signal}]`;
      resolve({ exitCode: code, stdout, stderr, ...(spawnError ? { spawnError } : {}) });
    });
  });
}

/** Turns a run into a ConsumerResult; `parse` reads the identity from the tool's stdout. */
export function toResult(
  tool: string,
  run: RunOutput,
  parse: (stdout: string) => CallerIdentity,
  missingHint: string,
): ConsumerResult {
  if (run.spawnError) {
    const why =
      run.spawnError.code === "ENOENT" ? `${tool} not found on PATH. ${missingHint}` : String(run.spawnError);
    return { ok: false, stderr: why, exitCode: null };
  }
  if (run.exitCode !== 0) {
    const text =
      run.stderr.trim() || run.stdout.trim() || `${tool} exited with ${run.exitCode} and no output`;
    return { ok: false, stderr: text, exitCode: run.exitCode };
  }
  try {
    return { ok: true, identity: parse(run.stdout), stderr: run.stderr };
  } catch (err) {
    return {
      ok: false,
      stderr: `${tool} succeeded but its output could not be read (${String(err)}):\n${run.stdout}\n${run.stderr}`,
      exitCode: run.exitCode,
    };
  }
}

/** Validates the three identity fields, whatever casing the tool used. */
export function identityFrom(raw: unknown): CallerIdentity {
  const o = (raw ?? {}) as Record<string, unknown>;
  const account = o.account ?? o.Account;
  const arn = o.arn ?? o.Arn;
  const userId = o.userId ?? o.UserId;
  if (typeof account !== "string" || typeof arn !== "string" || typeof userId !== "string") {
    throw new Error(`not a caller identity: ${JSON.stringify(raw)}`);
  }
  return { account, arn, userId };
}

/** The identity, or an Error carrying the consumer's whole error text (for test failure messages). */
export function expectIdentity(label: string, result: ConsumerResult): CallerIdentity {
  if (result.ok) return result.identity;
  throw new Error(`${label} failed (exit ${result.exitCode}):\n${result.stderr}`);
}

/**
 * Where a Python tool lives: beside the moto_server the test run uses (KEYLESS_MOTO_SERVER, set by
 * scripts/run-tests.mjs), since that install is the one known to have boto3; else plain PATH lookup.
 */
export function pythonTool(name: string): string {
  const moto = process.env.KEYLESS_MOTO_SERVER;
  if (moto?.includes("/")) {
    const beside = join(dirname(moto), name);
    if (existsSync(beside)) return beside;
  }
  return name;
}
