/**
 * What `keyless ci workflow` writes, decided from keyless.yaml alone (no AWS call): which role the
 * default-branch job assumes and how (branch, GitHub environment), which role plans pull / merge
 * requests (if one is declared for them), the account and region. Every choice is checked against the
 * role's trust policy as keyless renders it, so the written workflow presents a token the role admits:
 * a workflow that IAM would refuse is refused here, with what to change.
 */
import type { Desired, DesiredCiRole } from "../engine/model.ts";
import { KeylessError } from "../errors/keyless-error.ts";
import { GITHUB_DEFAULT_URL } from "./providers.ts";
import { ciRoleArn, partitionOfRegion } from "./role-arn.ts";

export interface WorkflowRequest {
  role: string;
  planRole?: string | undefined;
  account?: string | undefined;
  /** The Terraform directory, relative to the repository root ("." for the root). */
  dir: string;
  region?: string | undefined;
  branch?: string | undefined;
  environment?: string | undefined;
  /** The workflow file, relative to the repository root (posix), when given with --out. */
  out?: string | undefined;
  /** --gitlab: the caller expects a GitLab CI job. */
  gitlab?: boolean | undefined;
}

export interface WorkflowRole {
  name: string;
  arn: string;
}

export interface WorkflowSpec {
  provider: "github" | "gitlab";
  /** The `aud` the job's token must carry (GitLab `id_tokens`; GitHub's action requests its own default). */
  audience: string;
  /** The issuer URL (GitLab self-managed instances differ from gitlab.com). */
  issuer: string;
  repository: string;
  accountId: string;
  accountName?: string;
  region: string;
  dir: string;
  /** The default-branch job. `applies` false: the role cannot apply, so the job only plans. */
  main: WorkflowRole & { branch: string; environment?: string; applies: boolean };
  /** The pull / merge request job, when a role admits them. */
  review?: WorkflowRole;
  /** Where the workflow goes, relative to the repository root. */
  out: string;
  /** Said to the user on stderr (and in --json): choices made and what the workflow cannot enforce. */
  notes: string[];
}

const usage = (message: string, hint: string) => new KeylessError("USAGE", message, { hint });

/** IAM's StringLike `*` (keyless refuses `?` in refs): does `value` match `pattern`? */
export function matchesPattern(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`);
  return re.test(value);
}
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const literal = (values: string[]): string | undefined => values.find((v) => !v.includes("*"));

function findRole(desired: Desired, name: string, flag: string): DesiredCiRole {
  const roles = desired.ci?.roles ?? [];
  const role = roles.find((r) => r.name === name);
  if (role) return role;
  const known = roles.map((r) => r.name);
  throw usage(
    `${flag} ${JSON.stringify(name)}: keyless.yaml declares no CI role of that name`,
    known.length > 0
      ? `Declared CI roles: ${known.join(", ")}.`
      : "Declare one under ci.roles in keyless.yaml first (docs/ci.md).",
  );
}

function targetsText(role: DesiredCiRole): string {
  return role.targets
    .map((t) => (t.kind === "account" ? `${t.name} (${t.accountId})` : `ou:${t.name}`))
    .join(", ");
}

/** The account the workflow runs in: one of the role's targets (or, for OU targets, an account named in the file). */
function resolveAccount(
  desired: Desired,
  role: DesiredCiRole,
  given: string | undefined,
  notes: string[],
): { accountId: string; accountName?: string } {
  const accounts = role.targets.filter((t) => t.kind === "account");
  const ous = role.targets.filter((t) => t.kind === "ou");
  if (given === undefined) {
    if (accounts.length === 1 && ous.length === 0) {
      return { accountId: accounts[0]!.accountId, accountName: nameOf(desired, accounts[0]!.accountId) };
    }
    throw usage(
      `which account? CI role "${role.name}" is created in ${targetsText(role)}`,
      "Pass --account with an account name from keyless.yaml or a 12-digit account id.",
    );
  }
  const hit = accounts.find((t) => t.name === given || t.accountId === given);
  if (hit) return { accountId: hit.accountId, accountName: nameOf(desired, hit.accountId) };
  const id = desired.accounts[given] ?? (/^\d{12}$/.test(given) ? given : undefined);
  if (id !== undefined && ous.length > 0) {
    notes.push(
      `CI role "${role.name}" targets ${ous.map((o) => `ou:${o.name}`).join(", ")}: keyless cannot check offline that account ${given} (${id}) is in it; \`keyless plan\` shows the accounts the role is created in`,
    );
    return { accountId: id, accountName: nameOf(desired, id) };
  }
  throw usage(
    `CI role "${role.name}" is not created in account ${JSON.stringify(given)}: its accounts are ${targetsText(role)}`,
    `Pass one of them with --account, or add the account to ci.roles.${role.name}.accounts in keyless.yaml.`,
  );
}

