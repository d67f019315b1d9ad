// Runs every test file under test/ with node:test (Node 20's --test does not expand globs).
// Usage: node scripts/run-tests.mjs [dir-or-file ...]   (default: test/)
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { findMotoServer, pathWithMoto } from "./moto-path.mjs";

function collect(path, out) {
  const st = statSync(path);
  if (st.isFile()) {
    if (path.endsWith(".test.ts")) out.push(path);
    return out;
  }
  for (const entry of readdirSync(path).sort()) collect(join(path, entry), out);
  return out;
}

const roots = process.argv.slice(2);
const files = (roots.length ? roots : ["test"]).flatMap((r) => collect(r, []));
if (files.length === 0) {
  console.error("no test files found");
  process.exit(1);
}

// Make sure the emulator is available before any integration test starts it.
process.env.KEYLESS_MOTO_SERVER = findMotoServer();
process.env.PATH = pathWithMoto(process.env.KEYLESS_MOTO_SERVER);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

// The e2e tests spawn the built CLI.
const build = spawnSync("npx", ["tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);

console.log(`running ${files.length} test files: ${files.map((f) => relative(".", f)).join(" ")}`);
const args = [
  "c8",
  "--reporter=text-summary",
  "--include=src/**",
  "node",
  "--import",
  "tsx",
  "--test",
  "--test-concurrency=2",
  "--test-reporter=spec",
  ...files,
];
const r = spawnSync("npx", args, { stdio: "inherit" });
process.exit(r.status ?? 1);
