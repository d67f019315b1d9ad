/**
 * Static AWS keys fed to CI. The key itself lives in the CI system's secret store, out of reach of a
 * file scan; what the repository shows is the pipeline handing it to AWS:
 * - GitHub workflows (`.github/workflows/*.yml`): `aws-access-key-id` / `aws-secret-access-key`
 *   inputs (aws-actions/configure-aws-credentials) and `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`
 *   env entries, at any level, whose value is `${{ secrets.X }}` or `${{ vars.X }}`, or a literal.
 *   Other expressions (a previous step's output, e.g. after an OIDC assume-role) are not reported.
 * - GitLab CI (`.gitlab-ci.yml`, `*.gitlab-ci.yml`): `variables:` entries named AWS_ACCESS_KEY_ID /
 *   AWS_SECRET_ACCESS_KEY (a `$VAR` reference or a literal); and, when the file neither declares nor
 *   assigns them, a script that reads `$AWS_SECRET_ACCESS_KEY` / `$AWS_ACCESS_KEY_ID`: the key then
 *   comes from the project's or group's CI/CD variables. A job that lets the AWS CLI pick the
 *   variables up without naming them cannot be seen in the file.
 * A literal value is reported by its shape, like every other detector; a reference by its name.
 */
import { isMap, isPair, isScalar, parseDocument, visit } from "yaml";
import { fileAt, makeFinding } from "./finding.ts";
import { fingerprintOf } from "./masks.ts";
import { positionsOf } from "./positions.ts";
import type { Finding, FindingKind } from "./types.ts";

export function isGithubWorkflow(rel: string): boolean {
  return /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(rel);
}

export function isGitlabCi(name: string): boolean {
  return name === ".gitlab-ci.yml" || name.endsWith(".gitlab-ci.yml");
}

const LABEL: Record<string, string> = {
  "aws-access-key-id": "AWS access key id",
  "aws-secret-access-key": "AWS secret access key",
  AWS_ACCESS_KEY_ID: "AWS access key id",
  AWS_SECRET_ACCESS_KEY: "AWS secret access key",
};

interface Hit {
  name: string;
  value: string;
  offset: number;
}

/** Every `name: scalar` pair whose name is one of `names`, anywhere in the YAML document. */
function pairsNamed(text: string, names: ReadonlySet<string>, under?: string): Hit[] {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) return [];
  const hits: Hit[] = [];
  visit(doc, {
    Pair(_, pair, path) {
      if (!isScalar(pair.key) || !names.has(String(pair.key.value))) return;
      if (under !== undefined) {
        const parent = path.at(-2);
        if (!isPair(parent) || !isScalar(parent.key) || parent.key.value !== under) return;
      }
      // GitLab also allows `NAME: { value: ..., description: ... }`.
      const node = isMap(pair.value) ? pair.value.get("value", true) : pair.value;
      if (!isScalar(node) || node.value === null || node.value === undefined) return;
      hits.push({
        name: String(pair.key.value),
        value: String(node.value),
        offset: pair.key.range?.[0] ?? 0,
      });
    },
  });
  return hits;
}

function referenceFinding(
  kind: FindingKind,
  path: string,
  root: string | undefined,
  at: { line: number; column: number },
  what: string,
  reference: string,
): Finding {
  return {
    kind,
    severity: "high",
    location: fileAt(path, root, at.line, at.column),
    what,
    masked: reference,
    fingerprint: fingerprintOf(reference),
  };
}

const GITHUB_NAMES = new Set(Object.keys(LABEL));
const SECRET_REF = /\$\{\{\s*((?:secrets|vars)\.[A-Za-z0-9_-]+)\s*\}\}/;

export function scanGithubWorkflow(text: string, path: string, root: string | undefined): Finding[] {
  const pos = positionsOf(text);
  const findings: Finding[] = [];
  for (const hit of pairsNamed(text, GITHUB_NAMES)) {
    const at = pos(hit.offset);
    const ref = SECRET_REF.exec(hit.value);
    if (ref) {
      const from = ref[1]!.startsWith("vars.") ? "a configuration variable (not even a secret)" : "a secret";
      findings.push(
        referenceFinding(
          "ci-github-static-key",
          path,
          root,
          at,
          `${LABEL[hit.name]} from ${from}, ${ref[1]}, in ${hit.name}`,
          ref[1]!,
        ),
      );
    } else if (!hit.value.includes("${{") && hit.value.trim() !== "") {
      findings.push(
        makeFinding({
          kind: "ci-github-static-key",
          location: fileAt(path, root, at.line, at.column),
          value: hit.value.trim(),
          context: `written into the workflow (${hit.name})`,
          typeHint: /secret/i.test(hit.name) ? "secret" : undefined,
        }),
      );
    }
  }
  return findings;
}

const GITLAB_NAMES = new Set(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);
const VAR_REF = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/;
/** A read of the key variables in a script: `$AWS_SECRET_ACCESS_KEY` or `${AWS_SECRET_ACCESS_KEY}`. */
const READ = /\$\{?(AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID)\b/;
const ASSIGN = /\b(AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID)=/;

export function scanGitlabCi(text: string, path: string, root: string | undefined): Finding[] {
  const pos = positionsOf(text);
  const findings: Finding[] = [];
  const hits = pairsNamed(text, GITLAB_NAMES, "variables");
  for (const hit of hits) {
    const at = pos(hit.offset);
    const ref = VAR_REF.exec(hit.value.trim());
    if (ref) {
      findings.push(
        referenceFinding(
          "ci-gitlab-static-key",
          path,
          root,
          at,
          `${LABEL[hit.name]} from the CI/CD variable ${ref[1]}, in variables: ${hit.name}`,
          `$${ref[1]}`,
        ),
      );
    } else if (hit.value.trim() !== "") {
      findings.push(
        makeFinding({
          kind: "ci-gitlab-static-key",
          location: fileAt(path, root, at.line, at.column),
          value: hit.value.trim(),
          context: `written into the pipeline (variables: ${hit.name})`,
          typeHint: /SECRET/.test(hit.name) ? "secret" : undefined,
        }),
      );
    }
  }
  if (hits.length === 0 && !ASSIGN.test(text)) {
    const m = READ.exec(text);
    if (m) {
      findings.push(
        referenceFinding(
          "ci-gitlab-static-key",
          path,
          root,
          pos(m.index),
          `${LABEL[m[1]!]} read from a CI/CD variable of the project or group settings ($${m[1]})`,
          `$${m[1]}`,
        ),
      );
    }
  }
  return findings;
}
