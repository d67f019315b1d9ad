/**
 * `npm run bench`: keyless at organisation scale against the local emulator (moto behind the Identity
 * Center stand-in), run as the user runs it (the built CLI, default settings: 20 requests/s), behind a
 * proxy that refuses more than 20 requests in any second as AWS would. Measures a no-change plan at
 * 50, 200 and 500 accounts × 8 permission sets × 3 groups, and an apply of 1,000 assignments with
 * asynchronous assignment creation; reports calls by operation, the computed minimum (minimum.ts),
 * wall time, ThrottlingException answers and the child's peak RSS, and writes the tables into
 * docs/benchmarks.md. Never part of `npm test`. Options: --only plan|apply, --accounts 50,200.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { findMotoServer } from "../scripts/moto-path.mjs";
import { awsTestEnv, startMoto } from "../test/helpers/moto.ts";
import { type Exit, runKeyless, userDirs } from "../test/helpers/spawn-cli.ts";
import { startIdentityCenterProxy } from "../test/standins/identity-center-proxy.ts";
import { type Minimum, minimumPlanCalls, type OrgShape } from "./minimum.ts";
import { configFor, createAccounts, REGION, seedAssignments, writeConfig } from "./org.ts";
import { startThrottleProxy } from "./throttle-proxy.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const RATE = 20;
const SERVICE: Record<string, string> = {
  SWBExternalService: "sso-admin",
  AWSIdentityStore: "identitystore",
  AWSOrganizationsV20161128: "organizations",
};

interface Run {
  exit: Exit;
  seconds: number;
  peakRssMb: number;
  calls: Record<string, number>;
  totalCalls: number;
  throttled: number;
}

interface PlanRow extends Run {
  shape: OrgShape;
  assignments: number;
  setupSeconds: number;
  minimum: Minimum;
  strategy: string;
  predicted: number;
  keylessCalls: number;
}

interface ApplyRow extends Run {
  shape: OrgShape;
  operations: number;
  failures: number | undefined;
  polls: number;
  setupSeconds: number;
}

function byOperation(targets: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of targets) {
    const [prefix = "", op = t] = t.split(".");
    const key = `${SERVICE[prefix] ?? prefix}.${op}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(out).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)));
}

/** A scratch world: moto, the stand-in proxy, the 20 req/s throttle in front, a user directory. */
async function world() {
  const moto = await startMoto();
  const proxy = await startIdentityCenterProxy(moto.endpoint);
  const throttle = await startThrottleProxy(proxy.endpoint, { requestsPerSecond: RATE });
  const dirs = userDirs("keyless-bench-");
  const scratch = await mkdtemp(join(tmpdir(), "keyless-bench-rss-"));
  const env = (endpoint: string, extra: Record<string, string> = {}) => ({
    HOME: dirs.home,
    ...awsTestEnv(endpoint, REGION),
    ...extra,
  });
  /** Runs keyless; `measured`: through the throttle at default settings, with peak RSS and calls. */
  async function keyless(args: string[], measured: boolean): Promise<Run> {
    const rssFile = join(scratch, "rss");
    await rm(rssFile, { force: true });
    proxy.clearCalls();
    throttle.reset();
    const preload = pathToFileURL(join(root, "bench", "rss-preload.mjs")).href;
    const start = performance.now();
    const exit = await runKeyless(args, {
      cwd: dirs.work,
      env: measured
        ? env(throttle.endpoint, { NODE_OPTIONS: `--import=${preload}`, KEYLESS_BENCH_RSS_FILE: rssFile })
        : env(proxy.endpoint),
      timeoutMs: 60 * 60_000,
    });
    const seconds = (performance.now() - start) / 1000;
    const rss = measured ? Number(await readFile(rssFile, "utf8").catch(() => "0")) : 0;
    const calls = byOperation(proxy.calls());
    return {
      exit,
      seconds,
      peakRssMb: rss / 1024,
      calls,
      totalCalls: Object.values(calls).reduce((a, b) => a + b, 0),
      throttled: throttle.counts().throttled,
    };
  }
  return {
    moto,
    proxy,
    dirs,
    keyless,
    async stop() {
      await throttle.stop();
      await proxy.stop();
      await moto.stop();
      dirs.remove();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

function must(run: Run, what: string, codes: number[]): void {
  if (!codes.includes(run.exit.code ?? -1)) {
    throw new Error(
      `${what} exited ${run.exit.code}:\n${run.exit.stdout.slice(-2000)}\n${run.exit.stderr.slice(-2000)}`,
    );
  }
}

async function benchPlan(shape: OrgShape): Promise<PlanRow> {
  const w = await world();
  try {
    const t0 = performance.now();
    const accountIds = await createAccounts(w.moto.endpoint, shape.accounts);
    await writeConfig(w.dirs.work, configFor(shape, accountIds, false));
    must(
      await w.keyless(["apply", "--auto-approve", "--requests-per-second", "1000"], false),
      "setup apply",
      [0],
    );
    const assignments = await seedAssignments(w.proxy, shape, accountIds);
    await writeConfig(w.dirs.work, configFor(shape, accountIds, true));
    const setupSeconds = (performance.now() - t0) / 1000;
    process.stderr.write(
      `  ${shape.accounts} accounts: organisation built in ${setupSeconds.toFixed(1)} s\n`,
    );

    const run = await w.keyless(["plan", "--json", "--detailed-exitcode"], true);
    must(run, "no-change plan", [0]);
    const plan = JSON.parse(run.exit.stdout);
    if (plan.changes.length > 0)
      throw new Error(`the plan is not a no-change plan: ${plan.changes.length} changes`);
    return {
      ...run,
      shape,
      assignments,
      setupSeconds,
      minimum: minimumPlanCalls(shape),
      strategy: plan.read?.strategy ?? "?",
      predicted: plan.read?.predicted_calls ?? Number.NaN,
      keylessCalls: plan.read?.calls ?? Number.NaN,
    };
  } finally {
    await w.stop();
  }
}

async function benchApply(shape: OrgShape, polls: number): Promise<ApplyRow> {
  const w = await world();
  try {
    const t0 = performance.now();
    const accountIds = await createAccounts(w.moto.endpoint, shape.accounts);
    await writeConfig(w.dirs.work, configFor(shape, accountIds, false));
    must(
      await w.keyless(["apply", "--auto-approve", "--requests-per-second", "1000"], false),
      "setup apply",
      [0],
    );
    await writeConfig(w.dirs.work, configFor(shape, accountIds, true));
    const setupSeconds = (performance.now() - t0) / 1000;
    w.proxy.setAsync({ polls });
    const run = await w.keyless(["apply", "--auto-approve"], true);
    const failed = /Apply failed: (\d+) of/.exec(run.exit.stdout);
    const complete = /Apply complete!/.test(run.exit.stdout);
    return {
      ...run,
      shape,
      operations: shape.groups * shape.permissionSets * shape.accounts,
      failures: failed ? Number(failed[1]) : complete ? 0 : undefined,
      polls,
      setupSeconds,
    };
  } finally {
    await w.stop();
  }
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "?");
const top = (calls: Record<string, number>, n: number) =>
  Object.entries(calls)
    .slice(0, n)
    .map(([op, k]) => `${op.split(".")[1]} ${k}`)
    .join(", ");

function planTable(rows: PlanRow[]): string {
  const out = [
    "| accounts × sets × groups | assignments | strategy | AWS calls | computed minimum | calls ÷ minimum | one read per assignment | fewer calls than that | keyless's read: predicted / made | wall (s) | calls ÷ 20 (s) | ThrottlingException | peak RSS (MB) |",
    "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of rows) {
    out.push(
      `| ${r.shape.accounts} × ${r.shape.permissionSets} × ${r.shape.groups} | ${r.assignments} | ${r.strategy} | ${r.totalCalls} | ${r.minimum.total} | ${fmt(r.totalCalls / r.minimum.total, 2)} | ${r.minimum.perAssignment} | ${fmt(r.minimum.perAssignment / r.totalCalls, 1)}× | ${r.predicted} / ${r.keylessCalls} | ${fmt(r.seconds, 1)} | ${fmt(r.totalCalls / RATE, 1)} | ${r.throttled} | ${fmt(r.peakRssMb)} |`,
    );
  }
  return out.join("\n");
}

function callsTable(rows: PlanRow[]): string {
  const ops = [...new Set(rows.flatMap((r) => Object.keys(r.calls)))].sort();
  const out = [
    `| operation | ${rows.map((r) => `${r.shape.accounts} accounts`).join(" | ")} |`,
    `|---|${rows.map(() => "---:").join("|")}|`,
  ];
  for (const op of ops) out.push(`| ${op} | ${rows.map((r) => r.calls[op] ?? 0).join(" | ")} |`);
  return out.join("\n");
}

function applyTable(r: ApplyRow): string {
  const floor = r.totalCalls / RATE;
  return [
    "| accounts × sets × groups | assignment operations | status polls answering IN_PROGRESS | AWS calls | failures | wall (s) | calls ÷ 20 (s) | wall ÷ (calls ÷ 20) | ThrottlingException | peak RSS (MB) | most frequent calls |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    `| ${r.shape.accounts} × ${r.shape.permissionSets} × ${r.shape.groups} | ${r.operations} | ${r.polls} | ${r.totalCalls} | ${r.failures ?? `exit ${r.exit.code}`} | ${fmt(r.seconds, 1)} | ${fmt(floor, 1)} | ${fmt(r.seconds / floor, 2)} | ${r.throttled} | ${fmt(r.peakRssMb)} | ${top(r.calls, 4)} |`,
  ].join("\n");
}

function targets(plans: PlanRow[], apply: ApplyRow | undefined): string {
  const mark = (ok: boolean) => (ok ? "met" : "**not met**");
  const lines = plans.map(
    (r) =>
      `- ${r.shape.accounts} accounts: ${r.totalCalls} calls ≤ 1.2 × ${r.minimum.total} = ${fmt(1.2 * r.minimum.total, 1)}: ${mark(r.totalCalls <= 1.2 * r.minimum.total)}; ` +
      `peak RSS ${fmt(r.peakRssMb)} MB < 250 MB: ${mark(r.peakRssMb < 250)}; ThrottlingException ${r.throttled}: ${mark(r.throttled === 0)}.`,
  );
  const largest = plans.find((r) => r.shape.accounts === 500);
  if (largest) {
    lines.push(
      `- 500 accounts: ${fmt(largest.minimum.perAssignment / largest.totalCalls, 1)}× fewer calls than one read per assignment (≥ 20×): ${mark(largest.minimum.perAssignment >= 20 * largest.totalCalls)}.`,
    );
  }
  if (apply) {
    lines.push(
      `- apply of ${apply.operations} assignments: ${apply.failures ?? "?"} failures (0): ${mark(apply.failures === 0)}; wall ${fmt(apply.seconds, 1)} s ≤ 1.3 × calls ÷ 20 = ${fmt((1.3 * apply.totalCalls) / RATE, 1)} s: ${mark(apply.seconds <= (1.3 * apply.totalCalls) / RATE)}; ThrottlingException ${apply.throttled}: ${mark(apply.throttled === 0)}.`,
    );
  }
  return lines.join("\n");
}

function args(): { only?: string; accounts: number[] } {
  const argv = process.argv.slice(2);
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const accounts = (value("--accounts") ?? "50,200,500").split(",").map(Number);
  const only = value("--only");
  return { ...(only ? { only } : {}), accounts };
}

async function main(): Promise<void> {
  const opts = args();
  process.env.KEYLESS_MOTO_SERVER = findMotoServer();
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  process.stderr.write("building dist/ (the benchmark runs the built CLI)\n");
  execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });

  const plans: PlanRow[] = [];
  if (opts.only !== "apply") {
    for (const accounts of opts.accounts) {
      process.stderr.write(`no-change plan, ${accounts} accounts × 8 sets × 3 groups\n`);
      plans.push(await benchPlan({ accounts, permissionSets: 8, groups: 3, usersPerGroup: 2 }));
    }
  }
  let apply: ApplyRow | undefined;
  if (opts.only !== "plan") {
    process.stderr.write("apply of 1,000 assignments, asynchronous (1 IN_PROGRESS status poll each)\n");
    apply = await benchApply({ accounts: 125, permissionSets: 8, groups: 1, usersPerGroup: 2 }, 1);
  }

  const stamp = `Latest run: ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${process.platform}/${process.arch}.`;
  const sections = [stamp];
  if (plans.length > 0) {
    sections.push(
      "### No-change plan",
      planTable(plans),
      "keyless's read is the plan's calls but the ListInstances that finds the instance before it " +
        "(`read.predicted_calls` / `read.calls` of `plan --json`). AWS calls by operation" +
        " (counted at the stand-in behind the throttle: once per call that got through):",
      callsTable(plans),
    );
  }
  if (apply) sections.push("### Apply of 1,000 assignments, asynchronous", applyTable(apply));
  sections.push("### Targets", targets(plans, apply));
  const results = sections.join("\n\n");
  console.log(results);

  const docPath = join(root, "docs", "benchmarks.md");
  const doc = await readFile(docPath, "utf8");
  const start = "<!-- bench:results:start -->";
  const end = "<!-- bench:results:end -->";
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${docPath} lacks the ${start} / ${end} markers`);
  await writeFile(docPath, `${doc.slice(0, a + start.length)}\n\n${results}\n\n${doc.slice(b)}`);
  console.log("\nwrote docs/benchmarks.md");
}

await main();
