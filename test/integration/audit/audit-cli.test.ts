/**
 * `keyless audit` end to end: the real AWS SDK against the CloudTrail stand-in (recorded events of
 * both formats, served over the CloudTrail wire protocol) and moto for identitystore user names.
 * The fixtures' user ids are those of users created in moto at test time.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, test } from "node:test";
import { CreateUserCommand, IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { DOC_VARS, renderFixture } from "../../fixtures/cloudtrail/render.ts";
import { awsTestEnv, type Moto, startMoto } from "../../helpers/moto.ts";
import { type CloudTrailStandin, startCloudTrailStandin } from "../../standins/cloudtrail-standin.ts";
import { runAuditCli } from "./run-audit-cli.ts";

const REGION = "eu-central-1";
const STORE = "d-1234567890";
const DAY = 86_400_000;

let moto: Moto;
let trail: CloudTrailStandin;
let dir: string;
const vars: Record<string, string> = {
  ...DOC_VARS,
  REGION,
  IDENTITY_STORE_ID: STORE,
  "USER_ID:departed": randomUUID(),
};

before(async () => {
  moto = await startMoto();
  // At most 4 events per page, so every source takes several pages (sso.amazonaws.com: 3).
  trail = await startCloudTrailStandin({ pageSize: 4 });
  Object.assign(process.env, awsTestEnv(moto.endpoint, REGION), {
    AWS_ENDPOINT_URL_CLOUDTRAIL: trail.endpoint,
  });
  const ids = new IdentitystoreClient({
    region: REGION,
    endpoint: moto.endpoint,
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
        Emails: [{ Value: `${userName}@example.com`, Primary: true }],
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
  dir = await mkdtemp(join(tmpdir(), "keyless-audit-it-"));
  await writeFile(
    join(dir, "keyless.yaml"),
    `version: 1\nidentityCenter:\n  region: ${REGION}\naccounts:\n  dev: "${vars["ACCOUNT:dev"]}"\n  prod: "${vars["ACCOUNT:prod"]}"\n`,
  );
});

after(async () => {
  await trail.stop();
  await moto.stop();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  // Forget the previous test's requests, and with them the stand-in's rate window.
  trail.clearRequests();
});

interface Row {
  time: string;
  kind: string;
  event: string;
  user: { id?: string; name?: string; identityStoreArn?: string };
  accountId?: string;
  accountName?: string;
  role?: string;
  outcome: string;
  errorCode?: string;
  eventId: string;
}

async function auditJson(args: string[] = []): Promise<Row[]> {
  const r = await runAuditCli(["--since", "30d", "--json", ...args], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Row[];
}

test("the table over both formats: names resolved from ids, account names; one attribute per lookup, ≥3 pages", async () => {
  const r = await runAuditCli(["--since", "30d"], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split("\n");
  assert.match(lines[0] ?? "", /^WHEN \(UTC\)\s+EVENT\s+WHO\s+ACCOUNT\s+ROLE\s+FROM\s+AGENT\s+RESULT$/);
  assert.match(r.stdout, /23 events: 12 sign-in, 3 token, 8 role-credentials; 4 failures\./);
  // Old format: the name is in the event. New format: resolved with DescribeUser in moto.
  assert.match(
    r.stdout,
    /GetRoleCredentials\s+alice\s+dev\s+terraform-core\s+198\.51\.100\.23\s+Terraform\/1\.9\.8\s+success/,
  );
  assert.match(r.stdout, /UserAuthentication \(TOTP\)\s+carol\s+-\s+-\s+192\.0\.2\.224/);
  assert.match(r.stdout, /GetRoleCredentials\s+dave\s+prod\s+terraform-core\s.*FAILED ForbiddenException/);
  // A user deleted since: shown as the id.
  assert.match(
    r.stdout,
    new RegExp(`GetRoleCredentials\\s+${vars["USER_ID:departed"]}\\s+prod\\s+terraform-iam`),
  );
  assert.match(r.stderr, /Reading IAM Identity Center events from CloudTrail in eu-central-1/);
  assert.match(r.stderr, /sso\.amazonaws\.com: page 3, 10 event\(s\) so far/);
  assert.match(r.stderr, /Note: 2 CreateToken call\(s\)/);
  assert.doesNotMatch(r.stderr, /Problem/);

  // Three lookups with ONE EventSource attribute each, MaxResults 50, paged with NextToken.
  const reqs = trail.requests();
  assert.ok(
    reqs.every((q) => q.error === undefined),
    JSON.stringify(reqs),
  );
  const bySource = new Map<string, typeof reqs>();
  for (const q of reqs) {
    assert.equal(q.attribute?.key, "EventSource");
    assert.equal(q.maxResults, 50);
    const list = bySource.get(q.attribute?.value ?? "") ?? [];
    list.push(q);
    bySource.set(q.attribute?.value ?? "", list);
  }
  assert.deepEqual(
    [...bySource.keys()],
    ["signin.amazonaws.com", "sso-oauth.amazonaws.com", "sso.amazonaws.com"],
  );
  const sso = bySource.get("sso.amazonaws.com") ?? [];
  assert.equal(sso.length, 3);
  assert.equal(sso[0]?.nextToken, undefined);
  assert.ok(sso.slice(1).every((q) => typeof q.nextToken === "string"));
  // The window sent is the one asked for (30 days up to now).
  const first = reqs[0];
  assert.ok(first?.startTime !== undefined && first.endTime !== undefined);
  assert.ok(Math.abs(first.endTime - first.startTime - 30 * DAY) < 60_000);
});

test("--json: both formats, sorted by time, user ids and names, identity store ARN", async () => {
  const rows = await auditJson();
  assert.equal(rows.length, 23);
  const times = rows.map((r) => r.time);
  assert.deepEqual(times, [...times].sort());
  const oldFormat = rows.filter((r) => r.user.name === "bob");
  assert.ok(oldFormat.length > 0 && oldFormat.every((r) => r.user.id === undefined));
  const carol = rows.filter((r) => r.user.id === vars["USER_ID:carol"]);
  assert.equal(carol.length, 8);
  assert.ok(carol.every((r) => r.user.name === "carol"));
  assert.ok(carol.every((r) => r.user.identityStoreArn?.endsWith(`:identitystore/${STORE}`)));
  const prod = rows.filter((r) => r.accountId === vars["ACCOUNT:prod"]);
  assert.ok(prod.length > 0 && prod.every((r) => r.accountName === "prod"));
});

test("--user and --account NAME filter; --csv has a header and a line per event", async () => {
  const carol = await auditJson(["--user", "carol"]);
  assert.equal(carol.length, 8);
  const prod = await auditJson(["--account", "prod"]);
  assert.deepEqual(
    prod.map((r) => `${r.user.name ?? r.user.id}:${r.role}:${r.outcome}`),
    [
      "bob:terraform-iam:failure",
      "alice:terraform-core:success",
      `${vars["USER_ID:departed"]}:terraform-iam:success`,
      "dave:terraform-core:failure",
    ],
  );
  const csv = await runAuditCli(["--since", "30d", "--csv", "--user", "alice"], { cwd: dir });
  assert.equal(csv.code, 0, csv.stderr);
  const lines = csv.stdout.split("\r\n").filter(Boolean);
  assert.match(lines[0] ?? "", /^time,kind,event,user_name,user_id,/);
  assert.equal(lines.length, 1 + 8);
  assert.doesNotMatch(csv.stderr, /page/);
});

test("a throttling response is retried: same result, exit 0", async () => {
  trail.throttleNext(1);
  const rows = await auditJson();
  assert.equal(rows.length, 23);
  const reqs = trail.requests();
  assert.equal(reqs[0]?.error, "ThrottlingException");
  assert.equal(reqs[1]?.error, undefined);
  assert.deepEqual(reqs[1]?.attribute, reqs[0]?.attribute);
});

test("access denied: a clear message naming cloudtrail:LookupEvents and the region, exit 1, nothing on stdout", async () => {
  trail.denyAccess(true);
  try {
    const r = await runAuditCli(["--since", "30d"], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /Error: Access denied to CloudTrail LookupEvents in eu-central-1/);
    assert.match(r.stderr, /Hint: .*cloudtrail:LookupEvents in eu-central-1, the IAM Identity Center region/);
    assert.equal(trail.requests().length, 1, "no retry of an access error, no further lookups");
  } finally {
    trail.denyAccess(false);
  }
});

test("malformed events: one problem line each, with its id; every other event shown, exit 1", async () => {
  const badJson = trail.addMalformed("bad-json", "sso.amazonaws.com", new Date(Date.now() - 3 * DAY));
  const missing = trail.addMalformed("missing-fields", "sso.amazonaws.com", new Date(Date.now() - 4 * DAY));
  try {
    const r = await runAuditCli(["--since", "30d", "--json"], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal((JSON.parse(r.stdout) as Row[]).length, 23);
    const problems = r.stderr.split("\n").filter((l) => l.startsWith("Problem:"));
    assert.equal(problems.length, 2);
    assert.ok(
      problems.some((p) =>
        p.includes(`sso.amazonaws.com event ${badJson}: CloudTrailEvent is not valid JSON`),
      ),
    );
    assert.ok(
      problems.some((p) => p.includes(`sso.amazonaws.com event ${missing}: CloudTrailEvent lacks eventTime`)),
    );
  } finally {
    trail.setRecords([
      ...renderFixture("before-2025-01-13", vars, { newestAt: new Date(Date.now() - 20 * DAY) }),
      ...renderFixture("after-2025-01-13", vars, { newestAt: new Date(Date.now() - 2 * DAY) }),
    ]);
  }
});

test("a lookup that fails partway: what was read is printed, the problem named, exit 1", async () => {
  // The second request (sign-in page 2) fails with an error the SDK does not retry.
  trail.failNext(
    { status: 400, type: "InvalidNextTokenException", message: "Invalid NextToken" },
    { after: 1 },
  );
  const r = await runAuditCli(["--since", "30d"], { cwd: dir });
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /Problem: signin\.amazonaws\.com: the lookup stopped after 1 page\(s\) .*InvalidNextTokenException.*only the 4 event\(s\) read before are shown/,
  );
  assert.match(r.stdout, /15 events: 4 sign-in, 3 token, 8 role-credentials/);
});
