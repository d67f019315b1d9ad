/**
 * `keyless audit --ci` as a user runs it: the built CLI with credentials for the member account (as a
 * platform engineer's audit profile would give), reading AssumeRoleWithWebIdentity events recorded as
 * AWS records them (test/fixtures/cloudtrail/web-identity.json) from the CloudTrail stand-in over the
 * real SDK. The lookup asks by EventName; only keyless CI roles are shown. Also its refusals.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { DOC_VARS, renderFixture } from "../fixtures/cloudtrail/render.ts";
import { runKeyless, type UserDirs, userDirs } from "../helpers/spawn-cli.ts";
import { type CloudTrailStandin, startCloudTrailStandin } from "../standins/cloudtrail-standin.ts";

const DAY = 86_400_000;
const REGION = "eu-central-1";
let trail: CloudTrailStandin;
let user: UserDirs;

before(async () => {
  trail = await startCloudTrailStandin({ pageSize: 2 });
  trail.setRecords(
    renderFixture("web-identity", { ...DOC_VARS, REGION }, { newestAt: new Date(Date.now() - 2 * DAY) }),
  );
  user = userDirs("keyless-audit-ci-");
  writeFileSync(
    join(user.work, "keyless.yaml"),
    `version: 1\nidentityCenter:\n  region: ${REGION}\naccounts:\n  prod: "${DOC_VARS["ACCOUNT:prod"]}"\n  dev: "${DOC_VARS["ACCOUNT:dev"]}"\n`,
  );
});
after(async () => {
  await trail?.stop();
  user?.remove();
});
beforeEach(() => trail.clearRequests());

/** Credentials of the account the roles live in, and the stand-in as CloudTrail's endpoint. */
const audit = (args: string[]) =>
  runKeyless(["audit", "--ci", ...args], {
    cwd: user.work,
    env: {
      HOME: user.home,
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_ENDPOINT_URL_CLOUDTRAIL: trail.endpoint,
    },
  });

describe("keyless audit --ci", () => {
  test("the table: keyless CI roles only, repository and ref from the sub, the run; exit 0", async () => {
    const r = await audit(["--since", "30d"]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split("\n");
    assert.match(lines[0]!, /^TIME\s+ACCOUNT\s+ROLE\s+REPOSITORY\s+REF\s+OUTCOME\s+RUN \/ SESSION$/);
    assert.match(
      r.stdout,
      /prod \(777788889999\)\s+terraform-plan\s+acme\/infra\s+pull_request\s+success\s+https:\/\/github\.com\/acme\/infra\/actions\/runs\/12345678901\/attempts\/1/,
    );
    assert.match(r.stdout, /terraform-apply\s+acme\/infra\s+environment:production\s+success/);
    assert.match(
      r.stdout,
      /terraform-apply\s+stranger\/infra\s+branch:main\s+failure: AccessDenied\s+GitHubActions/,
    );
    assert.match(
      r.stdout,
      /gitlab-apply\s+acme\/platform\/infra\s+branch:main\s+success\s+https:\/\/gitlab\.example\.com\/acme\/platform\/infra\/-\/jobs\/5544332211/,
    );
    assert.doesNotMatch(r.stdout, /github-actions-legacy|acme\/website/);
    assert.match(r.stdout, /4 assumption\(s\) of keyless CI roles, 1 failed\./);
    assert.match(
      r.stderr,
      /1 AssumeRoleWithWebIdentity event\(s\) into roles outside \/keyless\/ci\/ are not shown/,
    );
    assert.match(r.stderr, /the workflow file is not in the event/);
    const reqs = trail.requests();
    assert.ok(reqs.length >= 3, "paged");
    assert.ok(
      reqs.every(
        (q) => q.attribute?.key === "EventName" && q.attribute.value === "AssumeRoleWithWebIdentity",
      ),
    );
  });

  test("--json with --role: the records, account names, workflow null", async () => {
    const r = await audit(["--since", "30d", "--json", "--role", "terraform-apply"]);
    assert.equal(r.code, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as {
      role: string;
      repository: string;
      outcome: string;
      accountName: string;
      workflow: null;
    }[];
    assert.deepEqual(
      rows.map((x) => [x.role, x.repository, x.outcome, x.accountName, x.workflow]),
      [
        ["terraform-apply", "acme/infra", "success", "prod", null],
        ["terraform-apply", "stranger/infra", "failure", "prod", null],
      ],
    );
  });

  test("--account filters; an unknown account is a usage error", async () => {
    const dev = await audit(["--since", "30d", "--account", "dev"]);
    assert.equal(dev.code, 0, dev.stderr);
    assert.match(dev.stdout, /No AssumeRoleWithWebIdentity into keyless CI roles found/);
    const bad = await audit(["--account", "nope"]);
    assert.equal(bad.code, 64);
  });

  test("--csv and --user are refused with --ci (64), before any AWS call", async () => {
    for (const extra of [["--csv"], ["--user", "alice"]]) {
      const r = await audit(extra);
      assert.equal(r.code, 64, r.stderr);
      assert.match(r.stderr, /--ci cannot be combined with/);
    }
    assert.deepEqual(trail.requests(), []);
  });

  test("access denied: exit 1, the hint says which account and region", async () => {
    trail.denyAccess(true);
    try {
      const r = await audit([]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /account the CI roles are in/);
      assert.equal(r.stdout, "");
    } finally {
      trail.denyAccess(false);
    }
  });

  test("--role without --ci is a usage error", async () => {
    const r = await runKeyless(["audit", "--role", "x"], { cwd: user.work, env: { HOME: user.home } });
    assert.equal(r.code, 64);
    assert.match(r.stderr, /--role filters CI roles: use it with --ci/);
  });
});
