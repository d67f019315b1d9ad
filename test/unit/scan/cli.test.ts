import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { describe, it } from "node:test";
import { Command } from "@commander-js/extra-typings";
import { registerScanCommands } from "../../../src/cli/register-scan.ts";
import { longTermId, recordingIO, tempDir, writeTree } from "./plant.ts";

/** A minimal program like main.ts builds, with only the scan command registered. */
async function run(args: string[], cwd: string, env: Record<string, string>) {
  const rec = recordingIO(cwd, env);
  let code = 0;
  const program = new Command().name("keyless").version("1.2.3").option("--no-color").exitOverride();
  program.configureOutput({ writeOut: (s) => rec.io.out(s), writeErr: (s) => rec.io.err(s) });
  registerScanCommands(program, rec.io, (c) => {
    code = c;
  });
  await program.parseAsync(args, { from: "user" });
  return { code, stdout: rec.stdout(), stderr: rec.stderr() };
}

describe("keyless scan on the command line", () => {
  it("parses DIRs, --format sarif, --no-env and --no-home", async () => {
    const dir = await tempDir("cli");
    try {
      const id = longTermId();
      await writeTree(dir, { "a/x.txt": `${id}\n`, "b/y.txt": "clean\n" });
      const r = await run(["scan", "a", "b", "--format", "sarif", "--no-env", "--no-home"], dir, {
        AWS_ACCESS_KEY_ID: longTermId(),
      });
      assert.equal(r.code, 1);
      const log = JSON.parse(r.stdout) as {
        runs: {
          tool: { driver: { version: string } };
          originalUriBaseIds: object;
          results: { ruleId: string }[];
        }[];
      };
      assert.equal(log.runs[0]!.tool.driver.version, "1.2.3");
      assert.deepEqual(Object.keys(log.runs[0]!.originalUriBaseIds), ["ROOT1", "ROOT2"]);
      assert.deepEqual(
        log.runs[0]!.results.map((x) => x.ruleId),
        ["key-in-text"],
      );
      assert.ok(!r.stdout.includes(id));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("scans the current directory by default and exits 0 when clean", async () => {
    const dir = await tempDir("cli-clean");
    try {
      await writeTree(dir, { "main.tf": 'provider "aws" {\n  profile = "dev"\n}\n' });
      const r = await run(["scan", "--no-home", "--no-env"], dir, {});
      assert.equal(r.code, 0);
      assert.equal(r.stdout, "No static AWS credentials found. 1 file scanned.\n");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
