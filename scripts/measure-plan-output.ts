/**
 * Measures how readable the first plan of examples/keyless.yaml is: lines of `keyless plan` and of
 * `keyless apply --auto-approve` output, and how many of them are policy JSON. Runs the built CLI
 * (dist/, `npx tsc -p tsconfig.build.json`) against the emulator, as `npm run demo` does.
 * Usage: node --import tsx scripts/measure-plan-output.ts [--print]
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { awsTestEnv, startMoto } from "../test/helpers/moto.ts";
import { createOrganization } from "../test/helpers/org-fixture.ts";
import { runKeyless } from "../test/helpers/spawn-cli.ts";
import { startIdentityCenterProxy } from "../test/standins/identity-center-proxy.ts";
import { findMotoServer, pathWithMoto } from "./moto-path.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** A line of pretty-printed JSON (or of a diff of it): `{`, `}`, `[`, `]` or `"key": ...`, after indent and diff marks. */
export function isPolicyJsonLine(line: string): boolean {
  const body = line.replace(/^\s*[+\- ]?\s*/, "");
  return /^[{}[\]"]/.test(body) || /^@@ /.test(body);
}

function measure(label: string, text: string): void {
  const lines = text.split("\n").filter((l, i, all) => i < all.length - 1 || l !== "");
  const json = lines.filter(isPolicyJsonLine).length;
  const share = lines.length === 0 ? 0 : (100 * json) / lines.length;
  process.stdout.write(`${label}: ${lines.length} lines, ${json} policy JSON (${share.toFixed(1)} %)\n`);
}

async function main(): Promise<void> {
  process.env.KEYLESS_MOTO_SERVER = findMotoServer();
  process.env.PATH = pathWithMoto(process.env.KEYLESS_MOTO_SERVER);
  const moto = await startMoto();
  const proxy = await startIdentityCenterProxy(moto.endpoint);
  const work = await mkdtemp(join(tmpdir(), "keyless-measure-"));
  try {
    const org = await createOrganization(moto.endpoint, { accounts: ["dev", "staging", "prod"] });
    let text = await readFile(join(root, "examples/keyless.yaml"), "utf8");
    const placeholders: Record<string, string> = {
      dev: "111111111111",
      staging: "222222222222",
      prod: "333333333333",
    };
    for (const [name, placeholder] of Object.entries(placeholders))
      text = text.replaceAll(`"${placeholder}"`, `"${org.accounts[name]}"`);
    await writeFile(join(work, "keyless.yaml"), text);
    const env = { HOME: work, ...awsTestEnv(proxy.endpoint, "eu-central-1") };
    const extra = process.argv.slice(2).filter((a) => a !== "--print");
    const plan = await runKeyless(["plan", ...extra], { cwd: work, env });
    measure("plan", plan.stdout);
    const apply = await runKeyless(["apply", "--auto-approve", ...extra], { cwd: work, env });
    measure("apply", apply.stdout);
    if (process.argv.includes("--print")) process.stdout.write(`\n${plan.stdout}\n----\n${apply.stdout}`);
  } finally {
    await proxy.stop();
    await moto.stop();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
