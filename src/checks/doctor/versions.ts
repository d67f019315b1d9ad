/**
 * Version numbers of the local tools and the releases that matter to keyless:
 * - AWS CLI v2 reads `[sso-session]` profiles from 2.9.0; CLI v1 from botocore 1.29.10;
 * - Terraform's S3 backend resolves sso-session profiles from 1.6.0 (aws-sdk-go-base v2) and locks
 *   with a lockfile in the bucket (`use_lockfile`) from 1.10.0.
 */
export type Version = readonly [number, number, number];

export const AWS_CLI_V2_SSO_SESSION: Version = [2, 9, 0];
export const BOTOCORE_SSO_SESSION: Version = [1, 29, 10];
export const TERRAFORM_SSO_SESSION: Version = [1, 6, 0];
export const TERRAFORM_LOCKFILE: Version = [1, 10, 0];

/** "1.10.0", "v1.6.0-beta1", "2.9" → [1, 10, 0]; undefined when there is no number. */
export function parseVersion(text: string): Version | undefined {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}

export function atLeast(v: Version, min: Version): boolean {
  return compareVersions(v, min) >= 0;
}

export function showVersion(v: Version): string {
  return v.join(".");
}

/** `aws --version`: `aws-cli/2.15.0 Python/3.11.6 ...` or `aws-cli/1.29.0 Python/3.8 ... botocore/1.31.0`. */
export function parseAwsCliVersion(output: string): { cli: Version; botocore?: Version } | undefined {
  const cli = /aws-cli\/(\S+)/.exec(output);
  const version = cli ? parseVersion(cli[1] as string) : undefined;
  if (!version) return undefined;
  const bc = /botocore\/(\S+)/.exec(output);
  const botocore = bc ? parseVersion(bc[1] as string) : undefined;
  return botocore ? { cli: version, botocore } : { cli: version };
}

/** `terraform version -json` (0.13+), falling back to the text form `Terraform v0.12.31`. */
export function parseTerraformVersion(output: string): Version | undefined {
  try {
    const v = (JSON.parse(output) as { terraform_version?: unknown }).terraform_version;
    if (typeof v === "string") return parseVersion(v);
  } catch {
    // not JSON: an old Terraform without -json
  }
  const m = /Terraform v(\S+)/.exec(output);
  return m ? parseVersion(m[1] as string) : undefined;
}
