// Finds moto_server, or installs moto[server] into a project-local virtualenv (.venv) when the
// machine has none, so `npm test` and `npm run demo` work on a fresh clone either way.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const venvBin = join(root, ".venv", "bin", "moto_server");

function onPath(cmd) {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

export function findMotoServer({ install = true } = {}) {
  if (process.env.KEYLESS_MOTO_SERVER) return process.env.KEYLESS_MOTO_SERVER;
  const found = onPath("moto_server");
  if (found) return found;
  if (existsSync(venvBin)) return venvBin;
  if (!install) return null;
  process.stderr.write("moto_server not found: installing moto[server] into .venv (one time)\n");
  execFileSync("python3", ["-m", "venv", join(root, ".venv")], { stdio: "inherit" });
  execFileSync(join(root, ".venv", "bin", "pip"), ["install", "--quiet", "moto[server]>=5.2,<5.3"], {
    stdio: "inherit",
  });
  return venvBin;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${findMotoServer()}\n`);
}
