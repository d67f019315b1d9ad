/**
 * Where `keyless import` writes, checked before AWS is read: an existing file is refused without
 * --merge (import never overwrites), and a path that cannot become a file (a directory, a directory
 * under a regular file, a directory without write permission) is refused too. Both exit 73.
 */
import { constants } from "node:fs";
import { access, readFile, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { KeylessError } from "../errors/keyless-error.ts";

export type Target = { exists: false } | { exists: true; text: string };

function notWritable(path: string, why: string): KeylessError {
  return new KeylessError("OUTPUT_NOT_WRITABLE", `cannot write ${path}: ${why}`, {
    hint: "Give another path with -c FILE, or use --dry-run to print the file instead.",
  });
}

/** The nearest existing ancestor directory of `path` (where the new file's directory would be made). */
async function nearestDirectory(path: string): Promise<string> {
  let dir = dirname(path);
  for (;;) {
    const s = await stat(dir).catch((err: NodeJS.ErrnoException) => err);
    if (!(s instanceof Error)) {
      if (!s.isDirectory()) throw notWritable(path, `${dir} is not a directory`);
      return dir;
    }
    if (s.code !== "ENOENT") throw notWritable(path, `${dir} cannot be used (${s.code ?? s.message})`);
    const parent = dirname(dir);
    if (parent === dir) return dir;
    dir = parent;
  }
}

export async function checkImportTarget(
  path: string,
  opts: { merge: boolean; dryRun: boolean },
): Promise<Target> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw notWritable(path, "it is a directory");
  if (existing && !existing.isFile()) throw notWritable(path, "it exists and is not a regular file");
  if (existing && !opts.merge && !opts.dryRun) {
    throw new KeylessError(
      "OUTPUT_EXISTS",
      `${path} already exists; keyless import never overwrites a file`,
      {
        hint:
          "Add what it lacks with --merge (your entries and comments are kept), write a new file with " +
          "-c OTHER.yaml, or see what import would write with --dry-run.",
      },
    );
  }
  if (!opts.dryRun) {
    const dir = existing ? dirname(path) : await nearestDirectory(path);
    try {
      await access(dir, constants.W_OK);
      if (existing) await access(path, constants.W_OK);
    } catch (err) {
      throw notWritable(path, `no permission to write in ${dir} (${(err as NodeJS.ErrnoException).code})`);
    }
  }
  if (!existing || !opts.merge) return { exists: false };
  return { exists: true, text: await readFile(path, "utf8") };
}
