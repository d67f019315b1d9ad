// A sleep of the real SSO clock is a wait the user is waiting on (between device-code polls): it must
// keep a process alive on its own, as in the shipped CLI nothing else does. With an unref'd timer, Node
// ends a process whose top-level await is still pending with exit 13 ("unsettled top-level await").
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { test } from "node:test";
import { pathToFileURL } from "node:url";

/** Runs an ES module text with tsx in a fresh Node process; its exit code and output (null: killed). */
function runModule(source: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", source], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      out += d.toString();
    });
    // A sleep that wrongly held the process for its full length fails the test instead of hanging it.
    const guard = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(guard);
      resolve({ code, out });
    });
  });
}

const clockModule = pathToFileURL("src/local/sso/types.ts").href;

test("a sleep of the system clock holds the process until it ends", async () => {
  const r = await runModule(
    `import { systemSsoClock } from ${JSON.stringify(clockModule)};\n` +
      `await systemSsoClock.sleep(50);\nconsole.log("woke");\n`,
  );
  assert.equal(r.code, 0, r.out);
  assert.equal(r.out, "woke\n");
});

test("an aborted sleep releases the process at once (a 10-minute limit does not hold it)", async () => {
  const r = await runModule(
    `import { systemSsoClock } from ${JSON.stringify(clockModule)};\n` +
      "const ac = new AbortController();\n" +
      "const limit = systemSsoClock.sleep(600_000, ac.signal);\n" +
      "setImmediate(() => ac.abort());\nawait limit;\nconsole.log('released');\n",
  );
  assert.equal(r.code, 0, r.out);
  assert.equal(r.out, "released\n");
});
