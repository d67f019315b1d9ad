/**
 * keyless audit --ci's reading of AssumeRoleWithWebIdentity events (test/fixtures/cloudtrail/web-identity.json,
 * shaped as AWS records them): keyless CI roles only, repository and ref from the token's sub (GitHub
 * branch / environment / pull request, GitLab branch), the run from the session name keyless sets,
 * failures with their error code.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseCiEvent, subjectParts } from "../../../src/checks/audit/ci-event.ts";
import { DOC_VARS, renderFixture } from "../../fixtures/cloudtrail/render.ts";

const events = renderFixture("web-identity", DOC_VARS);
const parsed = events.map((e) => parseCiEvent({ eventId: e.eventID, cloudTrailEvent: JSON.stringify(e) }));

describe("AssumeRoleWithWebIdentity into keyless CI roles", () => {
  it("reads the keyless roles and skips the others", () => {
    assert.deepEqual(
      parsed.map((p) => (p.status === "record" ? `${p.record.role} ${p.record.outcome}` : p.status)),
      [
        "terraform-plan success",
        "terraform-apply success",
        "terraform-apply failure",
        "skipped",
        "gitlab-apply success",
      ],
    );
  });

  it("repository, ref and run from the sub and the session name", () => {
    const records = parsed.flatMap((p) => (p.status === "record" ? [p.record] : []));
    assert.deepEqual(
      records.map((r) => [r.repository, r.ref, r.run ?? r.sessionName, r.accountId, r.provider]),
      [
        [
          "acme/infra",
          "pull_request",
          "https://github.com/acme/infra/actions/runs/12345678901/attempts/1",
          DOC_VARS["ACCOUNT:prod"],
          "github",
        ],
        [
          "acme/infra",
          "environment:production",
          "https://github.com/acme/infra/actions/runs/12345679999/attempts/2",
          DOC_VARS["ACCOUNT:prod"],
          "github",
        ],
        ["stranger/infra", "branch:main", "GitHubActions", DOC_VARS["ACCOUNT:prod"], "github"],
        [
          "acme/platform/infra",
          "branch:main",
          "https://gitlab.example.com/acme/platform/infra/-/jobs/5544332211",
          DOC_VARS["ACCOUNT:prod"],
          "gitlab",
        ],
      ],
    );
    assert.equal(records[2]!.errorCode, "AccessDenied");
    assert.equal(records[3]!.audience, "https://gitlab.example.com");
  });

  it("sub formats", () => {
    assert.deepEqual(subjectParts("repo:o/r:ref:refs/tags/v1.2"), { repository: "o/r", ref: "tag:v1.2" });
    assert.deepEqual(subjectParts("project_path:g/s/p:ref_type:tag:ref:v1"), {
      repository: "g/s/p",
      ref: "tag:v1",
    });
    assert.deepEqual(subjectParts("repo:o/r:job_workflow_ref:o/r/.github/workflows/x.yml@refs/heads/main"), {
      repository: "o/r",
    });
    assert.deepEqual(subjectParts("system:serviceaccount:ns:sa"), {});
  });

  it("a broken event is a problem, another event is skipped", () => {
    assert.equal(parseCiEvent({ eventId: "x", cloudTrailEvent: "{" }).status, "problem");
    const other = { ...events[0]!, eventName: "AssumeRole" };
    assert.deepEqual(parseCiEvent({ cloudTrailEvent: JSON.stringify(other) }), {
      status: "skipped",
      reason: "other-event",
    });
  });
});
