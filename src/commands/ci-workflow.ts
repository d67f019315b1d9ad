/**
 * `keyless ci workflow`: writes a GitHub Actions workflow (or GitLab CI jobs) that runs Terraform in
 * one directory with a CI role declared in keyless.yaml, and with --key the backend.tf / provider.tf
 * for CI (no profile). Offline: keyless.yaml is the only input, no AWS call. Every file is checked
 * first and written only if none would replace different content (unless --force); each write is
 * atomic. --print shows the files and writes nothing.
 */
import { stat } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { loadDesired } from "../app/config-path.ts";
import { DEFAULT_TERRAFORM_VERSION, renderGithubWorkflow } from "../ci/workflow-github.ts";
import { renderGitlabJobs } from "../ci/workflow-gitlab.ts";
import { resolveWorkflow, type WorkflowSpec } from "../ci/workflow-spec.ts";
import type { CliIO } from "../cli/io.ts";
import type { Desired } from "../engine/model.ts";
import { EXIT, KeylessError } from "../errors/keyless-error.ts";
import { compareFiles, type FileChange, writeChanges } from "../local/terraform/file-changes.ts";
import { renderCiTerraformFiles } from "../local/terraform/files.ts";
import {
  checkStateKeyArn,
  paramsFromStateBackend,
  stateKmsKey,
} from "../local/terraform/from-state-backend.ts";
import { safe, safeMultiline } from "../render/style.ts";

export interface CiWorkflowOptions {
  role: string;
  planRole?: string | undefined;
  account?: string | undefined;
  dir?: string | undefined;
  out?: string | undefined;
  region?: string | undefined;
  branch?: string | undefined;
  environment?: string | undefined;
  gitlab?: boolean | undefined;
  key?: string | undefined;
  kmsKeyId?: string | undefined;
  terraformVersion?: string | undefined;
  print?: boolean | undefined;
  json?: boolean | undefined;
  force?: boolean | undefined;
  config?: string | undefined;
}

const usage = (message: string, hint: string) => new KeylessError("USAGE", message, { hint });
const posix = (p: string): string => (sep === "/" ? p : p.split(sep).join("/"));

/** --dir as written into the workflow: relative to the repository root, `/`-separated, no `..`. */
export function checkDir(dir: string): string {
  const d = posix(dir).replace(/\/+$/, "").replace(/^\.\//, "") || ".";
  const hint = "Pass the Terraform directory relative to the repository root, e.g. --dir infra/network.";
  if (isAbsolute(dir)) throw usage(`--dir ${dir} is absolute`, hint);
  if (!/^[A-Za-z0-9._/-]+$/.test(d)) {
    throw usage(
      `--dir ${JSON.stringify(dir)} has characters a workflow path should not hold`,
      `${hint} (letters, digits, . _ - /)`,
    );
  }
  if (d !== "." && d.split("/").some((s) => s === ".." || s === "." || s === "")) {
    throw usage(`--dir ${dir} leaves the repository or has empty segments`, hint);
  }
  return d;
}

function repoPath(out: string, cwd: string): string {
  const rel = posix(relative(cwd, resolve(cwd, out)));
  if (rel === "" || rel.startsWith("../") || rel === ".." || isAbsolute(rel)) {
    throw usage(
      `--out ${out} is outside the current directory`,
      "Run keyless ci workflow from the repository's root and give --out relative to it.",
    );
  }
  return rel;
}

function terraformVersionOf(v: string | undefined): string {
  const version = v ?? DEFAULT_TERRAFORM_VERSION;
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    throw usage(`--terraform-version ${JSON.stringify(version)} is not a version`, "Pass e.g. 1.11.4.");
  }
  const [major, minor] = version.split(".").map(Number);
  if (major! < 1 || (major === 1 && minor! < 10)) {
    throw usage(
      `--terraform-version ${version} is older than 1.10`,
      "The generated backend locks state with the S3 lockfile (use_lockfile), which needs Terraform 1.10 or later.",
    );
  }
  return version;
}

/** backend.tf + provider.tf for CI, from keyless.yaml's stateBackend and --key. */
function ciTerraformFiles(
  desired: Desired,
  spec: WorkflowSpec,
  opts: CiWorkflowOptions,
  configPath: string,
): Array<{ name: string; content: string }> {
  if (opts.key === undefined) return [];
  const sb = desired.stateBackend;
  if (sb === undefined) {
    throw usage(
      `--key: ${configPath} has no stateBackend section, so keyless does not know the backend`,
      "Declare stateBackend in keyless.yaml, or write backend.tf yourself (bucket, key, region, encrypt, use_lockfile; no profile).",
    );
  }
  const kms = stateKmsKey(sb);
  if (kms.kind === "alias" && opts.kmsKeyId === undefined) {
    throw usage(
      `--key: the state objects are encrypted with the key behind ${kms.alias}, whose ARN keyless ci workflow does not look up (it makes no AWS call)`,
      `Pass --kms-key-id with the key ARN (\`keyless terraform files --json\` or \`aws kms describe-key --key-id ${kms.aliasArn}\` shows it).`,
    );
  }
  if (kms.kind === "alias") checkStateKeyArn(sb, opts.kmsKeyId!, "--kms-key-id");
  const params = paramsFromStateBackend(sb, {
    key: opts.key,
    profile: "ci",
    ...(kms.kind === "alias" ? { kmsKeyArn: opts.kmsKeyId! } : {}),
  });
  const { profile: _unused, ...ci } = params;
  const dir = spec.dir === "." ? "" : `${spec.dir}/`;
  return renderCiTerraformFiles(ci).map((f) => ({ name: `${dir}${f.name}`, content: f.content }));
}

