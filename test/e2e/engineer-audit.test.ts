/**
 * `keyless audit` as a user runs it: the built CLI as a child process, signed in through an SSO
 * profile (AWS_PROFILE, resolved by the AWS SDK through the token cache and the SSO stand-in's
 * portal), reading recorded CloudTrail events of both formats from the CloudTrail stand-in and user
 * names from moto's identity store. Also its refusals: bad input (64), no credentials (67), access
 * denied (1).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { CreateUserCommand, IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { DOC_VARS, renderFixture } from "../fixtures/cloudtrail/render.ts";
import { runKeyless } from "../helpers/spawn-cli.ts";
import { type CloudTrailStandin, startCloudTrailStandin } from "../standins/cloudtrail-standin.ts";
import {
  ACCOUNT,
  type Engineer,
  engineer,
  installProfileSet,
  PROFILE,
  REGION,
  signIn,
  startWorld,
  type World,
} from "./engineer-world.ts";

const STORE = "d-1234567890";
const DAY = 86_400_000;
let world: World;
let trail: CloudTrailStandin;
let auditor: Engineer;
const vars: Record<string, string> = {
  ...DOC_VARS,
  REGION,
  IDENTITY_STORE_ID: STORE,
  "USER_ID:departed": randomUUID(),
};

before(async () => {
  world = await startWorld();
  trail = await startCloudTrailStandin({ pageSize: 4 });
  const ids = new IdentitystoreClient({
    region: REGION,
    endpoint: world.moto.endpoint,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
  for (const [userName, given] of [
    ["alice", "Alice"],
    ["carol", "Carol"],
    ["dave", "Dave"],
  ] as const) {
    const out = await ids.send(
      new CreateUserCommand({
        IdentityStoreId: STORE,
        UserName: userName,
        DisplayName: `${given} Example`,
        Name: { GivenName: given, FamilyName: "Example" },
      }),
    );
    vars[`USER_ID:${userName}`] = out.UserId as string;
  }
  ids.destroy();
  const now = Date.now();
  trail.setRecords([
    ...renderFixture("before-2025-01-13", vars, { newestAt: new Date(now - 20 * DAY) }),
    ...renderFixture("after-2025-01-13", vars, { newestAt: new Date(now - 2 * DAY) }),
  ]);
  auditor = engineer(world);
  await signIn(world, auditor);
  await installProfileSet(auditor);
  writeFileSync(
    join(auditor.work, "keyless.yaml"),
    `version: 1\nidentityCenter:\n  region: ${REGION}\n  identityStoreId: ${STORE}\naccounts:\n  shared: "${ACCOUNT}"\n  dev: "${vars["ACCOUNT:dev"]}"\n  prod: "${vars["ACCOUNT:prod"]}"\n`,
  );
});
after(async () => {
  await trail?.stop();
  await world?.stop();
  auditor?.remove();
});
beforeEach(() => {
  trail.clearRequests();
});

/** The auditor's shell: signed in, AWS_PROFILE set, endpoints for the stand-ins. */
const audit = (args: string[]) =>
  auditor.run(["audit", ...args], {
    env: { AWS_PROFILE: PROFILE, AWS_ENDPOINT_URL_CLOUDTRAIL: trail.endpoint },
  });

describe("keyless audit, spawned", () => {
  test("the table over both event formats, user names from the identity store; exit 0", async () => {
    world.standin.clearCalls();
    const r = await audit(["--since", "30d"]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(
      world.standin.calls().some((c) => c.operation === "GetRoleCredentials"),
      "signed in through the SSO profile",
    );
    assert.match(
      r.stdout.split("\n")[0] ?? "",
      /^WHEN \(UTC\)\s+EVENT\s+WHO\s+ACCOUNT\s+ROLE\s+FROM\s+AGENT\s+RESULT$/,
    );
    assert.match(r.stdout, /23 events: 12 sign-in, 3 token, 8 role-credentials; 4 failures\./);
    assert.match(
      r.stdout,
      /GetRoleCredentials\s+alice\s+dev\s+terraform-core\s+198\.51\.100\.23\s+Terraform\/1\.9\.8\s+success/,
    );
    assert.match(r.stdout, /GetRoleCredentials\s+dave\s+prod\s+terraform-core\s.*FAILED ForbiddenException/);
    assert.match(r.stderr, /Reading IAM Identity Center events from CloudTrail in eu-central-1/);
    assert.ok(trail.requests().length >= 5, "every source, several pages");
  });

  test("--json and --csv with --user", async () => {
    const json = await audit(["--since", "30d", "--json", "--user", "carol"]);
    assert.equal(json.code, 0, json.stderr);
    const rows = JSON.parse(json.stdout) as { user: { name?: string } }[];
    assert.equal(rows.length, 8);
    assert.ok(rows.every((r) => r.user.name === "carol"));
    const csv = await audit(["--since", "30d", "--csv", "--user", "alice"]);
    assert.equal(csv.code, 0, csv.stderr);
    const lines = csv.stdout.split("\r\n").filter(Boolean);
    assert.match(lines[0] ?? "", /^time,kind,event,user_name,user_id,/);
    assert.equal(lines.length, 1 + 8);
  });

  test("access denied: exit 1 naming cloudtrail:LookupEvents, nothing on stdout", async () => {
    trail.denyAccess(true);
    try {
      const r = await audit(["--since", "30d"]);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, /Error: Access denied to CloudTrail LookupEvents in eu-central-1/);
      assert.match(r.stderr, /cloudtrail:LookupEvents/);
    } finally {
      trail.denyAccess(false);
    }
  });

  test("bad --since: exit 64 before any request", async () => {
    const r = await audit(["--since", "soon"]);
    assert.equal(r.code, 64, r.stderr);
    assert.equal(trail.requests().length, 0);
  });

  test("no credentials at all (a HOME with nothing in it): exit 67 with a hint, no request", async () => {
    const nobody = engineer(world);
    try {
      const r = await runKeyless(["audit", "--region", REGION], {
        cwd: nobody.work,
        env: nobody.env({ AWS_ENDPOINT_URL_CLOUDTRAIL: trail.endpoint }),
      });
      assert.equal(r.code, 67, r.stderr);
      assert.match(r.stderr, /^Hint: /m);
      assert.equal(trail.requests().length, 0);
    } finally {
      nobody.remove();
    }
  });
});
