/**
 * The package as a user gets it: `npm pack` in a copy of the repository (so `prepack` builds dist/ there
 * and never rewrites the dist/ other tests are running), the tarball installed into a temporary prefix
 * with `--ignore-scripts`, and the installed `keyless` run from a directory outside the repository with
 * its own HOME.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { after, before, type TestContext, test } from "node:test";
import { promisify } from "node:util";
import { runKeyless, type UserDirs, userDirs } from "../helpers/spawn-cli.ts";

const run = promisify(execFile);
const repo = resolve(".");
const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
};

/** Top-level entries of a working tree that a clean clone does not have. */
const NOT_IN_A_CLONE = new Set(["node_modules", ".git", "dist", "coverage", ".venv", "tmp"]);
/** What the package may contain: what runs, its documentation and licence. */
const ALLOWED = /^(bin\/|dist\/|docs\/|examples\/keyless\.yaml$|README\.md$|LICENSE$|package\.json$)/;

let tmp: string;
let copy: string;
let user: UserDirs;
let tarball: string;
let packedFiles: string[];
let installed: string; // the installed package's directory
let keylessBin: string; // the launcher npm linked into the prefix's bin/

/** npm with the user's own configuration and cache, not the settings of the `npm test` that runs us. */
function npm(args: string[], cwd: string) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^npm_/i.test(k) || k === "INIT_CWD" || k === "NODE_V8_COVERAGE") continue;
    env[k] = v;
  }
  return run("npm", args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
}

/** Runs `f` and reports how long it took (reported, never asserted: these machines are shared). */
async function timed<T>(t: TestContext, label: string, f: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await f();
  } finally {
    t.diagnostic(`${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  }
}

const packedPaths = (stdout: string) =>
  (JSON.parse(stdout) as { filename: string; files: { path: string }[] }[])[0]!;

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), "keyless-pack-"));
  copy = join(tmp, "clone");
  cpSync(repo, copy, {
    recursive: true,
    filter: (src) => !(resolve(src, "..") === repo && NOT_IN_A_CLONE.has(basename(src))),
  });
  // The build tools (devDependencies) as `npm ci` would install them.
  symlinkSync(join(repo, "node_modules"), join(copy, "node_modules"));
  user = userDirs("keyless-pack-user-");
});

after(() => {
  rmSync(tmp, { recursive: true, force: true });
  user?.remove();
});

test("an unbuilt checkout's launcher says how to build instead of failing to load dist/", async () => {
  const r = await runKeyless(["--version"], {
    cwd: user.work,
    env: { HOME: user.home },
    bin: join(copy, "bin/keyless.js"),
  });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /dist\/cli\/main\.js is missing/);
  assert.match(r.stderr, /npm ci && npm run build/);
  assert.doesNotMatch(r.stderr, /ERR_MODULE_NOT_FOUND|\n\s+at /); // no stack trace
});

test("npm pack builds dist/ in prepack and packs only what runs, its docs and licence", async (t) => {
  const out = join(tmp, "out");
  mkdirSync(out);
  const packed = packedPaths(
    (
      await timed(t, "npm pack (prepack builds dist/)", () =>
        npm(["pack", "--json", "--pack-destination", out], copy),
      )
    ).stdout,
  );
  tarball = join(out, packed.filename);
  packedFiles = packed.files.map((f) => f.path);
  assertPackageFiles(packedFiles);

  // The listing a maintainer checks before publishing says the same.
  const dry = packedPaths((await npm(["pack", "--dry-run", "--json", "--ignore-scripts"], copy)).stdout);
  assertPackageFiles(dry.files.map((f) => f.path));
});

function assertPackageFiles(files: string[]) {
  for (const f of ["bin/keyless.js", "dist/cli/main.js", "package.json", "README.md", "LICENSE"])
    assert.ok(files.includes(f), `${f} is not in the package`);
  const bad = files.filter(
    (f) => !ALLOWED.test(f) || /(^|\/)test\/|\.test\.|\.ts$|\.map$/.test(f) || f.startsWith("src/"),
  );
  assert.deepEqual(bad, [], "files outside bin/ dist/ docs/ README LICENSE, tests, sources or source maps");
}

test("the tarball installs into a prefix without running any install script", async (t) => {
  assert.ok(tarball, "npm pack did not produce a tarball");
  const prefix = join(tmp, "prefix");
  const install = (mode: string) =>
    npm(
      ["install", "-g", "--prefix", prefix, "--ignore-scripts", "--no-audit", "--no-fund", mode, tarball],
      tmp,
    );
  // After `npm ci` the cache usually holds every dependency; when it does not, npm fetches the rest.
  try {
    await timed(t, "npm install --offline", () => install("--offline"));
  } catch (err) {
    t.diagnostic(`not everything is in npm's cache, installing online: ${String(err).split("\n")[0]}`);
    await timed(t, "npm install --prefer-offline", () => install("--prefer-offline"));
  }
  installed = join(prefix, "lib", "node_modules", ...pkg.name.split("/"));
  keylessBin = join(prefix, "bin", "keyless");
  assert.equal(JSON.parse(readFileSync(join(installed, "package.json"), "utf8")).version, pkg.version);
});

