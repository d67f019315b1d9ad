/**
 * `keyless completion bash|zsh|fish` as a user installs it: the printed script loaded into the real
 * shell, which calls the built keyless (a `keyless` on PATH, in a throw-away HOME whose ~/.aws/config
 * names the profiles) for every TAB. bash drives the registered completion function with COMP_WORDS;
 * zsh runs interactively on a pseudo-terminal and the test types TAB; fish answers `complete -C`.
 * zsh and fish are installed by the before() hook when missing (scripts/ensure-test-tools.mjs).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { ensureTestTools } from "../../scripts/ensure-test-tools.mjs";
import { spawnShellPty } from "../helpers/shell-pty.ts";
import { KEYLESS_BIN, runKeyless, type UserDirs, userDirs } from "../helpers/spawn-cli.ts";

const run = promisify(execFile);

const CONFIG = `[default]
region = eu-west-1

[profile dev-core]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = terraform-core

[profile prod-admin]
sso_session = corp
sso_account_id = 222222222222
sso_role_name = AdministratorAccess

[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = eu-central-1
`;
const PROFILES = ["default", "dev-core", "prod-admin"];

let user: UserDirs;
let missing: Record<string, string> = {};
/** The environment of the user's shell: keyless on PATH, their HOME. */
let env: Record<string, string>;

before(async () => {
  missing = await ensureTestTools(["zsh", "fish"]);
  user = userDirs("keyless-e2e-completion-");
  mkdirSync(join(user.home, ".aws"), { mode: 0o700 });
  writeFileSync(join(user.home, ".aws", "config"), CONFIG);
  const bin = join(user.home, "bin");
  mkdirSync(bin);
  // What `npm install -g keyless` puts on PATH: a `keyless` command.
  writeFileSync(join(bin, "keyless"), `#!/bin/sh\nexec '${process.execPath}' '${KEYLESS_BIN}' "$@"\n`);
  chmodSync(join(bin, "keyless"), 0o755);
  env = { HOME: user.home, PATH: `${bin}:${process.env.PATH ?? ""}` };
});
after(() => user?.remove());

async function scriptFor(shell: string): Promise<string> {
  const r = await runKeyless(["completion", shell], { cwd: user.work, env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  const path = join(user.home, `keyless.${shell}`);
  writeFileSync(path, r.stdout);
  return path;
}

/** What bash's registered completion for `keyless` offers for the words (the last one being typed). */
async function bashOffers(script: string, words: string[], extraEnv: Record<string, string> = {}) {
  const program = `source '${script}'
# The function bash would call on TAB, as complete -p reports it: proof the script registered it.
fn=$(complete -p keyless | sed -n 's/.*-F \\([^ ]*\\).*/\\1/p')
[ -n "$fn" ] || { echo "no completion registered for keyless" >&2; exit 3; }
COMP_WORDS=(keyless ${words.map((w) => `'${w}'`).join(" ")})
COMP_CWORD=$((\${#COMP_WORDS[@]} - 1))
COMP_LINE="\${COMP_WORDS[*]}"; COMP_POINT=\${#COMP_LINE}
"$fn" keyless "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD-1]}"
printf "%s\\n" "\${COMPREPLY[@]}"
`;
  const { stdout } = await run("bash", ["--norc", "--noprofile", "-c", program], {
    cwd: user.work,
    env: { ...env, ...extraEnv },
  });
  return stdout.split("\n").filter(Boolean);
}

describe("keyless completion bash", () => {
  test("keyless ex<TAB> offers exec; keyless exec <TAB> the profiles of ~/.aws/config", async () => {
    const script = await scriptFor("bash");
    assert.deepEqual(await bashOffers(script, ["ex"]), ["exec"]);
    assert.deepEqual(await bashOffers(script, ["exec", ""]), PROFILES);
    assert.deepEqual(await bashOffers(script, ["exec", "p"]), ["prod-admin"]);
  });

  test("flags of the command typed, --profile values, sso-session names; AWS_CONFIG_FILE is honoured", async () => {
    const script = await scriptFor("bash");
    assert.deepEqual(await bashOffers(script, ["login", "--s"]), ["--session"]);
    assert.deepEqual(await bashOffers(script, ["whoami", "--profile", "d"]), ["default", "dev-core"]);
    assert.deepEqual(await bashOffers(script, ["login", "--session", ""]), ["corp"]);
    const other = join(user.home, "other-config");
    writeFileSync(other, "[profile elsewhere]\nregion = eu-west-1\n");
    assert.deepEqual(await bashOffers(script, ["exec", ""], { AWS_CONFIG_FILE: other }), ["elsewhere"]);
  });
});

describe("keyless completion zsh, typed on a terminal", () => {
  test("keyless ex<TAB> completes to exec; keyless exec <TAB> lists the profiles", async (t) => {
    if (missing.zsh) return t.skip(missing.zsh);
    const script = await scriptFor("zsh");
    const dir = join(user.home, ".zsh", "completions");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "_keyless"), (await import("node:fs")).readFileSync(script, "utf8"));
    // As `keyless completion --help` says: the directory on fpath, then compinit.
    const zsh = spawnShellPty("zsh -f -i", { cwd: user.work, env });
    try {
      zsh.write(
        `PS1='ready> '; fpath=(${dir} $fpath); autoload -Uz compinit && compinit -u -d ${user.home}/.zcompdump\n`,
      );
      await zsh.waitFor(/ready> .*ready> /s);
      let from = zsh.output.length;
      zsh.write("keyless ex\t");
      await zsh.waitFor(/keyless exec /, from);
      zsh.write("\x15"); // Ctrl-U: clear the line
      from = zsh.output.length;
      zsh.write("keyless exec \t");
      const m = await zsh.waitFor(/default\s+dev-core\s+prod-admin/, from);
      assert.ok(m);
      from = zsh.output.length;
      zsh.write("\x15keyless exec pr\t");
      await zsh.waitFor(/keyless exec prod-admin /, from);
      zsh.write("\x15exit\n");
    } finally {
      await zsh.close();
    }
  });
});

