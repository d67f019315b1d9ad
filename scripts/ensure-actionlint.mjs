// Builds actionlint (the GitHub Actions workflow linter) from the Go module proxy once, and caches the
// binary under .cache/tools/ (gitignored), for the tests that lint the workflows `keyless ci workflow`
// writes. Idempotent: a cached binary of this version is used as it is. Never throws: without Go
// (or when the build fails) it resolves to { skip: reason }, and the tests skip with that reason.
// Usage: node scripts/ensure-actionlint.mjs   (prints the binary's path), or ensureActionlint().
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A version the Go module proxy serves here; bump it deliberately (the tests pin what they lint with). */
export const ACTIONLINT_VERSION = "v1.7.12";
const MODULE = "github.com/rhysd/actionlint/cmd/actionlint";
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const ACTIONLINT_PATH = join(ROOT, ".cache", "tools", `actionlint-${ACTIONLINT_VERSION}`);

/** Resolves to { path } of a working actionlint, or { skip } with why there is none. */
export async function ensureActionlint() {
  if (existsSync(ACTIONLINT_PATH)) return { path: ACTIONLINT_PATH };
  try {
    await run("go", ["version"]);
  } catch {
    return {
      skip: `Go is not installed, so actionlint ${ACTIONLINT_VERSION} cannot be built (go install ${MODULE})`,
    };
  }
  await mkdir(dirname(ACTIONLINT_PATH), { recursive: true });
  // Build into a private directory, then rename: two test files starting at once never see half a binary.
  const gobin = await mkdtemp(join(dirname(ACTIONLINT_PATH), ".build-"));
  try {
    await run("go", ["install", `${MODULE}@${ACTIONLINT_VERSION}`], {
      env: { ...process.env, GOBIN: gobin, GOFLAGS: "-buildvcs=false", GOTOOLCHAIN: "local" },
      maxBuffer: 1 << 24,
      timeout: 540_000,
    });
    await rename(join(gobin, "actionlint"), ACTIONLINT_PATH);
    return { path: ACTIONLINT_PATH };
  } catch (err) {
    const why = String(err.stderr || err.message)
      .trim()
      .split("\n")
      .at(-1);
    return { skip: `go install ${MODULE}@${ACTIONLINT_VERSION} failed: ${why}` };
  } finally {
    await rm(gobin, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await ensureActionlint();
  if (r.path) console.log(r.path);
  else console.error(r.skip);
  process.exit(r.path ? 0 : 1);
}
