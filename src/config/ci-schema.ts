/**
 * keyless.yaml `ci`: the CI identity providers and the OIDC roles CI assumes (docs/ci.md). The shape
 * and single-value checks live here; checks that need other sections (accounts, the rendered policy
 * for "can apply") are in ci-semantic.ts. Built by a function taking the schema pieces it shares with
 * permission sets, so schema.ts and this file do not import each other.
 */
import { z } from "zod";
import { refPatternProblem, repositoryProblem, workflowProblem } from "../ci/names.ts";
import { issuerUrlProblem } from "../ci/providers.ts";
import { badCharacterMessage } from "./characters.ts";
import { sessionDurationProblem } from "./duration.ts";
import * as P from "./patterns.ts";

export const CI_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** IAM allows 50 tags on a role; keyless adds managed-by and keyless:ci-role. */
export const MAX_CI_ROLE_TAGS = 48;

export interface SharedPieces {
  ManagedPolicyArn: z.ZodType<string>;
  PermissionsBoundary: z.ZodType<{
    managedPolicyArn?: string | undefined;
    customerManagedPolicy?: { name: string; path?: string | undefined } | undefined;
  }>;
  StateScope: z.ZodType<string>;
  TagKey: z.ZodType<string>;
  TagValue: z.ZodType<string>;
}

const refine = (problem: (v: string) => string | undefined) =>
  z.string().superRefine((v, ctx) => {
    const message = problem(v);
    if (message) ctx.addIssue({ code: "custom", message });
  });

const Provider = z
  .strictObject({
    url: refine(issuerUrlProblem).optional().meta({
      description:
        "The issuer URL (https). GitHub default https://token.actions.githubusercontent.com, GitLab default https://gitlab.com; a self-managed GitLab's URL.",
    }),
    audience: z
      .string()
      .min(1, { error: "audience must not be empty; remove the key for the default" })
      .max(255, { error: "audience is at most 255 characters (IAM's limit for a client id)" })
      .optional()
      .meta({ description: "The token's aud. GitHub default sts.amazonaws.com; GitLab default the url." }),
  })
  .nullable()
  .meta({ description: "An OIDC provider. Empty (`github: {}` or `github:`) takes the defaults." });

const Providers = z.strictObject({ github: Provider.optional(), gitlab: Provider.optional() }).meta({
  description: "The CI systems whose tokens the roles trust: github (GitHub Actions) and gitlab (GitLab CI).",
});

const patterns = (what: "branch" | "tag" | "environment") =>
  z
    .array(refine((v) => refPatternProblem(what, v)))
    .min(1, { error: `list at least one ${what}, or remove the key` })
    .optional();

/** An IAM role name, optionally after its path: `OrganizationAccountAccessRole`, `admin/KeylessCI`. */
export const ACCESS_ROLE_NAME = /^(?:[\w+=,.@-]+\/){0,16}[\w+=,.@-]{1,64}$/;
/** sts:AssumeRole ExternalId: 2-1224 of [\w+=,.@:/-]. */
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

const AccessRoleName = z.string().regex(ACCESS_ROLE_NAME, {
  error: (iss) =>
    `"${String(iss.input)}" is not an IAM role name; write the name (optionally after its path, e.g. admin/KeylessCI), not an ARN`,
});

const AccessRole = z
  .union([
    AccessRoleName,
    z.strictObject({
      name: AccessRoleName,
      externalId: z
        .string()
        .regex(EXTERNAL_ID, {
          error: "externalId is 2-1224 characters of letters, digits and + = , . @ : / - _",
        })
        .optional(),
    }),
  ])
  .meta({
    description:
      "A role name (OrganizationAccountAccessRole), or { name, externalId } when its trust policy requires sts:ExternalId.",
  });

