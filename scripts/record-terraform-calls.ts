/**
 * Regenerates test/fixtures/terraform-calls/<stack>.json: runs the real Terraform (on PATH) with the
 * hashicorp/aws provider from a local filesystem mirror against moto, through a recording proxy, for
 * each typical stack (test/helpers/terraform-calls-stacks.ts). See docs/terraform-calls.md.
 *
 *   node --import tsx scripts/record-terraform-calls.ts [STACK ...]     (default: every stack)
 *   node --import tsx scripts/record-terraform-calls.ts --evaluate      (no recording: print, as a
 *     markdown table, every recorded call today's presets deny, with its issue finding)
 *
 * Needs: terraform >= 1.10, moto_server, and a mirror with hashicorp/aws for this platform (found
 * like the demo finds it: KEYLESS_DEMO_TF_MIRROR, Terraform's implied mirror directories, /opt/*).
 * Never downloads a provider.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startMoto } from "../test/helpers/moto.ts";
import { evaluateFixture, type RequestVerdict, variantsOf } from "../test/helpers/terraform-calls-eval.ts";
import {
  FIXTURE_DIR,
  fixtureNames,
  fixtureText,
  readFixture,
} from "../test/helpers/terraform-calls-format.ts";
import { recordStack } from "../test/helpers/terraform-calls-record.ts";
import { denialTable } from "../test/helpers/terraform-calls-report.ts";
import { findStack, STACKS, type StackDef } from "../test/helpers/terraform-calls-stacks.ts";
import { checkTerraform, findProviderMirror } from "./demo-terraform-env.ts";
import { findMotoServer, pathWithMoto } from "./moto-path.mjs";

async function motoVersion(): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)("python3", ["-c", "import moto; print(moto.__version__)"]);
    return stdout.trim();
  } catch {
    return "unknown";
  }
}

/** Evaluates the fixtures against today's presets and prints the denials. */
async function evaluateAll(): Promise<number> {
  const verdicts: RequestVerdict[] = [];
  for (const name of fixtureNames()) {
    const fixture = readFixture(name);
    for (const variant of variantsOf(fixture)) verdicts.push(...(await evaluateFixture(fixture, variant)));
  }
  const denied = verdicts.filter((v) => v.decision !== "allowed").length;
  console.log(`${verdicts.length} IAM requests evaluated, ${denied} denied\n`);
  console.log(denialTable(verdicts));
  return 0;
}

async function main(): Promise<number> {
  if (process.argv[2] === "--evaluate") return evaluateAll();
  const names = process.argv.slice(2);
  const unknown = names.filter((n) => !findStack(n));
  if (unknown.length > 0) {
    console.error(
      `unknown stack(s): ${unknown.join(", ")}; the stacks are: ${STACKS.map((s) => s.name).join(", ")}`,
    );
    return 2;
  }
  const stacks: StackDef[] = names.length > 0 ? names.map((n) => findStack(n)!) : [...STACKS];
  const tf = await checkTerraform();
  if (!tf.ok) {
    console.error(`cannot record: ${tf.reason}`);
    return 1;
  }
  const mirror = findProviderMirror();
  if (mirror === undefined) {
    console.error(
      "cannot record: no filesystem mirror with hashicorp/aws found (set KEYLESS_DEMO_TF_MIRROR to the directory holding registry.terraform.io)",
    );
    return 1;
  }
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  process.env.KEYLESS_MOTO_SERVER = findMotoServer();
  process.env.PATH = pathWithMoto(process.env.KEYLESS_MOTO_SERVER);
  const moto = await startMoto();
  const cache = await mkdtemp(join(tmpdir(), "keyless-tf-plugin-cache-"));
  try {
    const env = {
      motoEndpoint: moto.endpoint,
      resetMoto: () => moto.reset(),
      mirror,
      terraform: tf.bin,
      pluginCache: cache,
      motoVersion: await motoVersion(),
      log: (line: string) => console.log(line),
    };
    for (const stack of stacks) {
      const fixture = await recordStack(stack, env);
      const file = join(FIXTURE_DIR, `${stack.name}.json`);
      await writeFile(file, fixtureText(fixture));
      const calls = fixture.phases.reduce((n, p) => n + p.calls.length, 0);
      console.log(`${stack.name}: ${calls} calls in ${fixture.phases.length} steps -> ${file}`);
    }
  } finally {
    await moto.stop();
    await rm(cache, { recursive: true, force: true });
  }
  return 0;
}

process.exitCode = await main();
