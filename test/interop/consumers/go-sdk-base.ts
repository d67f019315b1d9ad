/**
 * Terraform's credential library as a consumer: test/interop/go-resolver (a tiny Go program on
 * github.com/hashicorp/aws-sdk-go-base/v2 and the AWS SDK for Go v2) resolves the profile with
 * awsbase.GetAwsConfig and calls STS GetCallerIdentity.
 *
 * The binary is built once per source + Go version into the OS temp dir and reused by later test
 * files and runs (Go's own build and module caches make a rebuild cheap too). CI builds it on a fresh
 * clone, so modules download from the Go module proxy on first use.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type ConsumerResult,
  consumerEnv,
  identityFrom,
  type ResolveOptions,
  runProgram,
  toResult,
} from "./run.ts";

const goDir = fileURLToPath(new URL("../go-resolver/", import.meta.url));
const SOURCES = ["main.go", "go.mod", "go.sum"];
/** Cold build on a 2-core machine with module downloads: about 2-3 minutes; this is only a safety net. */
const BUILD_LIMIT_MS = 15 * 60_000;

export type GoBuild = { ok: true; binary: string } | { ok: false; stderr: string };

let building: Promise<GoBuild> | undefined;

function goBin(): string {
  return process.env.KEYLESS_GO || "go";
}

/** Builds (or finds the cached) go-resolver binary; never rejects. Memoised per process. */
export function buildGoResolver(): Promise<GoBuild> {
  building ??= build();
  return building;
}

async function build(): Promise<GoBuild> {
  // The build sees the developer's Go setup (GOPATH, GOPROXY, caches), never the consumer env.
  const env = Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const ver = await runProgram(goBin(), ["env", "GOVERSION"], { env, cwd: goDir });
  if (ver.spawnError?.code === "ENOENT") {
    return {
      ok: false,
      stderr:
        "Go toolchain not found on PATH (set KEYLESS_GO to its path). The Terraform-credential interop test " +
        "builds test/interop/go-resolver with Go >= the go.mod `go` line (1.25).",
    };
  }
  if (ver.exitCode !== 0) return { ok: false, stderr: `go env GOVERSION failed:\n${ver.stderr}` };

  const hash = createHash("sha256").update(ver.stdout.trim());
  for (const f of SOURCES) hash.update(readFileSync(join(goDir, f)));
  const outDir = join(tmpdir(), "keyless-interop");
  const binary = join(outDir, `go-resolver-${hash.digest("hex").slice(0, 16)}`);
  if (existsSync(binary)) return { ok: true, binary };

  mkdirSync(outDir, { recursive: true });
  // One build at a time across test processes (run-tests runs two files at once): the other waits.
  const lock = `${binary}.lock`;
  while (!tryLock(lock)) {
    await new Promise((r) => setTimeout(r, 1000));
    if (existsSync(binary)) return { ok: true, binary };
  }
  try {
    if (existsSync(binary)) return { ok: true, binary };
    return await compile(env, binary);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** mkdir is atomic; a lock left by a killed build (older than the build time limit) is taken over. */
function tryLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    try {
      if (Date.now() - statSync(lock).mtimeMs > BUILD_LIMIT_MS)
        rmSync(lock, { recursive: true, force: true });
    } catch {
      // released meanwhile
    }
    return false;
  }
}

async function compile(env: Record<string, string>, binary: string): Promise<GoBuild> {
  // Build to a unique name, then rename: nobody can see half a binary.
  const partial = `${binary}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  const run = await runProgram(goBin(), ["build", "-mod=readonly", "-buildvcs=false", "-o", partial, "."], {
    env,
    cwd: goDir,
    timeoutMs: BUILD_LIMIT_MS,
  });
  if (run.exitCode !== 0) {
    rmSync(partial, { force: true });
    return {
      ok: false,
      stderr:
        `go build in ${goDir} failed (exit ${run.exitCode}); the Go module proxy must be reachable on the first ` +
        `build:\n${run.stderr}${run.stdout}`,
    };
  }
  renameSync(partial, binary);
  return { ok: true, binary };
}

export interface GoResolveOptions extends ResolveOptions {
  /** awsbase.Config.Region; default: the profile's region or AWS_REGION, as the Go SDK resolves it. */
  region?: string;
}

/**
 * Resolves `profile` through aws-sdk-go-base. Endpoints: AWS_ENDPOINT_URL_SSO / _STS / _IAM in `env`
 * become awsbase.Config SsoEndpoint / StsEndpoint / IamEndpoint (as Terraform's S3 backend does);
 * AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_SSO_OIDC are honoured by the Go SDK itself.
 */
export async function resolveWithGoSdkBase({
  env,
  profile,
  region,
}: GoResolveOptions): Promise<ConsumerResult> {
  const built = await buildGoResolver();
  if (!built.ok) return { ok: false, stderr: built.stderr, exitCode: null };
  const args = ["-profile", profile, ...(region ? ["-region", region] : [])];
  const run = await runProgram(built.binary, args, { env: consumerEnv(env) });
  return toResult("go-resolver (aws-sdk-go-base)", run, (out) => identityFrom(JSON.parse(out)), "");
}

const SHOWN = [
  "github.com/hashicorp/aws-sdk-go-base/v2",
  "github.com/aws/aws-sdk-go-v2",
  "github.com/aws/aws-sdk-go-v2/config",
  "github.com/aws/aws-sdk-go-v2/credentials",
  "github.com/aws/aws-sdk-go-v2/service/sso",
  "github.com/aws/aws-sdk-go-v2/service/ssooidc",
  "github.com/aws/aws-sdk-go-v2/service/sts",
];

/** The Go version and the credential-relevant module versions the binary was built with. */
export async function goSdkBaseVersion(): Promise<string> {
  const built = await buildGoResolver();
  if (!built.ok) return `unavailable: ${built.stderr.split("\n")[0]}`;
  const run = await runProgram(built.binary, ["-versions"], { env: consumerEnv({}) });
  if (run.exitCode !== 0) return `unavailable: ${run.stderr.trim()}`;
  return run.stdout
    .split("\n")
    .filter((l) => l.startsWith("go ") || SHOWN.includes(l.split(" ")[0] ?? ""))
    .map((l) => l.replace("github.com/", ""))
    .join(", ");
}
