/**
 * `npm run bench`: measures plan and apply against the local emulator (moto + the stand-in),
 * for a small and a larger organisation: wall time, peak memory and AWS API calls (what AWS
 * throttles). Prints a table and writes it to docs/benchmarks.md. Never part of `npm test`.
 */
import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findMotoServer } from "../scripts/moto-path.mjs";
import { openIdentityCenter } from "../src/app/identity-center.ts";
import { systemClock } from "../src/apply/clock.ts";
import { applyPlan } from "../src/apply/executor.ts";
import { parseConfig } from "../src/config/load.ts";
import { plan as computePlan } from "../src/engine/plan.ts";
import { awsTestEnv, startMoto } from "../test/helpers/moto.ts";
import { createOrganization } from "../test/helpers/org-fixture.ts";
import { startIdentityCenterProxy } from "../test/standins/identity-center-proxy.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const DOMAINS = ["core", "storage", "compute", "iam", "networking", "database", "serverless", "monitoring"];

interface Scenario {
  name: string;
  accounts: number;
  groups: number;
  usersPerGroup: number;
}

const SCENARIOS: Scenario[] = [
  { name: "small", accounts: 3, groups: 1, usersPerGroup: 2 },
  { name: "medium", accounts: 20, groups: 4, usersPerGroup: 5 },
];

interface Row {
  scenario: string;
  step: string;
  changes: number;
  seconds: number;
  peakRssMb: number;
  calls: number;
  topCalls: string;
}

function configFor(s: Scenario, accountIds: Record<string, string>): string {
  const lines = ["version: 1", "identityCenter:", "  region: eu-central-1", "accounts:"];
  for (const [name, id] of Object.entries(accountIds)) lines.push(`  ${name}: "${id}"`);
  lines.push("users:");
  for (let g = 0; g < s.groups; g++) {
    for (let u = 0; u < s.usersPerGroup; u++) {
      lines.push(
        `  user-${g}-${u}:`,
        `    displayName: User ${g} ${u}`,
        "    givenName: User",
        `    familyName: N${g}${u}`,
      );
      lines.push(`    email: user-${g}-${u}@example.com`);
    }
  }
  lines.push("groups:");
  for (let g = 0; g < s.groups; g++) {
    const members = Array.from({ length: s.usersPerGroup }, (_, u) => `user-${g}-${u}`);
    lines.push(`  team-${g}:`, `    members: [${members.join(", ")}]`);
  }
  lines.push("permissionSets:");
  for (const d of DOMAINS) {
    lines.push(
      `  terraform-${d}:`,
      `    description: Terraform ${d}`,
      "    sessionDuration: PT8H",
      "    inlinePolicy:",
      '      Version: "2012-10-17"',
      "      Statement:",
      "        - Effect: Allow",
      `          Action: ["sts:GetCallerIdentity"]`,
      '          Resource: "*"',
    );
  }
  lines.push("assignments:");
  lines.push(
    `  - principals: [${Array.from({ length: s.groups }, (_, g) => `group:team-${g}`).join(", ")}]`,
    `    permissionSets: [${DOMAINS.map((d) => `terraform-${d}`).join(", ")}]`,
    `    targets: [${Object.keys(accountIds).join(", ")}]`,
    "prune:",
    '  permissionSets: ["terraform-*"]',
    "",
  );
  return lines.join("\n");
}

async function measure<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const start = performance.now();
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, seconds: (performance.now() - start) / 1000, peakRssMb: peak / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

function callSummary(
  before: Record<string, number>,
  after: Record<string, number>,
): { calls: number; top: string } {
  const delta = Object.entries(after)
    .map(([op, n]) => [op, n - (before[op] ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  const calls = delta.reduce((sum, [, n]) => sum + n, 0);
  const top = delta
    .slice(0, 3)
    .map(([op, n]) => `${op.split(".")[1]} ${n}`)
    .join(", ");
  return { calls, top };
}

async function runScenario(s: Scenario, endpoint: string, motoEndpoint: string): Promise<Row[]> {
  const names = Array.from({ length: s.accounts }, (_, i) => `acct-${String(i).padStart(3, "0")}`);
  const org = await createOrganization(motoEndpoint, { accounts: names });
  const { desired } = parseConfig(configFor(s, org.accounts), join(root, "bench", `${s.name}.yaml`));
  process.env.AWS_ENDPOINT_URL = endpoint;
  const session = await openIdentityCenter(desired);
  const rows: Row[] = [];
  const step = async (label: string, apply: boolean) => {
    const before = session.clients.callCounts();
    const m = await measure(async () => {
      const actual = await session.read(desired);
      const p = computePlan(desired, actual, { prune: false });
      if (apply && p.changes.length > 0) {
        const result = await applyPlan(p, session.writer(), { clock: systemClock });
        if (result.summary.failed > 0) throw new Error(`apply failed: ${JSON.stringify(result.summary)}`);
      }
      return p.changes.length;
    });
    const c = callSummary(before, session.clients.callCounts());
    rows.push({
      scenario: `${s.name} (${s.accounts} accounts, ${s.groups} groups, ${DOMAINS.length} permission sets)`,
      step: label,
      changes: m.value,
      seconds: m.seconds,
      peakRssMb: m.peakRssMb,
      calls: c.calls,
      topCalls: c.top,
    });
  };
  await step("plan (empty instance)", false);
  await step("apply (plan + execute)", true);
  await step("re-plan (no changes)", false);
  session.clients.destroy();
  return rows;
}

function table(rows: Row[]): string {
  const out = [
    "| scenario | step | changes | time (s) | peak RSS (MB) | AWS calls | most frequent calls |",
    "|---|---|---:|---:|---:|---:|---|",
  ];
  for (const r of rows) {
    out.push(
      `| ${r.scenario} | ${r.step} | ${r.changes} | ${r.seconds.toFixed(2)} | ${r.peakRssMb.toFixed(0)} | ${r.calls} | ${r.topCalls} |`,
    );
  }
  return out.join("\n");
}

async function main(): Promise<void> {
  process.env.KEYLESS_MOTO_SERVER = findMotoServer();
  Object.assign(process.env, awsTestEnv("http://127.0.0.1:1"));
  const rows: Row[] = [];
  for (const s of SCENARIOS) {
    const moto = await startMoto();
    const proxy = await startIdentityCenterProxy(moto.endpoint);
    try {
      rows.push(...(await runScenario(s, proxy.endpoint, moto.endpoint)));
    } finally {
      await proxy.stop();
      await moto.stop();
    }
  }
  const text = table(rows);
  console.log(text);
  const doc = `# Benchmarks

Measured by \`npm run bench\` (bench/run.ts) against the local emulator: moto_server behind the
project's Identity Center stand-in, through the real AWS SDK, with keyless's default request budget
(20 requests per second overall, at most 10 assignment operations outstanding). Time is dominated
by that request budget and the emulator's speed, not by keyless's own work; AWS call counts are the
figure that transfers to real AWS (it throttles on calls). Peak RSS is of the whole Node process.

Latest run: ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${process.platform}/${process.arch}.

${text}
`;
  await writeFile(join(root, "docs", "benchmarks.md"), doc);
  console.log("\nwrote docs/benchmarks.md");
}

await main();
