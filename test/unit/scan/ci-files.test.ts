// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflows write ${{ ... }} in plain strings
/**
 * The CI detectors of `keyless scan`: static AWS keys handed to GitHub workflows and GitLab CI jobs,
 * by reference (a secret, a variable) or written in (planted at run time, never committed), and what
 * they leave alone (OIDC, credentials a previous step produced, credentials a job assigns itself).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isGithubWorkflow, scanGithubWorkflow, scanGitlabCi } from "../../../src/checks/scan/ci-files.ts";
import { detect } from "../../../src/checks/scan/scan-file.ts";
import type { Finding } from "../../../src/checks/scan/types.ts";
import { longTermId, secretKey } from "./plant.ts";

const brief = (fs: Finding[]): string[] =>
  fs.map(
    (f) =>
      `${f.severity} ${f.kind} ${f.location.type === "file" ? `${f.location.line}:${f.location.column}` : ""} ${f.masked}`,
  );

describe("GitHub workflows", () => {
  it("reports key inputs and env entries from secrets or variables at every level, with line and column", () => {
    const text = [
      "on: push",
      "env:",
      "  AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}",
      "jobs:",
      "  a:",
      "    env:",
      "      AWS_SECRET_ACCESS_KEY: ${{secrets.KEY}}",
      "    steps:",
      "      - uses: aws-actions/configure-aws-credentials@v4",
      "        with:",
      "          aws-access-key-id: ${{ vars.KEY_ID }}",
      "          aws-region: eu-central-1",
    ].join("\n");
    assert.deepEqual(brief(scanGithubWorkflow(text, "/r/.github/workflows/a.yml", "/r")), [
      "high ci-github-static-key 3:3 secrets.AWS_ACCESS_KEY_ID",
      "high ci-github-static-key 7:7 secrets.KEY",
      "high ci-github-static-key 11:11 vars.KEY_ID",
    ]);
    assert.match(
      scanGithubWorkflow(text, "/r/.github/workflows/a.yml", "/r")[2]!.what,
      /configuration variable \(not even a secret\)/,
    );
  });

  it("a key written into the workflow is reported by its shape, without the value in the finding", () => {
    const id = longTermId();
    const secret = secretKey();
    const text = `jobs:\n  a:\n    env:\n      AWS_ACCESS_KEY_ID: ${id}\n      AWS_SECRET_ACCESS_KEY: "${secret}"\n`;
    const found = scanGithubWorkflow(text, "/r/.github/workflows/a.yml", "/r");
    assert.deepEqual(
      found.map((f) => [f.severity, f.kind, f.location.type === "file" && f.location.line]),
      [
        ["high", "ci-github-static-key", 4],
        ["high", "ci-github-static-key", 5],
      ],
    );
    assert.ok(!JSON.stringify(found).includes(secret) && !JSON.stringify(found).includes(id));
  });

  it("leaves OIDC alone: role-to-assume, and credentials a previous step produced", () => {
    const text = [
      "permissions: { id-token: write }",
      "jobs:",
      "  a:",
      "    steps:",
      "      - uses: aws-actions/configure-aws-credentials@v6",
      "        with: { role-to-assume: 'arn:aws:iam::123456789012:role/x', aws-region: eu-central-1 }",
      "      - run: x",
      "        env:",
      "          AWS_ACCESS_KEY_ID: ${{ steps.creds.outputs.aws-access-key-id }}",
    ].join("\n");
    assert.deepEqual(scanGithubWorkflow(text, "/r/.github/workflows/a.yml", "/r"), []);
  });

  it("only files directly in .github/workflows are workflows; detect() routes them", async () => {
    assert.ok(
      isGithubWorkflow(".github/workflows/a.yml") && isGithubWorkflow("sub/.github/workflows/b.yaml"),
    );
    assert.ok(!isGithubWorkflow(".github/workflows/x/a.yml") && !isGithubWorkflow("workflows/a.yml"));
    const text = "env:\n  AWS_ACCESS_KEY_ID: ${{ secrets.K }}\n";
    const name = "a.yml";
    assert.equal(
      (
        await detect(text, {
          path: "/r/.github/workflows/a.yml",
          rel: ".github/workflows/a.yml",
          name,
          root: "/r",
        })
      ).length,
      1,
    );
    assert.equal((await detect(text, { path: "/r/ci/a.yml", rel: "ci/a.yml", name, root: "/r" })).length, 0);
  });
});

describe("GitLab CI", () => {
  it("reports variables named like the keys, as references or written in (value: form too)", () => {
    const id = longTermId();
    const text = [
      "variables:",
      `  AWS_ACCESS_KEY_ID: ${id}`,
      "deploy:",
      "  variables:",
      "    AWS_SECRET_ACCESS_KEY:",
      "      value: ${PROD_SECRET}",
      "  script: [aws s3 ls]",
    ].join("\n");
    assert.deepEqual(
      scanGitlabCi(text, "/r/.gitlab-ci.yml", "/r").map(
        (f) => `${f.location.type === "file" && f.location.line} ${f.masked}`,
      ),
      [`2 ${id.slice(0, 4)}…${id.slice(-4)}`, "5 $PROD_SECRET"],
    );
  });

  it("a script reading the key variables from the project's settings is reported once; a job that assigns them (OIDC) is not", () => {
    const reads =
      "deploy:\n  script:\n    - aws configure set aws_access_key_id $AWS_ACCESS_KEY_ID\n    - x ${AWS_SECRET_ACCESS_KEY}\n";
    assert.deepEqual(brief(scanGitlabCi(reads, "/r/.gitlab-ci.yml", "/r")), [
      "high ci-gitlab-static-key 3:43 $AWS_ACCESS_KEY_ID",
    ]);
    const assigns =
      'deploy:\n  script:\n    - export AWS_ACCESS_KEY_ID="$(x)" AWS_SECRET_ACCESS_KEY="$(y)"\n    - echo $AWS_ACCESS_KEY_ID\n';
    assert.deepEqual(scanGitlabCi(assigns, "/r/.gitlab-ci.yml", "/r"), []);
  });

  it("a variable named otherwise, or under another key, is not a finding", () => {
    assert.deepEqual(
      scanGitlabCi(
        "deploy:\n  script:\n    - echo hi\n  tags: [AWS_ACCESS_KEY_ID]\n",
        "/r/.gitlab-ci.yml",
        "/r",
      ),
      [],
    );
    assert.deepEqual(
      scanGitlabCi("spec:\n  inputs:\n    AWS_ACCESS_KEY_ID: { default: '' }\n", "/r/.gitlab-ci.yml", "/r"),
      [],
    );
  });
});
