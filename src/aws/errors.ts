/**
 * Maps AWS SDK errors to KeylessError with a hint that says what to do. The operation that failed is
 * recorded by the client middleware (clients.ts), so messages can name the exact IAM action.
 * Messages are redacted: no signature, credential scope or access key ever reaches the user.
 */
import { KeylessError } from "../errors/keyless-error.ts";

const operationOf = new WeakMap<object, string>();

/** Called by the client middleware: remembers `service.Operation` for an error object. */
export function recordOperation(err: unknown, op: string): void {
  if (typeof err === "object" && err !== null && !operationOf.has(err)) operationOf.set(err, op);
}

/** `service.Operation` that raised this error, when it came through an instrumented client. */
export function operationOfError(err: unknown): string | undefined {
  return typeof err === "object" && err !== null ? operationOf.get(err) : undefined;
}

function errName(err: unknown): string {
  if (typeof err !== "object" || err === null) return "";
  const e = err as { name?: unknown; Code?: unknown; __type?: unknown };
  return String(e.name ?? e.Code ?? e.__type ?? "");
}

/** True when `err` is an AWS service error with this exception name (e.g. "ResourceNotFoundException"). */
export function isAwsError(err: unknown, name: string): boolean {
  return errName(err) === name;
}

/** Error names AWS uses for "slow down" (the SDK's list, service-error-classification). */
const THROTTLING_NAMES = new Set([
  "BandwidthLimitExceeded",
  "EC2ThrottledException",
  "LimitExceededException",
  "PriorRequestNotComplete",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ThrottledException",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "TransactionInProgressException",
]);

function httpStatus(err: unknown): number | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const status = (err as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  return typeof status === "number" ? status : undefined;
}

/** AWS refused the request to slow the caller down: it was not carried out. */
export function isThrottlingError(err: unknown): boolean {
  return httpStatus(err) === 429 || THROTTLING_NAMES.has(errName(err));
}

/** Failures before the request could reach AWS: nothing was done. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/**
 * AWS may or may not have carried out the request: it answered 5xx (an error after the change, or a
 * reply lost on the way) or did not answer at all (reset, timeout). A throttling 503 (S3 SlowDown) is
 * not unknown: the request was refused.
 */
export function isOutcomeUnknown(err: unknown): boolean {
  if (isThrottlingError(err)) return false;
  const status = httpStatus(err);
  if (status !== undefined) return status >= 500;
  if (typeof err !== "object" || err === null) return false;
  const code = String((err as { code?: unknown }).code ?? "");
  if (NOT_SENT_CODES.has(code)) return false;
  return (
    code !== "" ||
    ["TimeoutError", "RequestTimeout", "RequestTimeoutException", "AbortError"].includes(errName(err))
  );
}

const IAM_PREFIX: Record<string, string> = {
  "sso-admin": "sso",
  identitystore: "identitystore",
  organizations: "organizations",
  sts: "sts",
};

/** `sso-admin.ListPermissionSets` → `sso:ListPermissionSets` (the IAM action to grant). */
export function iamActionFor(op: string): string {
  const [service = "", action = op] = op.includes(".") ? op.split(".", 2) : ["", op];
  return `${IAM_PREFIX[service] ?? service}:${action}`;
}

/** Removes anything that looks like a signature, credential scope, access key or session token. */
export function redact(text: string): string {
  return text
    .replace(/Signature=[0-9a-fA-F]+/g, "Signature=[redacted]")
    .replace(/Credential=[^,\s]+/g, "Credential=[redacted]")
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, "[redacted-key]")
    .replace(/(X-Amz-Security-Token|x-amz-security-token)[=:]\s*[^\s&,]+/g, "$1=[redacted]");
}

const CREDENTIAL_ERRORS = new Set(["CredentialsProviderError", "TokenProviderError"]);
const EXPIRED_TOKEN = new Set(["ExpiredTokenException", "ExpiredToken", "UnrecognizedClientException"]);

/**
 * Converts any error thrown by an AWS call into a KeylessError. KeylessErrors pass through.
 * `op` overrides the recorded operation (for errors raised outside the middleware).
 */
export function toKeylessError(err: unknown, op?: string): KeylessError {
  if (err instanceof KeylessError) return err;
  const name = errName(err);
  const raw = err instanceof Error ? err.message : String(err);
  const message = redact(raw);
  const operation = op ?? operationOfError(err) ?? "an AWS call";
  const opText = operation.includes(".") ? operation.split(".", 2)[1] : operation;

  if (CREDENTIAL_ERRORS.has(name) || /Could not load credentials/i.test(raw)) {
    return new KeylessError("NO_CREDENTIALS", `No AWS credentials found for ${opText}: ${message}`, {
      hint:
        "Sign in first: run `aws sso login --profile <profile>` (or `keyless login`) and set AWS_PROFILE " +
        "to a profile of the management account (or the delegated administrator account).",
      cause: err,
    });
  }
  if (EXPIRED_TOKEN.has(name) || /security token included in the request is (expired|invalid)/i.test(raw)) {
    return new KeylessError("NO_CREDENTIALS", `AWS rejected the credentials for ${opText}: ${message}`, {
      hint: "The session has expired or the credentials are invalid: run `aws sso login` (or `keyless login`) again.",
      cause: err,
    });
  }
  if (
    name === "AccessDeniedException" ||
    name === "AccessDenied" ||
    name === "AccessDeniedForDependencyException"
  ) {
    const action = operation.includes(".") ? iamActionFor(operation) : operation;
    return new KeylessError("AWS_ACCESS_DENIED", `Access denied to ${opText}: ${message}`, {
      hint:
        `The credentials in use lack the permission ${action}. Use a role in the Identity Center ` +
        "management (or delegated administrator) account that allows it, e.g. a permission set with " +
        "AWSSSOMasterAccountAdministrator plus organizations:List*/Describe* for OU targets.",
      cause: err,
    });
  }
  if (name === "AWSOrganizationsNotInUseException") {
    return new KeylessError(
      "AWS_ERROR",
      `${opText} failed: this account is not part of an AWS Organization.`,
      {
        hint:
          "OU targets and account listing need AWS Organizations. Use credentials of the organization's " +
          "management account, or list accounts by id instead of OUs.",
        cause: err,
      },
    );
  }
  const hints: Record<string, string> = {
    ResourceNotFoundException:
      "Something keyless expected no longer exists (changed outside keyless?). Run `keyless plan` again.",
    ConflictException:
      "AWS reported a conflicting change in progress or a duplicate. Wait a moment and run `keyless plan` again.",
    ValidationException: "AWS rejected a value; check the named resource in keyless.yaml against AWS limits.",
    ThrottlingException:
      "AWS throttled the requests even after retries. Wait a minute and run the command again.",
    TooManyRequestsException:
      "AWS throttled the requests even after retries. Wait a minute and run the command again.",
    ParentNotFoundException:
      "An OU or root id in organizationalUnits does not exist in this organization; check keyless.yaml.",
    ServiceQuotaExceededException:
      "An Identity Center quota was reached; see the quotas page or ask AWS for more.",
    InternalServerException:
      "AWS had an internal error. Try again; nothing is half-applied that a new plan won't show.",
  };
  return new KeylessError("AWS_ERROR", `${opText} failed${name ? ` (${name})` : ""}: ${message}`, {
    hint:
      hints[name] ?? "Check the AWS error above; run with the same credentials in the AWS CLI to reproduce.",
    cause: err,
  });
}

/** Runs `fn` and rethrows any failure as a KeylessError. */
export async function withAwsErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toKeylessError(err);
  }
}
