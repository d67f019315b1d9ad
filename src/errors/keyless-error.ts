/**
 * The one error type users see. `message` says what is wrong (naming the file, line, value or
 * change), `hint` says what to do. The top-level handler prints both and maps `exitCode`.
 * Never put a secret in any field.
 */
export type ErrorCode =
  | "CONFIG_INVALID"
  | "CONFIG_NOT_FOUND"
  | "USAGE"
  | "AWS_ERROR"
  | "AWS_ACCESS_DENIED"
  | "NO_CREDENTIALS"
  | "IDENTITY_CENTER_NOT_ENABLED"
  | "PLAN_STALE"
  | "PLAN_INVALID"
  /** The plan has problems (e.g. an account id outside the organization): it cannot be applied. */
  | "PLAN_HAS_PROBLEMS"
  | "APPLY_FAILED"
  | "APPLY_DECLINED"
  /** No answer at a prompt (Ctrl-C, end of input): nothing was done. */
  | "CANCELLED"
  | "FILE_EXISTS"
  /** `keyless import`: the file to write exists (without --merge) or cannot be written. */
  | "OUTPUT_EXISTS"
  | "OUTPUT_NOT_WRITABLE"
  | "SESSION_TOO_SHORT"
  | "INTERNAL";

/** Documented exit codes (README "Exit codes"). */
export const EXIT = {
  OK: 0,
  ERROR: 1,
  /** plan --detailed-exitcode: changes present. */
  CHANGES: 2,
  /**
   * plan --detailed-exitcode: nothing to apply, but AWS has what keyless.yaml does not declare inside
   * the prune scope (prune candidates: access the file does not grant). A drift check must not pass.
   */
  NOT_IN_FILE: 3,
  USAGE: 64,
  CONFIG: 65,
  NO_CREDENTIALS: 67,
  STALE_PLAN: 68,
  NOT_ENABLED: 69,
  /** `keyless import`: the output file exists (without --merge) or cannot be created (sysexits EX_CANTCREAT). */
  CANT_CREATE: 73,
  /** `keyless exec`: the SSO session or role credentials have less than --min-remaining left. */
  SESSION_TOO_SHORT: 75,
} as const;

const exitCodeFor: Record<ErrorCode, number> = {
  CONFIG_INVALID: EXIT.CONFIG,
  CONFIG_NOT_FOUND: EXIT.CONFIG,
  USAGE: EXIT.USAGE,
  AWS_ERROR: EXIT.ERROR,
  AWS_ACCESS_DENIED: EXIT.ERROR,
  NO_CREDENTIALS: EXIT.NO_CREDENTIALS,
  IDENTITY_CENTER_NOT_ENABLED: EXIT.NOT_ENABLED,
  PLAN_STALE: EXIT.STALE_PLAN,
  PLAN_INVALID: EXIT.USAGE,
  PLAN_HAS_PROBLEMS: EXIT.ERROR,
  APPLY_FAILED: EXIT.ERROR,
  APPLY_DECLINED: EXIT.ERROR,
  CANCELLED: EXIT.ERROR,
  FILE_EXISTS: EXIT.ERROR,
  OUTPUT_EXISTS: EXIT.CANT_CREATE,
  OUTPUT_NOT_WRITABLE: EXIT.CANT_CREATE,
  SESSION_TOO_SHORT: EXIT.SESSION_TOO_SHORT,
  INTERNAL: EXIT.ERROR,
};

export class KeylessError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  /** Extra lines (e.g. one per config problem), printed under the message. */
  readonly details: string[];

  constructor(
    code: ErrorCode,
    message: string,
    opts: { hint?: string; cause?: unknown; details?: string[] } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "KeylessError";
    this.code = code;
    this.hint = opts.hint;
    this.details = opts.details ?? [];
  }

  get exitCode(): number {
    return exitCodeFor[this.code];
  }
}
