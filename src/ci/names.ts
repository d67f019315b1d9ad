/**
 * What may stand in a CI role's `repository`, `branches`, `tags`, `environments` and `workflows`. These
 * become parts of the token's `sub` (and `job_workflow_ref`) that the trust policy compares, so a
 * value that could match more than intended is refused here, with what to write instead:
 *
 * - the repository is exactly one: no wildcard anywhere in it (in the owner it would admit every
 *   owner's repository of that name, forks included), the shape GitHub or GitLab uses;
 * - `*` is the one wildcard in refs and environments (StringLike); `?` is refused, since IAM reads it
 *   as "any one character" and git never puts it in a ref name;
 * - `${` is refused: IAM would read it as a policy variable;
 * - `:` is refused: it separates the parts of `sub`, and git refs cannot hold it.
 */
import type { CiProviderKind } from "../engine/model.ts";

const GITHUB_REPO = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
const GITLAB_PROJECT = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_.][A-Za-z0-9_.-]*)+$/;

export function repositoryProblem(provider: CiProviderKind, repo: string): string | undefined {
  const shape =
    provider === "github" ? "OWNER/REPO (e.g. acme/infra)" : "GROUP/PROJECT (e.g. acme/platform/infra)";
  const parts = repo.split("/");
  const wild = (s: string) => /[*?]/.test(s);
  if (wild(parts[0] ?? "")) {
    const owner = provider === "github" ? "owner" : "group";
    return `"${repo}" has a wildcard in the ${owner}: it would admit a repository of that name under any ${owner}, a stranger's fork included; write the ${owner} exactly, as ${shape}`;
  }
  if (parts.slice(1).some(wild)) {
    return `"${repo}" is broader than one repository: a CI role trusts exactly one; write ${shape}, and declare one role per repository`;
  }
  if (!(provider === "github" ? GITHUB_REPO : GITLAB_PROJECT).test(repo)) {
    return `"${repo}" is not a ${provider === "github" ? "GitHub repository" : "GitLab project path"}; write ${shape}`;
  }
  return undefined;
}

/** Why `value` cannot be a branch, tag or environment pattern; undefined when it can. */
export function refPatternProblem(what: "branch" | "tag" | "environment", value: string): string | undefined {
  const shown = JSON.stringify(value);
  if (value === "") return `${what} names must not be empty`;
  if (value.includes("?")) {
    return `${what} ${shown} has "?", which IAM matches as any one character; use * as the only wildcard`;
  }
  if (value.includes("${"))
    return `${what} ${shown} has "\${", which IAM reads as a policy variable; remove it`;
  if (value.includes(":"))
    return `${what} ${shown} has ":", which separates the parts of the token's sub claim; remove it`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f\s]/.test(value))
    return `${what} ${shown} has a space or control character; remove it`;
  if (/[^\u0020-\u00ff]/u.test(value))
    return `${what} ${shown} has a character outside Latin-1, which an IAM policy cannot hold`;
  if (what !== "environment") {
    if (value.startsWith("refs/")) {
      return `${what} ${shown} is a full ref; write the ${what} name alone (keyless adds refs/${what === "branch" ? "heads" : "tags"}/)`;
    }
    if (/[~^[\\]|\.\.|@\{|\/\/|^[-/.]|[/.]$|\.lock$/.test(value)) {
      return `${what} ${shown} is not a git ref name (no ~ ^ [ \\ .. @{ //, no leading - / . and no trailing / . or .lock)`;
    }
  }
  return undefined;
}

const WORKFLOW_PATH = /^\.github\/workflows\/[A-Za-z0-9._/-]+\.ya?ml$/;
const WORKFLOW_REF =
  /^([A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+)\/(\.github\/workflows\/[A-Za-z0-9._/-]+\.ya?ml)@(.+)$/;

/** `.github/workflows/terraform.yml` (this repository) or `OWNER/REPO/.github/workflows/x.yml@REF` (a reusable workflow). */
export function workflowProblem(value: string): string | undefined {
  if (/[*?]/.test(value.split("@")[0] ?? "")) {
    return `workflow "${value}" has a wildcard in its repository or path; name the workflow file exactly`;
  }
  if (WORKFLOW_PATH.test(value)) return undefined;
  const m = WORKFLOW_REF.exec(value);
  if (m) {
    const refProblem = /[?:\s]|\$\{/.test(m[3]!) ? "its ref has ? : ${ or a space" : undefined;
    return refProblem
      ? `workflow "${value}": ${refProblem}; write @refs/heads/BRANCH or @refs/tags/TAG`
      : undefined;
  }
  return `"${value}" is not a workflow; write .github/workflows/FILE.yml (a workflow of this repository) or OWNER/REPO/.github/workflows/FILE.yml@refs/heads/main (a reusable workflow)`;
}