function nameOf(desired: Desired, accountId: string): string | undefined {
  return Object.entries(desired.accounts).find(([, id]) => id === accountId)?.[0];
}

/** An OU target may hold the account (keyless cannot tell offline), so it counts. */
function targetsAccount(role: DesiredCiRole, accountId: string): boolean {
  return role.targets.some((t) => t.kind === "ou" || t.accountId === accountId);
}

/** Whether `role` can serve pull requests (GitHub) or merge requests (GitLab: any branch) read-only. */
function reviewsChanges(role: DesiredCiRole): boolean {
  if (role.canApply) return false;
  return role.provider === "github" ? role.pullRequests : role.branches.includes("*");
}

function defaultOut(provider: "github" | "gitlab", dir: string, main: DesiredCiRole): string {
  const local = main.workflows.find((w) => !w.includes("@"));
  if (provider === "github" && local !== undefined) return local;
  const slug = dir === "." ? "" : `-${dir.replace(/\//g, "-")}`;
  return provider === "github"
    ? `.github/workflows/terraform${slug}.yml`
    : `.gitlab/ci/terraform${slug}.gitlab-ci.yml`;
}

/** GitHub `workflows` (job_workflow_ref): the written file must be one the role admits. */
function checkWorkflowFile(role: DesiredCiRole, out: string): void {
  if (role.workflows.length === 0) return;
  const local = role.workflows.filter((w) => !w.includes("@"));
  if (local.includes(out)) return;
  throw usage(
    `CI role "${role.name}" admits only the workflow(s) ${role.workflows.join(", ")} (job_workflow_ref): a job in ${out} could not assume it`,
    local.length > 0
      ? `Write the workflow there (--out ${local[0]}), or add ${out} to ci.roles.${role.name}.workflows.`
      : `keyless ci workflow writes a workflow of this repository; add ${out} to ci.roles.${role.name}.workflows.`,
  );
}

