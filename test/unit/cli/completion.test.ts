/**
 * The completion candidates, read from the real command tree (createProgram): commands, subcommands,
 * flags of the command being typed, values by flag and argument, and a command added later.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type CompletionNames, complete } from "../../../src/cli/completion/complete.ts";
import type { CliIO } from "../../../src/cli/io.ts";
import { createProgram } from "../../../src/cli/main.ts";

const io: CliIO = {
  out: () => {},
  err: () => {},
  stdoutIsTTY: false,
  stdinIsTTY: false,
  env: {},
  cwd: "/",
  ask: async () => "",
};

const names: CompletionNames = {
  profiles: () => ["default", "dev-core", "prod-admin"],
  sessions: () => ["corp", "d-1234567890"],
};

const program = () => createProgram(io, () => {});
const c = (...words: string[]) => complete(program(), words, names);

describe("completion candidates from the command tree", () => {
  test("command names by prefix; hidden commands are never offered", () => {
    assert.deepEqual(c("ex"), ["exec"]);
    assert.deepEqual(c("co"), ["configure", "console", "completion"]);
    const all = c("");
    for (const name of [
      "init",
      "plan",
      "apply",
      "configure",
      "exec",
      "completion",
      "terraform",
      "help",
      "env",
      "console",
      "ci",
    ]) {
      assert.ok(all.includes(name), `${name} in ${all.join(" ")}`);
    }
    assert.ok(!all.some((w) => w.startsWith("__")), "the hidden __complete is not offered");
  });

  test("subcommands of a command group, then that subcommand's flags", () => {
    assert.deepEqual(c("terraform", ""), ["files", "help"]);
    assert.deepEqual(c("catalog", "b"), ["boundary"]);
    assert.deepEqual(c("terraform", "files", "--pro"), ["--profile", "--provider-profile"]);
  });

  test("flags of the command being typed, with the program's own flags", () => {
    const login = c("login", "--");
    for (const f of ["--profile", "--session", "--use-device-code", "--no-browser", "--json", "--debug"]) {
      assert.ok(login.includes(f), `${f} in ${login.join(" ")}`);
    }
    assert.ok(!login.includes("--all"), "configure's --all is not login's");
    assert.deepEqual(c("configure", "--a"), ["--all", "--account"]);
    assert.ok(c("plan", "-").includes("-c"));
  });

  test("profile names for a PROFILE argument and for --profile; sso-sessions for --session", () => {
    assert.deepEqual(c("exec", ""), ["default", "dev-core", "prod-admin"]);
    assert.deepEqual(c("exec", "d"), ["default", "dev-core"]);
    assert.deepEqual(c("credentials", "p"), ["prod-admin"]);
    assert.deepEqual(c("whoami", "--profile", ""), ["default", "dev-core", "prod-admin"]);
    assert.deepEqual(c("terraform", "files", "--provider-profile", "pr"), ["prod-admin"]);
    assert.deepEqual(c("login", "--session", ""), ["corp", "d-1234567890"]);
    assert.deepEqual(c("logout", "--session", "c"), ["corp"]);
  });

  test("--flag=value typed as one word, and bash's split `--flag`, `=`, `value`", () => {
    assert.deepEqual(c("whoami", "--profile=de"), ["--profile=default", "--profile=dev-core"]);
    assert.deepEqual(c("whoami", "--profile", "=", "pro"), ["prod-admin"]);
    assert.deepEqual(c("whoami", "--json=x"), []);
  });

  test("declared choices: the shells of `completion`", () => {
    assert.deepEqual(c("completion", ""), ["bash", "zsh", "fish"]);
    assert.deepEqual(c("completion", "z"), ["zsh"]);
  });

  test("a flag's value is not taken for a command; after the value the words go on", () => {
    // `--min-remaining 2h` consumes 2h: the next word is exec's PROFILE again.
    assert.deepEqual(c("exec", "--min-remaining", "2h", "dev"), ["dev-core"]);
    assert.deepEqual(c("exec", "--min-remaining", ""), []);
    assert.deepEqual(c("--debug", "who"), ["whoami"]);
  });

  test("after the profile, exec's command and everything after -- is left to the shell", () => {
    assert.deepEqual(c("exec", "dev-core", ""), []);
    assert.deepEqual(c("exec", "dev-core", "--", "terraform", ""), []);
    assert.deepEqual(c("exec", "dev-core", "--", "-"), []);
  });

  test("a command with no operands left offers its flags", () => {
    assert.ok(c("whoami", "").includes("--profile"));
    assert.ok(c("show", "plan.out", "").includes("--json"));
  });

  test("a command added to the program completes without any change to completion", () => {
    const p = program();
    p.command("frobnicate")
      .argument("<profile>", "a profile")
      .option("--sso-session <name>", "a session")
      .option("--shade <colour>", "a colour");
    const f = (...words: string[]) => complete(p, words, names);
    assert.deepEqual(f("frob"), ["frobnicate"]);
    assert.deepEqual(f("frobnicate", "pr"), ["prod-admin"]);
    assert.deepEqual(f("frobnicate", "--s"), ["--sso-session", "--shade"]);
    assert.deepEqual(f("frobnicate", "--sso-session", ""), ["corp", "d-1234567890"]);
    assert.deepEqual(f("frobnicate", "--shade", ""), []);
  });

  test("the config file is read only when a name is needed", () => {
    let reads = 0;
    const counting: CompletionNames = {
      profiles: () => {
        reads++;
        return [];
      },
      sessions: () => {
        reads++;
        return [];
      },
    };
    complete(program(), ["ex"], counting);
    complete(program(), ["login", "--"], counting);
    assert.equal(reads, 0);
  });
});