describe("keyless completion fish", () => {
  test("complete -C offers exec for `keyless ex` and the profiles for `keyless exec `", async (t) => {
    if (missing.fish) return t.skip(missing.fish);
    const script = await scriptFor("fish");
    const offers = async (line: string) => {
      const { stdout } = await run(
        "fish",
        ["--no-config", "-c", `source '${script}'; complete -C '${line}'`],
        { cwd: user.work, env },
      );
      return stdout.split("\n").filter(Boolean);
    };
    assert.deepEqual(await offers("keyless ex"), ["exec"]);
    assert.deepEqual(await offers("keyless exec "), PROFILES);
    assert.deepEqual(await offers("keyless login --session "), ["corp"]);
  });
});

describe("keyless completion: the command itself", () => {
  test("--help says how to install it for each shell, with examples", async () => {
    const r = await runKeyless(["completion", "--help"], { cwd: user.work, env });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /bash_completion\.d/);
    assert.match(r.stdout, /\.bashrc/);
    assert.match(r.stdout, /fpath=.*\n.*compinit/);
    assert.match(r.stdout, /~\/\.config\/fish\/completions\/keyless\.fish/);
    assert.match(r.stdout, /Examples:\n {2}keyless completion bash/);
  });

  test("an unknown shell: exit 64, the supported shells named, nothing on stdout", async () => {
    const r = await runKeyless(["completion", "tcsh"], { cwd: user.work, env });
    assert.equal(r.code, 64, r.stderr);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /unknown shell "tcsh"/);
    assert.match(r.stderr, /bash, zsh, fish/);
    const none = await runKeyless(["completion"], { cwd: user.work, env });
    assert.equal(none.code, 64);
    assert.equal(none.stdout, "");
  });

  test("__complete loads neither the AWS SDK nor keyless.yaml's modules", async () => {
    // A module hook records every module the callback loads.
    const hook = `data:text/javascript,${encodeURIComponent(
      "export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write('LOADED ' + r.url + '\\n'); return r; }",
    )}`;
    const register = join(user.home, "trace.mjs");
    writeFileSync(register, `import { register } from "node:module";\nregister(${JSON.stringify(hook)});\n`);
    const { stdout, stderr } = await run(
      process.execPath,
      ["--import", register, KEYLESS_BIN, "__complete", "--", "exec", ""],
      { cwd: user.work, env },
    );
    assert.deepEqual(stdout.split("\n").filter(Boolean), PROFILES);
    const loaded = [...stderr.matchAll(/^LOADED (.*)$/gm)].map((m) => m[1] as string);
    assert.ok(
      loaded.some((u) => u.endsWith("/completion/complete.js")),
      "the hook saw the modules",
    );
    const heavy = loaded.filter((u) => /@aws-sdk|@smithy|\/dist\/aws\/|\/dist\/config\/|yaml/.test(u));
    assert.deepEqual(heavy, []);
  });
});