export function ciSchema(pieces: SharedPieces) {
  const TagKey = pieces.TagKey.refine((k) => !k.startsWith("keyless:"), {
    error: 'keys starting with "keyless:" are set by keyless; remove this tag',
  });
  const Role = z
    .strictObject({
      description: z
        .string()
        .min(1, { error: "description must not be empty; remove the key instead" })
        .max(1000, { error: "description is at most 1000 characters (IAM's limit)" })
        .superRefine((v, ctx) => {
          const message = badCharacterMessage("description", v, P.PERMISSION_SET_DESCRIPTION_CHARS);
          if (message) ctx.addIssue({ code: "custom", message });
        })
        .optional(),
      provider: z
        .enum(["github", "gitlab"], {
          error: (iss) =>
            iss.input === undefined
              ? 'missing required key "provider"; write provider: github or provider: gitlab'
              : `unknown provider ${JSON.stringify(iss.input)}; keyless supports github (GitHub Actions) and gitlab (GitLab CI)`,
        })
        .meta({ description: "github or gitlab, declared under ci.providers." }),
      repository: z.string().meta({
        description:
          "Exactly one repository: GitHub OWNER/REPO, GitLab GROUP/PROJECT (subgroups allowed). No wildcards.",
      }),
      branches: patterns("branch").meta({
        description: "Branch names (* a wildcard) whose runs may assume the role.",
      }),
      gitTags: patterns("tag").meta({
        description: "Git tag names (* a wildcard) whose runs may assume the role (tags is for AWS tags).",
      }),
      environments: patterns("environment").meta({
        description: "GitHub environments (with their own protection rules) whose jobs may assume the role.",
      }),
      pullRequests: z.boolean().optional().meta({
        description:
          "GitHub: pull_request runs may assume the role. Refused for a role that can apply. Default false.",
      }),
      workflows: z
        .array(refine(workflowProblem))
        .min(1, { error: "list at least one workflow, or remove the key" })
        .optional()
        .meta({
          description:
            "GitHub: only these workflow files may assume the role (job_workflow_ref): .github/workflows/x.yml or OWNER/REPO/.github/workflows/x.yml@REF.",
        }),
      accounts: z
        .array(z.string())
        .min(1, { error: "list at least one account (NAME, account:NAME, ou:NAME or a 12-digit id)" })
        .meta({
          description:
            "Where the role is created: account names, account:NAME, ou:NAME, or quoted 12-digit ids.",
        }),
      preset: z
        .string()
        .min(1, { error: "preset must not be empty; remove the key instead" })
        .optional()
        .meta({
          description: "A catalog preset rendered as the role's inline policy, as for permission sets.",
        }),
      extraStatements: z
        .array(z.record(z.string(), z.unknown()), {
          error: "expected a list of policy statements (mappings)",
        })
        .min(1, { error: "list at least one statement, or remove extraStatements" })
        .optional()
        .meta({ description: "IAM policy statements appended to the rendered preset (needs preset)." }),
      stateScope: pieces.StateScope.optional(),
      inlinePolicy: z
        .union([z.string().min(1), z.record(z.string(), z.unknown())], {
          error: "expected a path to a JSON policy file or the policy document as a mapping",
        })
        .optional()
        .meta({ description: "The role's inline policy written by hand (not with preset)." }),
      managedPolicies: z
        .array(pieces.ManagedPolicyArn)
        .max(10, { error: "at most 10 managed policies (IAM's default per role)" })
        .optional()
        .meta({ description: "AWS-managed policy ARNs attached to the role in every account." }),
      sessionDuration: z
        .string()
        .superRefine((v, ctx) => {
          const problem = sessionDurationProblem(v);
          if (problem) ctx.addIssue({ code: "custom", message: problem });
        })
        .optional()
        .meta({ description: "The role's maximum session, PT1H to PT12H. Default PT1H." }),
      permissionsBoundary: pieces.PermissionsBoundary.optional(),
      tags: z.record(TagKey, pieces.TagValue).optional().meta({
        description: "Tags on the role (at most 48: keyless adds managed-by and keyless:ci-role).",
      }),
    })
    .superRefine((r, ctx) => {
      const issue = (path: string, message: string) =>
        ctx.addIssue({ code: "custom", path: [path], message });
      const repoProblem = repositoryProblem(r.provider, r.repository);
      if (repoProblem) issue("repository", repoProblem);
      const refs = (r.branches?.length ?? 0) + (r.gitTags?.length ?? 0) + (r.environments?.length ?? 0);
      if (refs === 0 && !r.pullRequests) {
        issue(
          "repository",
          "the role admits no run yet: declare branches, gitTags or environments (or pullRequests for a read-only role), so that only those runs of the repository may assume it",
        );
      }
      if (r.provider === "gitlab") {
        if (r.environments) {
          issue(
            "environments",
            "GitLab's sub claim names the branch or tag, not the environment; limit the role with branches or gitTags (protected ones)",
          );
        }
        if (r.pullRequests !== undefined) {
          issue(
            "pullRequests",
            "pullRequests is GitHub's pull_request subject; a GitLab merge request pipeline runs on its source branch: limit the role with branches",
          );
        }
        if (r.workflows)
          issue("workflows", "workflows (job_workflow_ref) is a GitHub claim; remove it for a GitLab role");
      }
      if (r.preset !== undefined && r.inlinePolicy !== undefined) {
        issue(
          "inlinePolicy",
          "give either preset or inlinePolicy, not both; put additional statements under extraStatements",
        );
      }
      if (r.extraStatements !== undefined && r.preset === undefined) {
        issue(
          "extraStatements",
          "extraStatements extend a preset; without preset, write the statements in inlinePolicy",
        );
      }
      if (r.stateScope !== undefined && r.preset === undefined) {
        issue("stateScope", "stateScope narrows a preset's state access; without preset it has no effect");
      }
      if (Object.keys(r.tags ?? {}).length > MAX_CI_ROLE_TAGS) {
        issue(
          "tags",
          `at most ${MAX_CI_ROLE_TAGS} tags (IAM allows 50 per role; keyless adds managed-by and keyless:ci-role)`,
        );
      }
    })
    .meta({
      description: "A role CI assumes with its OIDC token, keyed by role name (1-64 of [\\w+=,.@-]).",
    });

  const RoleName = z.string().regex(CI_ROLE_NAME, {
    error: (iss) =>
      `"${String(iss.input)}" is not a valid IAM role name; use 1-64 letters, digits and + = , . @ _ -`,
  });

  return z
    .strictObject({
      providers: Providers.optional(),
      accessRole: AccessRole.optional().meta({
        description:
          "The role keyless assumes in each target account to manage CI roles there. Default OrganizationAccountAccessRole.",
      }),
      accessRoles: z.record(z.string(), AccessRole).optional().meta({
        description:
          "Per account (name from accounts, or 12-digit id): the role keyless assumes there instead of accessRole.",
      }),
      roles: z.record(RoleName, Role).optional().meta({ description: "CI roles keyed by name." }),
    })
    .meta({ description: "CI without access keys: OIDC providers and the roles CI assumes (docs/ci.md)." });
}
