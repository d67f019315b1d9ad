/**
 * scripts/record-terraform-calls.ts refuses a stack it does not know before starting anything
 * (no emulator, no Terraform, no fixture written), naming the stacks it knows.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { FIXTURE_DIR } from "../../helpers/terraform-calls-format.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", join(root, "scripts/record-terraform-calls.ts"), ...args],
      { cwd: root, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const mtimes = () =>
  Object.fromEntries(readdirSync(FIXTURE_DIR).map((f) => [f, statSync(join(FIXTURE_DIR, f)).mtimeMs]));

describe("scripts/record-terraform-calls.ts", () => {
  it("an unknown stack: exit 2, the stacks it knows, nothing recorded", async () => {
    const before = mtimes();
    const res = await run(["backend-s3-lockfile", "no-such-stack"]);
    assert.equal(res.code, 2, res.stderr);
    assert.match(res.stderr, /unknown stack\(s\): no-such-stack; the stacks are: backend-s3-lockfile, /);
    assert.equal(res.stdout, "");
    assert.deepEqual(mtimes(), before);
  });
});
