// Makes sure the shells the completion tests drive (zsh, fish) are installed; bash is always there.
// Idempotent and quiet: a tool already on PATH is left alone; a missing one is installed with apt-get
// when running as root (CI runs `npm test` on a clean image without them). Never throws: what cannot be
// installed is returned with the reason, and the test skips with it.
// Usage: node scripts/ensure-test-tools.mjs zsh fish   (or ensureTestTools([...]) from a test hook)
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

async function has(tool) {
  try {
    await run("sh", ["-c", `command -v ${tool}`]);
    return true;
  } catch {
    return false;
  }
}

/** Installs what is missing; resolves to { tool: reason } for each tool that is still not there. */
export async function ensureTestTools(tools) {
  const missing = [];
  for (const t of tools) if (!(await has(t))) missing.push(t);
  if (missing.length === 0) return {};
  const unavailable = (reason) => Object.fromEntries(missing.map((t) => [t, reason]));
  if (process.platform !== "linux" || !(await has("apt-get"))) {
    return unavailable(`${missing.join(", ")} not installed and no apt-get to install it`);
  }
  if (typeof process.getuid === "function" && process.getuid() !== 0) {
    return unavailable(
      `${missing.join(", ")} not installed, and installing needs root (apt-get install ${missing.join(" ")})`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  // Another apt-get may hold the lock for a while: wait for it rather than fail.
  const lock = ["-o", "DPkg::Lock::Timeout=300"];
  try {
    await run("apt-get", [...lock, "-qq", "update"], { env, maxBuffer: 1 << 24 });
    await run("apt-get", [...lock, "-qq", "install", "-y", "--no-install-recommends", ...missing], {
      env,
      maxBuffer: 1 << 24,
    });
  } catch (err) {
    return unavailable(
      `apt-get install ${missing.join(" ")} failed: ${String(err.stderr || err.message)
        .trim()
        .split("\n")
        .at(-1)}`,
    );
  }
  const still = {};
  for (const t of missing) if (!(await has(t))) still[t] = `apt-get installed ${t} but it is not on PATH`;
  return still;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const failed = await ensureTestTools(process.argv.slice(2));
  for (const [t, reason] of Object.entries(failed)) console.error(`${t}: ${reason}`);
  process.exit(Object.keys(failed).length ? 1 : 0);
}
