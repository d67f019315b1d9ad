/** runAudit with recorded events behind fake ports and a fixed clock: options, outputs, exit codes. */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { AuditPorts } from "../../../src/checks/audit/collect.ts";
import type { CliIO } from "../../../src/cli/io.ts";
import { type AuditDeps, type AuditOptions, runAudit } from "../../../src/commands/audit.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";
import { DOC_VARS, renderFixture } from "../../fixtures/cloudtrail/render.ts";

const NOW = new Date("2026-11-20T12:00:00Z");
const events = [
  ...renderFixture("before-2025-01-13", DOC_VARS, { newestAt: new Date("2026-11-10T10:00:00Z") }),
  ...renderFixture("after-2025-01-13", DOC_VARS, { newestAt: new Date("2026-11-19T10:00:00Z") }),
];

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "keyless-audit-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  regions: string[];
  windows: { start: Date; end: Date }[];
  closed: number;
}

async function run(opts: AuditOptions, env: Record<string, string> = {}, cwd = dir): Promise<Run> {
  const r: Run = { code: -1, stdout: "", stderr: "", regions: [], windows: [], closed: 0 };
  const io: CliIO = {
    out: (t) => {
      r.stdout += t;
    },
    err: (t) => {
      r.stderr += t;
    },
    stdoutIsTTY: false,
    stdinIsTTY: false,
    env,
    cwd,
    ask: async () => "",
  };
  const deps: AuditDeps = {
    now: () => NOW,
    ports: async (region, onPage) => {
      r.regions.push(region);
      const ports: AuditPorts & { close(): void } = {
        async lookup(source, window) {
          r.windows.push({ start: window.start, end: window.end });
          onPage(`  ${source}: page 1`);
          const inWindow = events.filter(
            (e) =>
              e.eventSource === source &&
              Date.parse(e.eventTime) >= window.start.getTime() &&
              Date.parse(e.eventTime) <= window.end.getTime(),
          );
          return {
            events: inWindow.map((e) => ({ eventId: e.eventID, cloudTrailEvent: JSON.stringify(e) })),
            pages: 1,
          };
        },
        resolveUserNames: async () => new Map([[DOC_VARS["USER_ID:carol"] as string, "carol"]]),
        close() {
          r.closed += 1;
        },
      };
      return ports;
    },
  };
  r.code = await runAudit(opts, io, deps);
  return r;
}

test("table by default: rows on stdout, progress and notes on stderr, exit 0, clients closed", async () => {
  const r = await run({ since: "30d" }, { AWS_REGION: "eu-west-1" });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^WHEN \(UTC\)/);
  assert.match(r.stdout, /23 events: 12 sign-in, 3 token, 8 role-credentials; 4 failures\./);
  assert.match(r.stderr, /Reading IAM Identity Center events from CloudTrail in eu-west-1/);
  assert.match(r.stderr, /sso\.amazonaws\.com: page 1/);
  assert.match(r.stderr, /Note: 2 CreateToken call\(s\)/);
  assert.deepEqual(r.regions, ["eu-west-1"]);
  assert.equal(r.closed, 1);
});

test("--json: a parseable array on stdout and nothing but notes on stderr", async () => {
  const r = await run({ since: "30d", json: true }, { AWS_REGION: "eu-west-1" });
  assert.equal(r.code, 0);
  const rows = JSON.parse(r.stdout) as { kind: string; time: string }[];
  assert.equal(rows.length, 23);
  assert.doesNotMatch(r.stderr, /page 1|Reading/);
});

test("--csv: header and one line per event", async () => {
  const r = await run({ since: "30d", csv: true }, { AWS_REGION: "eu-west-1" });
  assert.equal(r.code, 0);
  const lines = r.stdout.split("\r\n").filter(Boolean);
  assert.equal(lines.length, 24);
  assert.match(lines[0] ?? "", /^time,kind,event,user_name,/);
  assert.doesNotMatch(r.stderr, /page 1/);
});

test("the default window is 7 days: older events are not asked for", async () => {
  const r = await run({ json: true }, { AWS_REGION: "eu-west-1" });
  assert.equal(r.windows[0]?.start.toISOString(), "2026-11-13T12:00:00.000Z");
  const rows = JSON.parse(r.stdout) as { time: string }[];
  assert.equal(rows.length, 15);
  assert.ok(rows.every((x) => x.time >= "2026-11-13"));
});

test("keyless.yaml gives the region and account names; --region wins; --account NAME filters", async () => {
  const cfgDir = await mkdtemp(join(dir, "cfg-"));
  await writeFile(
    join(cfgDir, "keyless.yaml"),
    `version: 1\nidentityCenter:\n  region: eu-north-1\naccounts:\n  dev: "${DOC_VARS["ACCOUNT:dev"]}"\n  prod: "${DOC_VARS["ACCOUNT:prod"]}"\n`,
  );
  const a = await run({ since: "30d", account: "prod" }, { AWS_REGION: "us-west-2" }, cfgDir);
  assert.equal(a.code, 0, a.stderr);
  assert.deepEqual(a.regions, ["eu-north-1"]);
  const rows = a.stdout.split("\n").filter((l) => /GetRoleCredentials/.test(l));
  assert.equal(rows.length, 4);
  assert.ok(rows.every((l) => /\sprod\s/.test(l)));
  const b = await run({ since: "30d", region: "ap-south-1", json: true }, {}, cfgDir);
  assert.deepEqual(b.regions, ["ap-south-1"]);
  const json = JSON.parse(b.stdout) as { accountId?: string; accountName?: string }[];
  assert.ok(
    json.filter((x) => x.accountId === DOC_VARS["ACCOUNT:dev"]).every((x) => x.accountName === "dev"),
  );
});

test("--user filters by resolved name", async () => {
  const r = await run({ since: "30d", user: "carol", json: true }, { AWS_REGION: "eu-west-1" });
  const rows = JSON.parse(r.stdout) as { user: { name?: string } }[];
  assert.equal(rows.length, 8);
  assert.ok(rows.every((x) => x.user.name === "carol"));
});

test("nothing found says so", async () => {
  const r = await run({ since: "30d", user: "nobody" }, { AWS_REGION: "eu-west-1" });
  assert.equal(r.code, 0);
  assert.match(r.stdout, /No IAM Identity Center sign-in, token or role-credential events found/);
});

test("usage errors: --json with --csv, no region anywhere, an explicit -c that does not exist, a bad --since", async () => {
  const usage = async (opts: AuditOptions, env: Record<string, string>, code: string) => {
    const err = await run(opts, env).catch((e: unknown) => e);
    assert.ok(err instanceof KeylessError, String(err));
    assert.equal(err.code, code);
  };
  await usage({ json: true, csv: true }, { AWS_REGION: "eu-west-1" }, "USAGE");
  await usage({}, {}, "USAGE");
  await usage({ config: "missing.yaml" }, { AWS_REGION: "eu-west-1" }, "CONFIG_NOT_FOUND");
  await usage({ since: "soon" }, { AWS_REGION: "eu-west-1" }, "USAGE");
  await usage({ account: "staging" }, { AWS_REGION: "eu-west-1" }, "USAGE");
});
