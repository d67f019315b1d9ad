/**
 * What `keyless scan` reports. A finding never holds the secret itself: only a masked form fit for a
 * terminal or a CI log, and a one-way fingerprint so an accepted exception can name one credential.
 */

/**
 * `high`: a long-term credential (access key `AKIA...`, or a secret key that may belong to one).
 * `low`: a temporary credential (`ASIA...`, a session token) written down somewhere; it expires,
 * but the habit that wrote it down is the problem. `info`: temporary credentials in the environment,
 * which is how `keyless exec` and other SSO tools hand them to a process. `example`: one of the AWS
 * documentation example values (`AKIAIOSFODNN7EXAMPLE`). Only `high` and `low` fail the exit code.
 */
export type Severity = "high" | "low" | "info" | "example";

export type FindingKind =
  | "env-long-term-key"
  | "env-temporary-key"
  | "credentials-file"
  | "config-static-key"
  | "terraform-provider-static-key"
  | "terraform-backend-static-key"
  | "terraform-backend-cache-key"
  | "tfvars-secret"
  | "tfstate-secret"
  | "dotenv-secret"
  | "key-in-text"
  /** A GitHub workflow hands AWS a static key (from a secret, a variable or written in). */
  | "ci-github-static-key"
  /** A GitLab CI file hands AWS a static key (a CI/CD variable or written in). */
  | "ci-gitlab-static-key";

export type FindingLocation =
  | {
      type: "file";
      /** Absolute path of the file. */
      path: string;
      /** The scanned root the file was found under; absent for files outside the tree (~/.aws). */
      root?: string;
      /** 1-based. */
      line: number;
      /** 1-based, UTF-16 code units (as editors that index JavaScript strings). */
      column: number;
    }
  | { type: "env"; variable: string };

export interface Finding {
  kind: FindingKind;
  severity: Severity;
  location: FindingLocation;
  /** What was found, e.g. `long-term access key AKIA…WXYZ in profile [default]`. Never the secret. */
  what: string;
  /** The credential in masked form: `AKIA…WXYZ` for an access key id, `40 characters` otherwise. */
  masked: string;
  /** sha256-based, 16 hex digits, of the credential value: stable across moves, not reversible. */
  fingerprint: string;
  /** Set by the allow list: the accepted exception's reason. Allowed findings never fail the scan. */
  allowed?: { reason: string };
}

/** A path that could not be read; the rest of the scan still ran. */
export interface ScanProblem {
  path: string;
  message: string;
}

export const FAILING_SEVERITIES: ReadonlySet<Severity> = new Set<Severity>(["high", "low"]);

/** True when the finding makes `keyless scan` exit 1. */
export function isFailing(f: Finding): boolean {
  return FAILING_SEVERITIES.has(f.severity) && f.allowed === undefined;
}
