/**
 * SARIF 2.1.0 for GitHub code scanning and other viewers: one rule per finding kind (with its fix as
 * help), one result per finding with a level from its severity, locations relative to the scanned
 * root (`uriBaseId`), environment findings as logical locations, allowed findings as suppressed with
 * their reason, and unreadable paths as tool notifications. The secret is never in it: only the
 * masked form in the message and the fingerprint in `partialFingerprints`.
 */
import { relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { FINDING_KINDS } from "./allow.ts";
import { FIXES } from "./fixes.ts";
import type { ScanReport } from "./report.ts";
import type { Finding, FindingKind, Severity } from "./types.ts";

const DESCRIPTIONS: Record<FindingKind, string> = {
  "env-long-term-key": "Long-term AWS access key in an environment variable",
  "env-temporary-key": "Temporary AWS credentials in environment variables",
  "credentials-file": "Static AWS keys in the shared credentials file",
  "config-static-key": "Static AWS keys in the shared config file",
  "terraform-provider-static-key": 'Static AWS keys in a Terraform provider "aws" block',
  "terraform-backend-static-key": 'Static AWS keys in a Terraform backend "s3" configuration',
  "terraform-backend-cache-key": "Static AWS keys in Terraform's cached backend configuration",
  "tfvars-secret": "AWS key in a Terraform variables file",
  "tfstate-secret": "AWS key in a Terraform state file",
  "dotenv-secret": "AWS key in an env file",
  "key-in-text": "AWS key in a file",
  "ci-github-static-key": "Static AWS key fed to a GitHub Actions workflow",
  "ci-gitlab-static-key": "Static AWS key fed to a GitLab CI pipeline",
};

const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  high: "error",
  low: "warning",
  info: "note",
  example: "note",
};

/** GitHub's security severity (0-10) for rules, shown as critical/high/medium/low. */
const SECURITY_SEVERITY: Record<FindingKind, string> = {
  "env-long-term-key": "8.0",
  "env-temporary-key": "3.0",
  "credentials-file": "8.0",
  "config-static-key": "8.0",
  "terraform-provider-static-key": "9.0",
  "terraform-backend-static-key": "9.0",
  "terraform-backend-cache-key": "8.0",
  "tfvars-secret": "9.0",
  "tfstate-secret": "9.0",
  "dotenv-secret": "8.0",
  "key-in-text": "9.0",
  "ci-github-static-key": "8.0",
  "ci-gitlab-static-key": "8.0",
};

const ruleName = (kind: FindingKind): string =>
  kind
    .split("-")
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");

export function toSarif(report: ScanReport, toolVersion: string): object {
  const baseIds = report.roots.map((_, i) => (report.roots.length === 1 ? "SRCROOT" : `ROOT${i + 1}`));
  const originalUriBaseIds: Record<string, { uri: string }> = {};
  report.roots.forEach((root, i) => {
    originalUriBaseIds[baseIds[i]!] = { uri: dirUri(root) };
  });
  const rules = FINDING_KINDS.map((kind) => ({
    id: kind,
    name: ruleName(kind),
    shortDescription: { text: DESCRIPTIONS[kind] },
    help: { text: FIXES[kind] },
    defaultConfiguration: { level: kind === "env-temporary-key" ? "note" : "error" },
    properties: { tags: ["security", "secrets", "aws"], "security-severity": SECURITY_SEVERITY[kind] },
  }));
  const results = report.findings.map((f) => ({
    ruleId: f.kind,
    ruleIndex: FINDING_KINDS.indexOf(f.kind),
    level: LEVEL[f.severity],
    message: { text: messageOf(f) },
    locations: [locationOf(f, report.roots, baseIds)],
    partialFingerprints: { "keylessCredential/v1": f.fingerprint },
    properties: { severity: f.severity, masked: f.masked },
    ...(f.allowed ? { suppressions: [{ kind: "external", justification: f.allowed.reason }] } : {}),
  }));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "keyless",
            version: toolVersion,
            rules,
          },
        },
        originalUriBaseIds,
        invocations: [
          {
            executionSuccessful: report.problems.length === 0,
            toolExecutionNotifications: report.problems.map((p) => ({
              level: "error",
              message: { text: `${p.path}: ${p.message}` },
            })),
          },
        ],
        results,
      },
    ],
  };
}

function messageOf(f: Finding): string {
  const example = f.severity === "example" ? " (AWS documentation example, not a real key)" : "";
  return `${DESCRIPTIONS[f.kind]}: ${f.what}${example}.`;
}

function locationOf(f: Finding, roots: string[], baseIds: string[]): object {
  const loc = f.location;
  if (loc.type === "env")
    return {
      logicalLocations: [{ name: loc.variable, fullyQualifiedName: `env:${loc.variable}`, kind: "variable" }],
    };
  const region = { startLine: loc.line, startColumn: loc.column };
  const rootIndex = loc.root === undefined ? -1 : roots.indexOf(loc.root);
  if (loc.root === undefined || rootIndex === -1) {
    return { physicalLocation: { artifactLocation: { uri: pathToFileURL(loc.path).href }, region } };
  }
  const rel = relative(loc.root, loc.path).split(sep).map(encodeURIComponent).join("/");
  return {
    physicalLocation: { artifactLocation: { uri: rel, uriBaseId: baseIds[rootIndex] }, region },
  };
}

function dirUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith("/") ? href : `${href}/`;
}