export function resolveWorkflow(desired: Desired, req: WorkflowRequest): WorkflowSpec {
  const notes: string[] = [];
  const main = findRole(desired, req.role, "--role");
  const provider = main.provider;
  if (req.gitlab && provider !== "gitlab") {
    throw usage(
      `--gitlab: CI role "${main.name}" trusts GitHub Actions tokens (provider: github); a GitLab job cannot assume it`,
      "Drop --gitlab to write a GitHub Actions workflow, or pass a role whose provider is gitlab.",
    );
  }
  const providerSpec = desired.ci?.providers.find((p) => p.kind === provider);
  const { accountId, accountName } = resolveAccount(desired, main, req.account, notes);
  const region = req.region ?? desired.stateBackend?.region ?? desired.identityCenter.region;
  const partition = partitionOfRegion(region);

  // The default-branch job: a GitHub environment when the role admits one (its sub is then the
  // environment's), else the branch itself.
  if (provider === "gitlab" && req.environment !== undefined) {
    throw usage(
      "--environment: GitLab's token carries no environment in its sub, so IAM cannot require one",
      "Drop --environment; limit the role to a protected branch instead.",
    );
  }
  let environment: string | undefined;
  if (provider === "github") {
    if (req.environment !== undefined) {
      if (!main.environments.some((p) => matchesPattern(p, req.environment!))) {
        throw usage(
          `CI role "${main.name}" does not admit environment ${JSON.stringify(req.environment)} (its environments: ${main.environments.join(", ") || "none"})`,
          `Pass one it admits, or add it to ci.roles.${main.name}.environments.`,
        );
      }
      environment = req.environment;
    } else {
      environment = literal(main.environments);
    }
  }
  const branch = req.branch ?? literal(main.branches) ?? "main";
  if (environment === undefined && !main.branches.some((p) => matchesPattern(p, branch))) {
    throw usage(
      main.branches.length === 0
        ? `CI role "${main.name}" admits no branch${provider === "github" ? " or environment" : ""}: a job on the default branch cannot assume it`
        : `CI role "${main.name}" does not admit branch ${JSON.stringify(branch)} (its branches: ${main.branches.join(", ")})`,
      `Pass --branch with a branch it admits, or add branches (or, on GitHub, environments) to ci.roles.${main.name}.`,
    );
  }
  if (main.canApply && provider === "github" && environment === undefined) {
    notes.push(
      `CI role "${main.name}" admits no environment: the apply job runs on ${branch} without one, so no reviewer approves an apply; add environments: [production] to the role and required reviewers to the environment`,
    );
  }
  if (!main.canApply) {
    notes.push(
      `CI role "${main.name}" cannot apply (its policies grant no write): the ${branch} job only plans`,
    );
  }

  // The pull / merge request job: a read-only role of the same repository in the same account.
  const candidates = (desired.ci?.roles ?? []).filter(
    (r) =>
      r.name !== main.name &&
      r.provider === provider &&
      r.repository === main.repository &&
      reviewsChanges(r) &&
      targetsAccount(r, accountId),
  );
  let review: DesiredCiRole | undefined;
  if (req.planRole !== undefined) {
    review = findRole(desired, req.planRole, "--plan-role");
    if (review.provider !== provider || review.repository !== main.repository) {
      throw usage(
        `--plan-role "${review.name}" trusts ${review.provider} ${review.repository}, not ${provider} ${main.repository}`,
        "Pass a role of the same provider and repository as --role.",
      );
    }
    if (!reviewsChanges(review)) {
      throw usage(
        review.canApply
          ? `--plan-role "${review.name}" can apply: a ${provider === "github" ? "pull" : "merge"} request must never get a role that writes`
          : provider === "github"
            ? `--plan-role "${review.name}" does not admit pull requests (pullRequests: true)`
            : `--plan-role "${review.name}" does not admit merge-request pipelines, which run on their source branch (branches: ["*"])`,
        "Declare a read-only role for reviews (docs/ci.md), or leave out --plan-role.",
      );
    }
    if (!targetsAccount(review, accountId)) {
      throw usage(
        `--plan-role "${review.name}" is not created in account ${accountId}: its accounts are ${targetsText(review)}`,
        `Add the account to ci.roles.${review.name}.accounts.`,
      );
    }
  } else {
    review = candidates[0];
    if (review)
      notes.push(
        `${provider === "github" ? "pull" : "merge"} requests plan with CI role "${review.name}" (read-only)`,
      );
    else {
      notes.push(
        `no read-only CI role of ${main.repository} in this account admits ${provider === "github" ? "pull requests (pullRequests: true)" : 'merge requests (branches: ["*"])'}: the workflow plans and applies on ${branch} only`,
      );
    }
  }

  const out = req.out ?? defaultOut(provider, req.dir, main);
  if (provider === "github") {
    if (!/^\.github\/workflows\/[^/]+\.ya?ml$/.test(out)) {
      throw usage(
        `--out ${out}: GitHub runs only workflow files directly in .github/workflows/`,
        "Write it as .github/workflows/NAME.yml (run the command from the repository's root), or use --print.",
      );
    }
    checkWorkflowFile(main, out);
    if (review) checkWorkflowFile(review, out);
  }

  return {
    provider,
    audience: providerSpec?.audience ?? "sts.amazonaws.com",
    issuer: providerSpec?.url ?? GITHUB_DEFAULT_URL,
    repository: main.repository,
    accountId,
    ...(accountName !== undefined ? { accountName } : {}),
    region,
    dir: req.dir,
    main: {
      name: main.name,
      arn: ciRoleArn(partition, accountId, main.name),
      branch,
      ...(environment !== undefined ? { environment } : {}),
      applies: main.canApply,
    },
    ...(review ? { review: { name: review.name, arn: ciRoleArn(partition, accountId, review.name) } } : {}),
    out,
    notes,
  };
}
