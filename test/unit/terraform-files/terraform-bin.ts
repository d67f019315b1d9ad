/**
 * Finds the `terraform` binary on PATH for the tests that run real Terraform. On machines without
 * it those tests skip with this message; nothing else in keyless needs Terraform.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";

export function findTerraform(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, "terraform");
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export const TERRAFORM = findTerraform();

/** For node:test's `skip` option: false when terraform is there, else the reason it is skipped. */
export const skipWithoutTerraform: string | false = TERRAFORM
  ? false
  : "terraform is not on PATH: install Terraform >= 1.10 to run the tests that use real Terraform";

export interface TfRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs terraform with a clean, offline environment: no checkpoint call, automation mode, and a CLI
 * config (written by the caller) whose provider installation finds nothing, so a provider download
 * would fail instead of reaching the network.
 */
export function runTerraform(args: string[], opts: { cwd: string; env: Record<string, string> }): TfRun {
  const res = spawnSync(TERRAFORM!, args, {
    cwd: opts.cwd,
    env: opts.env,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: res.status ?? -1, stdout: res.stdout ?? "", stderr: res.stderr ?? "" };
}
