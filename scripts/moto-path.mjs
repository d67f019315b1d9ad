// Finds moto_server, or installs moto[server] into a project-local virtualenv (.venv) when the
// machine has none, so `npm test` and `npm run demo` work on a fresh clone either way. The same
// virtualenv then also gets boto3 and the AWS CLI, which the interop tests run as real consumers.
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
  execFileSync(
    join(root, ".venv", "bin", "pip"),
    ["install", "--quiet", "moto[server]>=5.2,<5.3", "boto3", "awscli"],
    {
      stdio: "inherit",
    },
  );
  return venvBin;
}

/** When moto comes from .venv, its python3 (with boto3) and aws must come first on PATH too. */
export function pathWithMoto(motoServer, path = process.env.PATH ?? "") {
  if (motoServer !== venvBin) return path;
  return `${dirname(venvBin)}:${path}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${findMotoServer()}\n`);
}
