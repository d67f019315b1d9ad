/**
 * `keyless audit --ci`: one CloudTrail `AssumeRoleWithWebIdentity` event into a keyless CI role (a role
 * under `/keyless/ci/`), as AWS records it (IAM user guide, "Example web identity AWS STS API event"):
 * - `userIdentity` is `{ type: "WebIdentityUser", principalId: "PROVIDER_ARN:AUD:SUB", userName: SUB,
 *   identityProvider: "arn:aws:iam::ACCOUNT:oidc-provider/HOST" }`;
 * - `requestParameters` has `roleArn`, `roleSessionName`, `durationSeconds`;
 * - `responseElements` (success only) has `subjectFromWebIdentityToken` (the sub), `audience`,
 *   `provider`, and the session's `assumedRoleUser`; never the secret key.
 * Of the token's claims CloudTrail keeps only `sub` and `aud`: the repository and ref (branch, tag,
 * environment or pull request) come from `sub`; the workflow file (`job_workflow_ref`) is not recorded.
 * The role session name that `keyless ci workflow` sets (`keyless-RUN-ATTEMPT` on GitHub,
 * `keyless-PIPELINE-JOB` on GitLab) leads to the run instead.
 */
import { parseCiRoleArn } from "../../ci/role-arn.ts";

export interface CiAuditRecord {
  time: string;
  accountId: string;
  role: string;
  roleArn: string;
  /** `github`, `gitlab` or the issuer host for another provider. */
  provider: string;
  /** The token's `sub`; undefined when the event does not record it. */
  subject?: string;
  repository?: string;
  /** `branch:main`, `tag:v1`, `environment:production`, `pull_request`. */
  ref?: string;
  audience?: string;
  sessionName?: string;
  /** The CI run the session name points at, when keyless wrote the job. */
  run?: string;
  outcome: "success" | "failure";
  errorCode?: string;
  errorMessage?: string;
  sourceIp: string;
  eventId: string;
}

export type CiParse =
  | { status: "record"; record: CiAuditRecord }
  | { status: "skipped"; reason: "not-keyless" | "other-event" }
  | { status: "problem"; message: string; eventId?: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** The repository and ref in a GitHub or GitLab `sub` (their default formats). */
export function subjectParts(sub: string): { repository?: string; ref?: string } {
  const gh =
    /^repo:([^:]+):(?:ref:refs\/heads\/(.+)|ref:refs\/tags\/(.+)|environment:(.+)|(pull_request))$/.exec(sub);
  if (gh) {
    const ref = gh[2]
      ? `branch:${gh[2]}`
      : gh[3]
        ? `tag:${gh[3]}`
        : gh[4]
          ? `environment:${gh[4]}`
          : "pull_request";
    return { repository: gh[1]!, ref };
  }
  const gl = /^project_path:([^:]+):ref_type:(branch|tag):ref:(.+)$/.exec(sub);
  if (gl) return { repository: gl[1]!, ref: `${gl[2]}:${gl[3]}` };
  const repo = /^(?:repo|project_path):([^:]+):/.exec(sub);
  return repo ? { repository: repo[1]! } : {};
}

function providerOf(identityProvider: string | undefined): { kind: string; host?: string } {
  const host = identityProvider?.replace(/^arn:[^:]+:iam::\d{12}:oidc-provider\//, "");
  if (host === undefined) return { kind: "unknown" };
  if (host === "token.actions.githubusercontent.com") return { kind: "github", host };
  if (/gitlab/i.test(host)) return { kind: "gitlab", host };
  return { kind: host, host };
}

/** The run behind a session name `keyless ci workflow` set. */
function runOf(
  kind: string,
  host: string | undefined,
  repository: string | undefined,
  session: string | undefined,
) {
  if (!session || !repository) return undefined;
  const m = /^keyless-(\d+)-(\d+)$/.exec(session);
  if (!m) return undefined;
  if (kind === "github") return `https://github.com/${repository}/actions/runs/${m[1]}/attempts/${m[2]}`;
  if (kind === "gitlab" && host) return `https://${host}/${repository}/-/jobs/${m[2]}`;
  return undefined;
}

export function parseCiEvent(raw: {
  eventId?: string | undefined;
  cloudTrailEvent?: string | undefined;
}): CiParse {
  let event: unknown;
  try {
    event = JSON.parse(raw.cloudTrailEvent ?? "");
  } catch {
    return {
      status: "problem",
      message: "CloudTrailEvent is not valid JSON",
      ...(raw.eventId ? { eventId: raw.eventId } : {}),
    };
  }
  if (!isObj(event)) return { status: "problem", message: "CloudTrailEvent is not a JSON object" };
  const eventId = str(event.eventID) ?? raw.eventId;
  if (event.eventName !== "AssumeRoleWithWebIdentity" || event.eventSource !== "sts.amazonaws.com") {
    return { status: "skipped", reason: "other-event" };
  }
  const params = isObj(event.requestParameters) ? event.requestParameters : {};
  const roleArn = str(params.roleArn);
  const role = roleArn ? parseCiRoleArn(roleArn) : undefined;
  if (!roleArn || !role) return { status: "skipped", reason: "not-keyless" };
  const time = Date.parse(String(event.eventTime));
  if (Number.isNaN(time)) {
    return {
      status: "problem",
      message: `eventTime "${String(event.eventTime)}" is not a time`,
      ...(eventId ? { eventId } : {}),
    };
  }
  const identity = isObj(event.userIdentity) ? event.userIdentity : {};
  const response = isObj(event.responseElements) ? event.responseElements : {};
  const subject = str(response.subjectFromWebIdentityToken) ?? str(identity.userName);
  const provider = providerOf(str(identity.identityProvider) ?? str(response.provider));
  const { repository, ref } = subject ? subjectParts(subject) : {};
  const sessionName = str(params.roleSessionName);
  const errorCode = str(event.errorCode);
  const errorMessage = str(event.errorMessage);
  const run = runOf(provider.kind, provider.host, repository, sessionName);
  const audience = str(response.audience);
  const record: CiAuditRecord = {
    time: new Date(time).toISOString().replace(/\.000Z$/, "Z"),
    accountId: role.accountId,
    role: role.name,
    roleArn,
    provider: provider.kind,
    ...(subject ? { subject } : {}),
    ...(repository ? { repository } : {}),
    ...(ref ? { ref } : {}),
    ...(audience ? { audience } : {}),
    ...(sessionName ? { sessionName } : {}),
    ...(run ? { run } : {}),
    outcome: errorCode ? "failure" : "success",
    ...(errorCode ? { errorCode } : {}),
    ...(errorMessage ? { errorMessage } : {}),
    sourceIp: str(event.sourceIPAddress) ?? "",
    eventId: eventId ?? "",
  };
  return { status: "record", record };
}
