/**
 * The real outside world for doctor: programs on PATH, the clock, STS, the SSO portal and the state
 * bucket. AWS SDK code stays in src/aws; this file only calls it.
 */
import { execFile } from "node:child_process";
import { profileCredentials } from "../../app/developer-session.ts";
import { realScanPort } from "./scan-port.ts";
import type { DoctorDeps, ServerDate, ToolRun } from "./types.ts";

/** A tool that does not answer `--version` within this is reported, not waited for. */
const TOOL_TIMEOUT_MS = 20_000;
const DATE_TIMEOUT_MS = 15_000;

export function runTool(
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<ToolRun | "not-installed"> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { env: env as NodeJS.ProcessEnv, timeout: TOOL_TIMEOUT_MS, maxBuffer: 1024 * 1024, windowsHide: true },
      (err, stdout, stderr) => {
        // execFile's error: `code` is the exit status (number) or a spawn error (string, e.g. ENOENT).
        const code = (err as { code?: unknown } | null)?.code;
        if (code === "ENOENT") return resolve("not-installed");
        if (err && (err as { killed?: boolean }).killed) {
          return reject(
            new Error(`\`${command} ${args.join(" ")}\` did not answer within ${TOOL_TIMEOUT_MS / 1000} s`),
          );
        }
        if (err && typeof code === "string")
          return reject(new Error(`\`${command}\` could not be run (${code})`));
        const exitCode = err ? (typeof code === "number" ? code : 1) : 0;
        resolve({ exitCode, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** STS's endpoint as the SDK would pick it: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, else regional. */
export function stsEndpoint(region: string, env: Record<string, string | undefined>): string {
  return env.AWS_ENDPOINT_URL_STS || env.AWS_ENDPOINT_URL || `https://sts.${region}.amazonaws.com`;
}

/**
 * An unsigned GET to STS: whatever it answers (an error about the missing action is fine), the
 * response carries AWS's `Date`. No credentials are sent.
 */
export async function stsServerDate(
  region: string,
  env: Record<string, string | undefined>,
): Promise<ServerDate> {
  const endpoint = stsEndpoint(region, env);
  let res: Response;
  try {
    res = await fetch(endpoint, {
      method: "GET",
      redirect: "manual",
      signal: AbortSignal.timeout(DATE_TIMEOUT_MS),
    });
  } catch (err) {
    // fetch says only "fetch failed"; the cause has the network error (ENOTFOUND, ECONNREFUSED, ...).
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`${endpoint}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
  }
  await res.body?.cancel();
  const header = res.headers.get("date");
  const serverTime = header ? Date.parse(header) : Number.NaN;
  if (Number.isNaN(serverTime)) throw new Error(`${endpoint} answered without a usable Date header`);
  return { serverTime, endpoint };
}

export function defaultDoctorDeps(): DoctorDeps {
  return {
    now: () => Date.now(),
    runTool,
    serverDate: stsServerDate,
    roleCredentials: (env, profile) => profileCredentials({ env }, profile),
    async callerIdentity(credentials, region) {
      const { getCallerIdentity } = await import("../../aws/caller-identity.ts");
      return getCallerIdentity(credentials, region);
    },
    async readBackend(sb, credentials) {
      const [{ createAwsClients }, { readStateBackend }, { toKeylessError }] = await Promise.all([
        import("../../aws/clients.ts"),
        import("../../aws/read-state-backend.ts"),
        import("../../aws/errors.ts"),
      ]);
      const clients = await createAwsClients({
        region: sb.region,
        maxAttempts: 3,
        ...(credentials ? { credentials } : {}),
      });
      try {
        let accountId: string;
        try {
          accountId = (await clients.sts.getCallerIdentity({})).Account ?? "";
        } catch (err) {
          throw toKeylessError(err, "sts.GetCallerIdentity");
        }
        return await readStateBackend(clients, {
          accountId,
          region: sb.region,
          bucket: sb.bucket,
          keyPrefix: "",
          locking: sb.locking,
          ...(sb.dynamodbTable ? { dynamodbTable: sb.dynamodbTable } : {}),
          // The key itself is not doctor's business: the bucket's default encryption is read anyway.
          encryption: { type: "aes256" },
          noncurrentVersionDays: 0,
          tags: {},
          allowWeakening: false,
        });
      } finally {
        clients.destroy();
      }
    },
    async probeStateRead(q, credentials) {
      const [{ createAwsClients }, { probeStateRead }] = await Promise.all([
        import("../../aws/clients.ts"),
        import("../../aws/state-read.ts"),
      ]);
      const clients = await createAwsClients({
        region: q.region,
        maxAttempts: 3,
        ...(credentials ? { credentials } : {}),
      });
      try {
        const { s3 } = await clients.stateBackend(q.region);
        return await probeStateRead(s3, q);
      } finally {
        clients.destroy();
      }
    },
    scan: realScanPort,
  };
}
