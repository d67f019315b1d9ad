/**
 * The static-credentials check reuses `keyless scan`'s environment and ~/.aws checks (src/checks/scan),
 * so doctor and scan never disagree about what a credential is or how bad it is. This file is the only
 * place that names the scan's modules.
 */
import {
  FIXES,
  type Finding,
  isFailing,
  type ScanProblem,
  scanAwsFiles,
  scanEnvironment,
  shownLocation,
} from "../scan/index.ts";

export type { Finding as ScanFinding, ScanProblem } from "../scan/index.ts";

export interface ScanPort {
  scanEnvironment(env: Record<string, string | undefined>): Promise<Finding[]>;
  /** Findings in ~/.aws/credentials and ~/.aws/config; files that exist but cannot be read go to `problems`. */
  scanAwsFiles(
    env: Record<string, string | undefined>,
    home: string,
    problems: ScanProblem[],
  ): Promise<Finding[]>;
}

export const realScanPort: ScanPort = {
  scanEnvironment: async (env) => scanEnvironment(env),
  scanAwsFiles: (env, home, problems) => scanAwsFiles(env, home, problems),
};

/** True when `keyless scan` would fail on the finding (long-term keys; temporary ones written to files). */
export const scanFails = isFailing;

/** `env:AWS_ACCESS_KEY_ID` or `~/.aws/credentials:2:1`. */
export function findingLocation(f: Finding, home: string): string {
  return shownLocation(f, home, home);
}

/** The scan's fix for the finding's kind. */
export function findingFix(f: Finding): string {
  return FIXES[f.kind];
}
