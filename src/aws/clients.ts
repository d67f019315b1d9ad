/**
 * One shared client per AWS service for a run, created lazily so commands that need no AWS never
 * load the SDK. Endpoints are not configured here: the SDK itself honours AWS_ENDPOINT_URL and
 * AWS_ENDPOINT_URL_<SERVICE> (tested in test/integration/aws/clients.test.ts).
 *
 * Every client gets the same middleware: it counts logical calls per operation (benchmarks report
 * calls, which is what AWS throttles), paces every attempt through one global request budget that
 * slows down when AWS throttles (rate-limiter.ts), and remembers which operation raised an error so
 * errors.ts can name it. Retries follow retry-strategy.ts: throttling and transient errors are retried
 * on the injected clock, except writes whose outcome is unknown and that cannot be sent twice: those
 * go back to the writer, which checks whether the change happened (idempotent writes).
 */
import type { CloudTrail } from "@aws-sdk/client-cloudtrail";
import type { DynamoDB } from "@aws-sdk/client-dynamodb";
import type { IAM } from "@aws-sdk/client-iam";
import type { Identitystore } from "@aws-sdk/client-identitystore";
import type { KMS } from "@aws-sdk/client-kms";
import type { Organizations } from "@aws-sdk/client-organizations";
import type { S3 } from "@aws-sdk/client-s3";
import type { SSOAdmin } from "@aws-sdk/client-sso-admin";
import type { STS } from "@aws-sdk/client-sts";
import type {
  FinalizeHandler,
  FinalizeHandlerArguments,
  HandlerExecutionContext,
  InitializeHandler,
  InitializeHandlerArguments,
  MiddlewareStack,
} from "@smithy/types";
import { createLookupRateLimiter } from "./cloudtrail.ts";
import { isOutcomeUnknown, isThrottlingError, recordOperation } from "./errors.ts";
import { createRateLimiter, type RateLimiter } from "./rate-limiter.ts";
import { createRetryStrategy, markNotRepeatable, NOT_REPEATABLE } from "./retry-strategy.ts";

/** Time for the request budget, retry backoff and the writers' waits; tests pass a fake one. */
export interface AwsClock {
  /** Milliseconds, monotonic. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: AwsClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface AwsClientOptions {
  region: string;
  /** SDK attempts per call including the first. Default 8. */
  maxAttempts?: number;
  /** Global pace over all clients. Default 20. */
  requestsPerSecond?: number;
  /** Explicit credentials (e.g. a profile's role credentials); default: the SDK's credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined };
  /** A profile for the SDK's own credential resolution (instead of AWS_PROFILE); ignored with `credentials`. */
  profile?: string;
  /** Inject a limiter (tests); otherwise one is built from requestsPerSecond. */
  rateLimiter?: RateLimiter;
  /** Default: the real clock. */
  clock?: AwsClock;
  /** CloudTrail's own bucket, on top of the global one; default createLookupRateLimiter() (2/s). */
  cloudTrailRateLimiter?: RateLimiter;
}

export interface AwsClients {
  region: string;
  /** The clock the clients pace and back off on; writers wait on it too. */
  clock: AwsClock;
  ssoAdmin: SSOAdmin;
  identityStore: Identitystore;
  organizations: Organizations;
  sts: STS;
  /**
   * S3, DynamoDB and KMS clients in `region` for the Terraform state backend, created (and their SDK
   * packages loaded) on first use only, with the same call counting and rate limit.
   */
  stateBackend(region: string): Promise<StateBackendClients>;
  /**
   * A new IAM client (CI roles in a member account) with these credentials, or the run's own when
   * absent; counted and paced like every other client. The caller destroys it.
   */
  iam(credentials?: AwsClientOptions["credentials"]): Promise<IAM>;
  /** CloudTrail in `region` (keyless audit), loaded on first use, paced by its own 2/s bucket too. */
  cloudTrail(region: string): Promise<CloudTrail>;
  /** Logical calls made so far, keyed `service.Operation` (e.g. `sso-admin.ListPermissionSets`). */
  callCounts(): Record<string, number>;
  /** Close the clients' sockets. */
  destroy(): void;
}

export interface StateBackendClients {
  region: string;
  clock: AwsClock;
  s3: S3;
  dynamodb: DynamoDB;
  kms: KMS;
}

/**
 * Path-style S3 addressing when an endpoint override is set (emulators and most S3-compatible
 * endpoints have no per-bucket host names); AWS itself gets virtual-hosted style.
 */
function s3PathStyle(): boolean {
  return Boolean(process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL);
}

function operationName(service: string, context: HandlerExecutionContext): string {
  return `${service}.${(context.commandName ?? "Unknown").replace(/Command$/, "")}`;
}

