/**
 * What the demo's Terraform step needs from the machine: a `terraform` >= 1.10 on PATH (S3 lockfile)
 * and a way to install the hashicorp/aws provider. A local copy of the provider (a filesystem mirror)
 * is used when one is found, so the step runs offline; otherwise `terraform init` downloads it from
 * the registry, as it would for any user.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { findTerraform } from "../test/unit/terraform-files/terraform-bin.ts";

const LOCKFILE_SINCE = [1, 10] as const;

export type TerraformCheck = { ok: true; bin: string; version: string } | { ok: false; reason: string };

/** terraform on PATH with a version that has `use_lockfile`, or why the step is skipped. */
export async function checkTerraform(): Promise<TerraformCheck> {
  const bin = findTerraform();
  if (bin === undefined) return { ok: false, reason: "terraform is not on PATH" };
  let version: string;
  try {
    const { stdout } = await promisify(execFile)(bin, ["version", "-json"], {
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
      timeout: 30_000,
    });
    version = String((JSON.parse(stdout) as { terraform_version?: unknown }).terraform_version ?? "");
  } catch (err) {
    return { ok: false, reason: `\`${bin} version -json\` failed: ${(err as Error).message}` };
  }
  const [major = 0, minor = 0] = version.split(".").map(Number);
  if (major < LOCKFILE_SINCE[0] || (major === LOCKFILE_SINCE[0] && minor < LOCKFILE_SINCE[1])) {
    return { ok: false, reason: `${bin} is Terraform ${version}; the S3 lockfile needs 1.10 or later` };
  }
  return { ok: true, bin, version };
}

/** Terraform's name for this machine's platform, as used in provider mirrors (linux_amd64, ...). */
function platform(): string {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const arch = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" }[process.arch as string];
  return `${os}_${arch ?? process.arch}`;
}

/** True when `dir` is a filesystem mirror holding hashicorp/aws for this platform (either layout). */
function hasAwsProvider(dir: string): boolean {
  const base = join(dir, "registry.terraform.io", "hashicorp", "aws");
  if (!existsSync(base)) return false;
  const p = platform();
  return readdirSync(base).some(
    (entry) => existsSync(join(base, entry, p)) || entry.endsWith(`_${p}.zip`), // unpacked / packed
  );
}

/**
 * Where to look: KEYLESS_DEMO_TF_MIRROR, Terraform's implied local mirror directories on Unix
 * (https://developer.hashicorp.com/terraform/cli/config/config-file#implied-local-mirror-directories),
 * and one level under /opt, where machine images tend to put a mirror (e.g. /opt/tf-plugins).
 */
function candidates(): string[] {
  const home = homedir();
  const dataHome = process.env.XDG_DATA_HOME || join(home, ".local", "share");
  const dataDirs = (process.env.XDG_DATA_DIRS || "/usr/local/share:/usr/share").split(":");
  const out = [
    process.env.KEYLESS_DEMO_TF_MIRROR ?? "",
    join(home, ".terraform.d", "plugins"),
    join(dataHome, "terraform", "plugins"),
    ...dataDirs.map((d) => join(d, "terraform", "plugins")),
  ];
  try {
    for (const entry of readdirSync("/opt")) out.push(join("/opt", entry));
  } catch {
    // no /opt
  }
  return out.filter((d) => d !== "");
}

/**
 * The first filesystem mirror with hashicorp/aws for this platform, if any.
 * KEYLESS_DEMO_TF_MIRROR=none looks for none (Terraform then downloads from the registry).
 */
export function findProviderMirror(): string | undefined {
  if (process.env.KEYLESS_DEMO_TF_MIRROR === "none") return undefined;
  return candidates().find((dir) => {
    try {
      return hasAwsProvider(dir);
    } catch {
      return false;
    }
  });
}

/** A Terraform CLI configuration that installs providers from the mirror only (no download). */
export function mirrorCliConfig(mirror: string): string {
  return `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`;
}