test("the installed keyless runs from another directory with its own HOME", async () => {
  assert.ok(keylessBin, "the package was not installed");
  const opts = { cwd: user.work, env: { HOME: user.home }, bin: keylessBin };

  const version = await runKeyless(["--version"], opts);
  assert.equal(version.code, 0, version.stderr);
  assert.equal(version.stdout, `${pkg.version}\n`);

  cpSync(join(installed, "examples", "keyless.yaml"), join(user.work, "keyless.yaml"));
  const valid = await runKeyless(["validate", "-c", "keyless.yaml"], opts);
  assert.equal(valid.code, 0, valid.stdout + valid.stderr);
  assert.match(valid.stdout, /keyless\.yaml is valid: .*8 permission sets/);

  const catalog = await runKeyless(["catalog", "list"], opts);
  assert.equal(catalog.code, 0, catalog.stderr);
  assert.match(catalog.stdout, /^terraform-core\s/m);

  // suggest parses HCL with the grammar's WebAssembly: the grammar's skipped install script
  // (node-gyp-build, for a native binding keyless does not use) is not needed.
  const module = join(user.work, "network");
  mkdirSync(module);
  writeFileSync(join(module, "main.tf"), 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n');
  const suggest = await runKeyless(["suggest", "network"], opts);
  assert.equal(suggest.code, 0, suggest.stdout + suggest.stderr);
  assert.match(suggest.stdout, /terraform-networking/);
  assert.match(suggest.stdout, /aws_vpc\s+network\/main\.tf:1/);
});

test("every module and every package the installed dist/ imports loads from its dependencies alone", async () => {
  assert.ok(installed, "the package was not installed");
  // Commands import their modules (and the AWS SDK clients) on first use, so running a few commands
  // does not load them all. This loads every dist module and every package named in an import, from
  // inside the installed package: a devDependency or a merely transitive package would fail here.
  const checker = join(installed, "import-check.mjs");
  writeFileSync(
    checker,
    `import { readdirSync, readFileSync } from "node:fs";
const dist = new URL("./dist/", import.meta.url);
const files = readdirSync(dist, { recursive: true }).filter((f) => f.endsWith(".js"));
const packages = new Set();
for (const f of files) {
  await import(new URL(f, dist).href);
  const text = readFileSync(new URL(f, dist), "utf8");
  for (const m of text.matchAll(/(?:\\bfrom\\s*|\\bimport\\s*\\(\\s*)"([^".][^"]*)"/g))
    if (!m[1].startsWith("node:")) packages.add(m[1]);
}
for (const p of packages) await import(p);
console.log(JSON.stringify({ files: files.length, packages: [...packages].sort() }));
`,
  );
  const r = await run(process.execPath, [checker], {
    cwd: user.work,
    env: { PATH: process.env.PATH ?? "", HOME: user.home },
  });
  const loaded = JSON.parse(r.stdout) as { files: number; packages: string[] };
  assert.ok(loaded.files > 100, `only ${loaded.files} modules in dist/`);
  const named = (spec: string) =>
    spec
      .split("/")
      .slice(0, spec.startsWith("@") ? 2 : 1)
      .join("/");
  const notDependencies = loaded.packages.filter((p) => !(named(p) in pkg.dependencies));
  assert.deepEqual(notDependencies, [], "imported packages that are not in package.json dependencies");
  assert.ok(
    loaded.packages.includes("@aws-sdk/client-sso-admin"),
    "the lazily imported SDK clients were checked",
  );
});
