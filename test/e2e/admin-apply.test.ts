/**
 * `keyless apply` as a platform engineer runs it: the built CLI as a child process, off a terminal
 * and on a pseudo-terminal (answering the question as a person types), with a saved plan, and with
 * plan files edited after review. Nothing is written to AWS unless the plan was approved.
 */
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { KEYLESS_BIN } from "../helpers/spawn-cli.ts";
import { type AdminWorld, screen, startAdminWorld } from "./admin-harness.ts";

let w: AdminWorld;

before(async () => {
  w = await startAdminWorld();
});
after(async () => {
  await w?.stop();
});
beforeEach(async () => {
  await w.reset();
});

const QUESTION = /Only 'yes' will be accepted: /;
const NO_COLOR = { NO_COLOR: "1" };

/** A plan with no pending change: what AWS looks like after a successful apply. */
async function assertConverged(): Promise<void> {
  const again = await w.keyless(["plan", "--detailed-exitcode"]);
  assert.equal(again.code, 0, again.stdout + again.stderr);
  assert.match(again.stdout, /No changes/);
}

describe("apply off a terminal", () => {
  test("without --auto-approve it refuses before any AWS call (64)", async () => {
    const r = await w.keyless(["apply"]);
    assert.equal(r.code, 64, r.stderr);
    assert.match(r.stderr, /needs --auto-approve when it is not run on a terminal/);
    assert.match(r.stderr, /keyless apply FILE/);
    assert.deepEqual(w.calls(), []);
  });

  test("--json without --auto-approve cannot ask, so it refuses before any AWS call (64)", async () => {
    const r = await w.keyless(["apply", "--json"], { tty: true, env: w.env(NO_COLOR) });
    assert.equal(r.code, 64, r.stdout);
    assert.match(r.stdout, /--json cannot ask for confirmation/);
    assert.deepEqual(w.calls(), []);
  });

  test("--auto-approve applies every change and exits 0", async () => {
    const r = await w.keyless(["apply", "--auto-approve"]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /\+ group\["platform-engineers"\]/);
    assert.match(r.stdout, /Apply complete!/);
    assert.doesNotMatch(r.stdout + r.stderr, QUESTION);
    await assertConverged();
  });
});

describe("apply on a terminal", () => {
  test("asks after the whole plan; `yes` applies", async () => {
    const cli = w.spawn(["apply"], { tty: true, env: w.env(NO_COLOR) });
    await cli.waitFor(QUESTION);
    assert.equal(w.writeCalls().length, 0, "nothing is written before the answer");
    cli.write("yes\r");
    const r = await cli.exited;
    const shown = screen(r.stdout);
    assert.equal(r.code, 0, shown);
    assert.ok(shown.indexOf("Plan: ") < shown.search(QUESTION), shown);
    assert.match(shown, /Apply complete!/);
    assert.ok(w.writeCalls().length > 0);
    await assertConverged();
  });

  test("any other answer cancels: a plain message, exit 1, nothing written", async () => {
    const cli = w.spawn(["apply"], { tty: true, env: w.env(NO_COLOR) });
    await cli.waitFor(QUESTION);
    cli.write("y\r");
    const r = await cli.exited;
    const shown = screen(r.stdout);
    assert.equal(r.code, 1, shown);
    assert.match(shown, /\nError: Apply cancelled\. Nothing was changed\.\n$/);
    assert.doesNotMatch(shown, /--debug|Hint:/);
    assert.deepEqual(w.writeCalls(), []);
  });

  test("Ctrl-C at the question cancels the same way", async () => {
    // Ctrl-C signals the terminal's whole foreground group; the spawn helper execs keyless in place of
    // script's shell, so the exit status is keyless's own, as at a user's interactive shell.
    const cli = w.spawn(["apply"], { tty: true, env: w.env(NO_COLOR) });
    await cli.waitFor(QUESTION);
    cli.write("\x03");
    const r = await cli.exited;
    const shown = screen(r.stdout);
    assert.equal(r.code, 1, shown);
    assert.match(shown, /\nError: Apply cancelled\. Nothing was changed\.\n$/);
    assert.doesNotMatch(shown, /--debug|Hint:|Aborted/);
    assert.deepEqual(w.writeCalls(), []);
  });

  test("with stdout piped to a slow reader (`apply | tee log`), the question still comes after the plan", async () => {
    // keyless's stdout is a pipe read by another process that prints to the terminal, as with
    // `keyless apply | tee log`; stdin and stderr stay on the terminal. The reader starts late, as a
    // busy `tee` may: a question written to the terminal directly would overtake the plan.
    const log = join(w.dirs.work, "apply.log");
    const launcher = join(w.dirs.home, "apply-through-pipe.mjs");
    await writeFile(
      launcher,
      `import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
const child = spawn(process.execPath, [${JSON.stringify(KEYLESS_BIN)}, ...process.argv.slice(2)], {
  stdio: ["inherit", "pipe", "inherit"],
});
const log = createWriteStream(${JSON.stringify(log)});
const copy = (d) => { process.stdout.write(d); log.write(d); };
// Slow from the first output on: hold it for a second, then pass everything through.
child.stdout.once("data", (first) => {
  child.stdout.pause();
  setTimeout(() => {
    copy(first);
    child.stdout.on("data", copy);
    child.stdout.resume();
  }, 1000);
});
child.on("close", (code) => log.end(() => { process.exitCode = code ?? 1; }));
`,
    );
    const cli = w.spawn(["apply"], { tty: true, bin: launcher, env: w.env(NO_COLOR) });
    await cli.waitFor(QUESTION);
    const before = screen(cli.stdout);
    cli.write("yes\r");
    const r = await cli.exited;
    assert.equal(r.code, 0, screen(r.stdout));
    const plan = before.indexOf("Plan: 6 to add");
    assert.ok(plan >= 0 && plan < before.search(QUESTION), `question before the end of the plan:\n${before}`);
    assert.match(screen(r.stdout), /Apply complete!/);
    // The log holds the plan, the question and the results, in that order, as Terraform's would.
    const text = await readFile(log, "utf8");
    assert.ok(text.indexOf("Plan: 6 to add") < text.search(QUESTION));
    assert.ok(text.search(QUESTION) < text.indexOf("Apply complete!"));
    await assertConverged();
  });
});