async function requireDirectory(cwd: string, dir: string): Promise<void> {
  try {
    if ((await stat(resolve(cwd, dir))).isDirectory()) return;
  } catch {
    // reported below
  }
  throw usage(
    `--dir ${dir}: no such directory in ${cwd}`,
    "Run keyless ci workflow from the repository's root and pass the Terraform directory relative to it (or use --print).",
  );
}

const VERB: Record<FileChange["action"], string> = {
  create: "created",
  replace: "replaced",
  unchanged: "unchanged",
};

export async function runCiWorkflow(opts: CiWorkflowOptions, io: CliIO): Promise<number> {
  const dir = checkDir(opts.dir ?? ".");
  const out = opts.out === undefined ? undefined : repoPath(opts.out, io.cwd);
  const terraformVersion = terraformVersionOf(opts.terraformVersion);
  const loaded = await loadDesired(opts.config, io);
  const spec = resolveWorkflow(loaded.desired, {
    role: opts.role,
    planRole: opts.planRole,
    account: opts.account,
    dir,
    region: opts.region,
    branch: opts.branch,
    environment: opts.environment,
    out,
    gitlab: opts.gitlab,
  });
  const workflow =
    spec.provider === "github"
      ? renderGithubWorkflow(spec, terraformVersion)
      : renderGitlabJobs(spec, terraformVersion);
  const files = [
    { name: spec.out, content: workflow },
    ...ciTerraformFiles(loaded.desired, spec, opts, loaded.path),
  ];
  if (!opts.print) await requireDirectory(io.cwd, dir);
  const changes = await compareFiles(io.cwd, files);
  const blocked = changes.filter((c) => c.action === "replace" && !opts.force);
  const write = !opts.print && blocked.length === 0;
  if (write) await writeChanges(changes);

  if (opts.json) {
    io.out(
      `${JSON.stringify(
        {
          provider: spec.provider,
          repository: spec.repository,
          account: { id: spec.accountId, name: spec.accountName ?? null },
          region: spec.region,
          dir: spec.dir,
          terraformVersion,
          roles: {
            main: spec.main,
            review: spec.review ?? null,
          },
          written: write && changes.some((c) => c.action !== "unchanged"),
          files: changes.map((c) => ({
            path: c.name,
            action: c.action,
            needsForce: c.action === "replace" && !opts.force,
            content: c.content,
          })),
          notes: spec.notes,
        },
        null,
        2,
      )}\n`,
    );
  } else if (opts.print) {
    for (const c of changes) {
      if (changes.length > 1) io.out(`# ----- ${safe(c.name)} -----\n`);
      io.out(c.content);
    }
  } else {
    for (const c of changes) {
      if (c.action === "replace" && !write) {
        io.out(`${safe(c.name)}: would be replaced (needs --force)\n${safeMultiline(c.diff)}`);
      } else io.out(`${safe(c.name)}: ${write ? VERB[c.action] : "unchanged"}\n`);
    }
  }
  for (const n of spec.notes) io.err(`Note: ${safe(n)}\n`);
  if (!opts.json && !opts.print && write) io.out(nextSteps(spec, opts.key !== undefined));
  if (blocked.length > 0 && !opts.print) {
    throw new KeylessError(
      "FILE_EXISTS",
      `${blocked.map((c) => c.name).join(" and ")} already exist${blocked.length === 1 ? "s" : ""} with different content; nothing was written`,
      {
        hint: "Review the difference shown above, then re-run with --force to replace, or pass --out for another file.",
      },
    );
  }
  return EXIT.OK;
}

function nextSteps(spec: WorkflowSpec, wroteTerraform: boolean): string {
  const lines = ["Next:"];
  lines.push("  - `keyless apply` creates the roles and the OIDC provider in the account, if not yet done.");
  if (spec.provider === "github" && spec.main.environment !== undefined) {
    lines.push(
      `  - In GitHub, create the environment "${spec.main.environment}" with required reviewers and deployment branch ${spec.main.branch}.`,
    );
  }
  if (spec.provider === "gitlab") {
    lines.push(
      `  - Include ${spec.out} from .gitlab-ci.yml (include: - local: ${spec.out}); protect branch ${spec.main.branch}.`,
    );
  }
  lines.push(
    wroteTerraform
      ? "  - Commit the workflow with backend.tf and provider.tf: they name no profile, so CI uses the role's credentials."
      : `  - backend.tf / provider.tf in ${spec.dir} must name no profile in CI: pass --key STATE_KEY to write them.`,
  );
  return `${lines.join("\n")}\n`;
}
