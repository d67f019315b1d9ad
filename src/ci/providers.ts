/**
 * The CI identity providers keyless knows, their defaults, and what an issuer URL becomes in IAM: the
 * OIDC provider ARN names the issuer without `https://`, and the trust policy's condition keys are
 * that same host (and path) followed by `:sub`, `:aud`, `:job_workflow_ref`.
 */
import type { CiProviderKind } from "../engine/model.ts";

export const CI_PROVIDER_KINDS: readonly CiProviderKind[] = ["github", "gitlab"];

/** GitHub Actions' issuer and the audience the official aws-actions/configure-aws-credentials requests. */
export const GITHUB_DEFAULT_URL = "https://token.actions.githubusercontent.com";
export const GITHUB_DEFAULT_AUDIENCE = "sts.amazonaws.com";
/** GitLab.com's issuer; GitLab's AWS guide uses the instance URL as the audience (`id_tokens: aud`). */
export const GITLAB_DEFAULT_URL = "https://gitlab.com";

/** The IAM path of every role keyless creates for CI: the prune scope never reaches outside it. */
export const CI_ROLE_PATH = "/keyless/ci/";
/**
 * The ownership tag of a CI role (config's MANAGED_BY_TAG, the same for every kind): a role keyless
 * writes must be under CI_ROLE_PATH and carry it. Here so that engine/ and aws/ need not import config/.
 */
export const CI_OWNER_TAG = { key: "managed-by", value: "keyless" } as const;
/** Tag naming the role it marks, next to managed-by: keyless (information for humans, as for permission sets). */
export const CI_ROLE_TAG = "keyless:ci-role";

export function defaultUrl(kind: CiProviderKind): string {
  return kind === "github" ? GITHUB_DEFAULT_URL : GITLAB_DEFAULT_URL;
}

export function defaultAudience(kind: CiProviderKind, url: string): string {
  return kind === "github" ? GITHUB_DEFAULT_AUDIENCE : url;
}

/** `https://gitlab.example.com/` → `https://gitlab.example.com`: IAM stores the URL without the slash. */
export function canonicalUrl(url: string): string {
  const noSlash = url.replace(/\/+$/, "");
  const m = /^https:\/\/([^/]+)(.*)$/i.exec(noSlash);
  return m ? `https://${m[1]!.toLowerCase()}${m[2]}` : noSlash;
}

/** The issuer as IAM names it: `token.actions.githubusercontent.com`, `gitlab.example.com/gitlab`. */
export function issuerHost(url: string): string {
  return canonicalUrl(url).replace(/^https:\/\//i, "");
}

/**
 * Why `url` cannot be an issuer IAM trusts, or undefined. IAM requires https; a query, fragment,
 * user or port would never match the token's `iss` claim.
 */
export function issuerUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL; write the issuer like https://gitlab.example.com`;
  }
  if (parsed.protocol !== "https:") {
    return `the issuer URL must use https (IAM refuses any other scheme, and a token fetched over ${parsed.protocol.replace(":", "")} could be forged in transit); write https://${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`;
  }
  if (parsed.username || parsed.password || parsed.port || parsed.search || parsed.hash) {
    return `"${url}" must be the bare issuer URL (no user, port, query or fragment), as the token's iss claim names it`;
  }
  return undefined;
}