function instrument<I extends object, O extends object>(
  client: { middlewareStack: MiddlewareStack<I, O> },
  service: string,
  counts: Map<string, number>,
  limiter: RateLimiter,
) {
  // Outermost: one count per logical call, and the operation name attached to any error.
  client.middlewareStack.add(
    (next: InitializeHandler<I, O>, context: HandlerExecutionContext) =>
      async (args: InitializeHandlerArguments<I>) => {
        const op = operationName(service, context);
        counts.set(op, (counts.get(op) ?? 0) + 1);
        try {
          return await next(args);
        } catch (err) {
          recordOperation(err, op);
          throw err;
        }
      },
    { step: "initialize", name: "keylessCallCounter", priority: "high", override: true },
  );
  // Inside the retry loop (finalizeRequest, low priority runs after retryMiddleware): every attempt
  // is paced, retries included; each throttled attempt slows the budget down; a write that must not
  // be repeated blindly is handed back to its writer when its outcome is unknown.
  client.middlewareStack.add(
    (next: FinalizeHandler<I, O>, context: HandlerExecutionContext) =>
      async (args: FinalizeHandlerArguments<I>) => {
        await limiter.take();
        try {
          return await next(args);
        } catch (err) {
          if (isThrottlingError(err)) limiter.throttled?.();
          else if (isOutcomeUnknown(err) && NOT_REPEATABLE.has(operationName(service, context))) {
            markNotRepeatable(err);
          }
          throw err;
        }
      },
    { step: "finalizeRequest", name: "keylessRateLimiter", priority: "low", override: true },
  );
}

/** Only the three fields the SDK expects (it would read an `expiration` field as a Date). */
function explicitCredentials(c: NonNullable<AwsClientOptions["credentials"]>) {
  const { accessKeyId, secretAccessKey, sessionToken } = c;
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

export async function createAwsClients(opts: AwsClientOptions): Promise<AwsClients> {
  const [sa, ids, org, sts] = await Promise.all([
    import("@aws-sdk/client-sso-admin"),
    import("@aws-sdk/client-identitystore"),
    import("@aws-sdk/client-organizations"),
    import("@aws-sdk/client-sts"),
  ]);
  const clock = opts.clock ?? realClock;
  const maxAttempts = opts.maxAttempts ?? 8;
  const config = {
    region: opts.region,
    maxAttempts,
    retryStrategy: createRetryStrategy({ maxAttempts, sleep: (ms) => clock.sleep(ms) }),
    ...(opts.credentials
      ? { credentials: explicitCredentials(opts.credentials) }
      : opts.profile
        ? { profile: opts.profile }
        : {}),
  };
  const limiter =
    opts.rateLimiter ??
    createRateLimiter({
      requestsPerSecond: opts.requestsPerSecond ?? 20,
      now: () => clock.now(),
      sleep: (ms) => clock.sleep(ms),
    });
  const counts = new Map<string, number>();
  const clients = {
    ssoAdmin: new sa.SSOAdmin(config),
    identityStore: new ids.Identitystore(config),
    organizations: new org.Organizations(config),
    sts: new sts.STS(config),
  };
  instrument(clients.ssoAdmin, "sso-admin", counts, limiter);
  instrument(clients.identityStore, "identitystore", counts, limiter);
  instrument(clients.organizations, "organizations", counts, limiter);
  instrument(clients.sts, "sts", counts, limiter);
  const backends = new Map<string, Promise<StateBackendClients>>();
  const trails = new Map<string, Promise<CloudTrail>>();
  const trailLimiter = opts.cloudTrailRateLimiter ?? createLookupRateLimiter();
  const bothLimiters: RateLimiter = {
    async take() {
      await trailLimiter.take();
      await limiter.take();
    },
    throttled() {
      trailLimiter.throttled?.();
      limiter.throttled?.();
    },
  };
  const openTrail = async (region: string): Promise<CloudTrail> => {
    const ct = await import("@aws-sdk/client-cloudtrail");
    const client = new ct.CloudTrail({ ...config, region });
    instrument(client, "cloudtrail", counts, bothLimiters);
    return client;
  };
  const openBackend = async (region: string): Promise<StateBackendClients> => {
    const [s3, ddb, kms] = await Promise.all([
      import("@aws-sdk/client-s3"),
      import("@aws-sdk/client-dynamodb"),
      import("@aws-sdk/client-kms"),
    ]);
    const regional = { ...config, region };
    const out = {
      region,
      clock,
      s3: new s3.S3({ ...regional, forcePathStyle: s3PathStyle() }),
      dynamodb: new ddb.DynamoDB(regional),
      kms: new kms.KMS(regional),
    };
    instrument(out.s3, "s3", counts, limiter);
    instrument(out.dynamodb, "dynamodb", counts, limiter);
    instrument(out.kms, "kms", counts, limiter);
    return out;
  };
  const iamClients: IAM[] = [];
  const openIam = async (credentials?: AwsClientOptions["credentials"]): Promise<IAM> => {
    const sdk = await import("@aws-sdk/client-iam");
    const client = new sdk.IAM({
      ...config,
      ...(credentials ? { credentials: explicitCredentials(credentials) } : {}),
    });
    instrument(client, "iam", counts, limiter);
    iamClients.push(client);
    return client;
  };
  return {
    region: opts.region,
    clock,
    ...clients,
    iam: openIam,
    stateBackend(region) {
      let p = backends.get(region);
      if (!p) {
        p = openBackend(region);
        backends.set(region, p);
      }
      return p;
    },
    cloudTrail(region) {
      let p = trails.get(region);
      if (!p) {
        p = openTrail(region);
        trails.set(region, p);
      }
      return p;
    },
    callCounts: () => Object.fromEntries([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1))),
    destroy() {
      for (const c of Object.values(clients)) c.destroy();
      for (const p of backends.values()) {
        void p.then((b) => {
          b.s3.destroy();
          b.dynamodb.destroy();
          b.kms.destroy();
        });
      }
      for (const p of trails.values()) void p.then((c) => c.destroy());
      for (const c of iamClients) c.destroy();
    },
  };
}