describe("apply PLANFILE", () => {
  test("applies a saved plan without asking, off a terminal and without --auto-approve", async () => {
    const saved = await w.keyless(["plan", "-out", "keyless.plan"]);
    assert.equal(saved.code, 0, saved.stderr);
    const r = await w.keyless(["apply", "keyless.plan"]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Apply complete! Resources: 6 added/);
    assert.doesNotMatch(r.stdout + r.stderr, QUESTION);
    await assertConverged();
  });

  test("on a terminal it does not ask either: the reviewed plan is the approval", async () => {
    assert.equal((await w.keyless(["plan", "-out", "keyless.plan"])).code, 0);
    const r = await w.keyless(["apply", "keyless.plan"], { tty: true, env: w.env(NO_COLOR) });
    assert.equal(r.code, 0, r.stdout);
    assert.doesNotMatch(r.stdout, QUESTION);
    assert.match(r.stdout, /Apply complete!/);
  });

  test("a plan whose change was edited after review is refused (64) and nothing is written", async () => {
    assert.equal((await w.keyless(["plan", "-out", "keyless.plan"])).code, 0);
    const path = join(w.dirs.work, "keyless.plan");
    const file = JSON.parse(await readFile(path, "utf8"));
    const group = file.plan.changes.find((c: { kind: string }) => c.kind === "group");
    group.after.description = "Owns every account";
    await writeFile(path, JSON.stringify(file, null, 2));
    w.proxy.clearCalls();

    const r = await w.keyless(["apply", "keyless.plan"]);
    assert.equal(r.code, 64, r.stdout + r.stderr);
    assert.match(
      r.stderr,
      /Saved plan keyless\.plan does not match what keyless computes from its own configuration against AWS now: change group\["platform-engineers"\] differs\. Nothing was changed\./,
    );
    assert.match(
      r.stderr,
      /group\["platform-engineers"\]: after\.description is "Owns every account" in the file; keyless computes "Platform team"/,
    );
    assert.deepEqual(w.writeCalls(), []);
  });

  test("an added change is refused, naming it", async () => {
    assert.equal((await w.keyless(["plan", "-out", "keyless.plan"])).code, 0);
    const path = join(w.dirs.work, "keyless.plan");
    const file = JSON.parse(await readFile(path, "utf8"));
    const assignment = file.plan.changes.find((c: { kind: string }) => c.kind === "assignment");
    file.plan.changes.push({
      ...assignment,
      principal: { type: "USER", name: "dave" },
      address: `assignment["user:dave", "terraform-core", "${w.org.accounts.prod}"]`,
    });
    await writeFile(path, JSON.stringify(file));
    w.proxy.clearCalls();
    const r = await w.keyless(["apply", "keyless.plan"]);
    assert.equal(r.code, 64, r.stderr);
    assert.match(r.stderr, /the file has a change keyless does not compute, assignment\["user:dave"/);
    assert.deepEqual(w.writeCalls(), []);
  });

  test("an edited snapshot that keyless.yaml validation refuses is refused before any AWS call (64)", async () => {
    assert.equal((await w.keyless(["plan", "-out", "keyless.plan"])).code, 0);
    const path = join(w.dirs.work, "keyless.plan");
    const file = JSON.parse(await readFile(path, "utf8"));
    file.desired.permissionSets[0].sessionDuration = "PT48H";
    await writeFile(path, JSON.stringify(file));
    w.proxy.clearCalls();
    const r = await w.keyless(["apply", "keyless.plan"]);
    assert.equal(r.code, 64, r.stderr);
    assert.match(
      r.stderr,
      /keyless\.plan was edited: its keyless\.yaml snapshot \("desired"\) is not a valid configuration/,
    );
    assert.match(r.stderr, /permissionSets\.terraform-core\.sessionDuration: .*PT12H/);
    assert.deepEqual(w.calls(), []);
  });

  test("a plan made before AWS changed is stale (68), even when unedited", async () => {
    assert.equal((await w.keyless(["plan", "-out", "keyless.plan"])).code, 0);
    await w.writeConfig(w.config("Someone else's team"));
    assert.equal((await w.keyless(["apply", "--auto-approve"])).code, 0);
    w.proxy.clearCalls();
    const r = await w.keyless(["apply", "keyless.plan"]);
    assert.equal(r.code, 68, r.stderr);
    assert.match(r.stderr, /Saved plan keyless\.plan is stale/);
    assert.deepEqual(w.writeCalls(), []);
  });
});
