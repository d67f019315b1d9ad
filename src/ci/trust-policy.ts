/**
 * The trust policy of a CI role: who may call sts:AssumeRoleWithWebIdentity on it. Pure: the role as
 * keyless.yaml declares it (already validated, docs/ci.md), the provider, and the account and
 * partition it is created in.
 *
 * - The principal is the IAM OIDC provider of that account (`oidc-provider/HOST`), never `*`.
 * - `aud` is always required (StringEquals): a token minted for another service is refused.
 * - `sub` lists one subject per declared branch, tag, environment (and `pull_request`), all inside
 *   the one declared repository. StringEquals when no value has a wildcard; StringLike only when a
 *   declared pattern has one (IAM ANDs operators, so one key cannot be split across both).
 * - GitHub `workflows` add a `job_workflow_ref` condition: only those workflow files may assume it.
 */
import type { DesiredCiProvider, DesiredCiRole } from "../engine/model.ts";
import { issuerHost } from "./providers.ts";

export interface TrustStatement {
  Sid: string;
  Effect: "Allow";
  Principal: { Federated: string };
  Action: "sts:AssumeRoleWithWebIdentity";
  Condition: Record<string, Record<string, string | string[]>>;
}

export interface TrustPolicy {
  Version: "2012-10-17";
  Statement: TrustStatement[];
}

/** The `sub` claims the role admits, as IAM condition values (`*` a wildcard). */
export function subjects(role: DesiredCiRole): string[] {
  const repo = role.repository;
  if (role.provider === "gitlab") {
    return [
      ...role.branches.map((b) => `project_path:${repo}:ref_type:branch:ref:${b}`),
      ...role.gitTags.map((t) => `project_path:${repo}:ref_type:tag:ref:${t}`),
    ];
  }
  return [
    ...role.branches.map((b) => `repo:${repo}:ref:refs/heads/${b}`),
    ...role.gitTags.map((t) => `repo:${repo}:ref:refs/tags/${t}`),
    ...role.environments.map((e) => `repo:${repo}:environment:${e}`),
    ...(role.pullRequests ? [`repo:${repo}:pull_request`] : []),
  ];
}

/**
 * The `job_workflow_ref` values: a path in the role's own repository admits that file at any ref
 * (the ref is already bounded by `sub`); `OWNER/REPO/PATH@REF` names a reusable workflow exactly.
 */
export function workflowRefs(role: DesiredCiRole): string[] {
  return role.workflows.map((w) => (w.includes("@") ? w : `${role.repository}/${w}@*`));
}

export function oidcProviderArn(provider: DesiredCiProvider, accountId: string, partition: string): string {
  return `arn:${partition}:iam::${accountId}:oidc-provider/${issuerHost(provider.url)}`;
}

const one = (values: string[]): string | string[] => (values.length === 1 ? values[0]! : values);
const hasWildcard = (values: string[]): boolean => values.some((v) => v.includes("*"));

export function trustPolicy(
  role: DesiredCiRole,
  provider: DesiredCiProvider,
  accountId: string,
  partition = "aws",
): TrustPolicy {
  const host = issuerHost(provider.url);
  const equals: Record<string, string | string[]> = { [`${host}:aud`]: provider.audience };
  const like: Record<string, string | string[]> = {};
  const add = (key: string, values: string[]) => {
    if (values.length === 0) return;
    (hasWildcard(values) ? like : equals)[`${host}:${key}`] = one(values);
  };
  add("sub", subjects(role));
  add("job_workflow_ref", workflowRefs(role));
  const Condition: TrustStatement["Condition"] = { StringEquals: equals };
  if (Object.keys(like).length > 0) Condition.StringLike = like;
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: role.provider === "github" ? "GitHubActions" : "GitLabCI",
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn(provider, accountId, partition) },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition,
      },
    ],
  };
}
