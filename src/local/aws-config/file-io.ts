/**
 * Reading and writing the config file. Reads are exact (UTF-8 validated, a byte-order mark kept) so
 * that an unmodified round trip gives the same bytes, and so that the parser sees the mark and refuses
 * the file (botocore cannot read it; parse.ts). Writes are atomic (temp file in the same
 * directory, fsync, rename) and keep the file's mode; a new file gets 0600 and a new directory 0700.
 * Before replacing, the previous content is saved to `<file>.keyless-backup` (one backup, overwritten
 * on each write: it holds the file as it was before keyless's latest change).
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, open, readFile, realpath, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { KeylessError } from "../../errors/keyless-error.ts";
import { assertEditable } from "./editable.ts";
import { parseConfigFile } from "./parse.ts";

export const BACKUP_SUFFIX = ".keyless-backup";

const isErrno = (err: unknown, code: string) => (err as NodeJS.ErrnoException | undefined)?.code === code;

function decode(bytes: Buffer, path: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (cause) {
    throw new KeylessError("CONFIG_INVALID", `${path} is not valid UTF-8`, {
      cause,
      hint: "keyless edits the file only if it can write back every byte it did not change; save it as UTF-8 first",
    });
  }
}

/** The file's text, or "" with exists=false when there is none. */
export async function readConfigFile(path: string): Promise<{ text: string; exists: boolean }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    if (isErrno(err, "ENOENT")) return { text: "", exists: false };
    throw new KeylessError("CONFIG_INVALID", `cannot read ${path}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return { text: decode(bytes, path), exists: true };
}

export interface WriteConfigOptions {
  /** Save the previous content to `<path>.keyless-backup` first (default true). */
  readonly backup?: boolean;
  /** The content the edit was computed from; if the file now holds something else (another tool
   *  wrote it meanwhile), nothing is written. */
  readonly expectedCurrent?: string;
}

export interface WriteConfigResult {
  /** The file written (symlinks resolved, so a linked dotfile stays a link). */
  readonly path: string;
  readonly created: boolean;
  readonly backupPath: string | undefined;
}

/**
 * Replaces the config file with `newText`. Refuses (CONFIG_INVALID, with file and line) when the
 * current file is one keyless cannot parse, or when `newText` itself would not parse cleanly.
 */
export async function writeConfigFile(
  path: string,
  newText: string,
  opts: WriteConfigOptions = {},
): Promise<WriteConfigResult> {
  let target = path;
  try {
    target = await realpath(path);
  } catch (err) {
    if (!isErrno(err, "ENOENT")) throw err;
  }
  const current = await readConfigFile(target);
  assertEditable(parseConfigFile(current.text, { path: target }));
  if (opts.expectedCurrent !== undefined && opts.expectedCurrent !== current.text) {
    throw new KeylessError(
      "CONFIG_INVALID",
      `${target} changed while keyless was editing it; nothing written`,
      {
        hint: "run the command again",
      },
    );
  }
  const check = parseConfigFile(newText, { path: target });
  if (check.problems.length > 0) {
    throw new KeylessError("INTERNAL", `refusing to write ${target}: the new content would not parse`, {
      details: check.problems.map((p) => `line ${p.lineNo}: ${p.message}`),
    });
  }

  const dir = dirname(target);
  let mode = 0o600;
  if (current.exists) {
    mode = (await stat(target)).mode & 0o7777;
  } else {
    const created = await mkdir(dir, { recursive: true, mode: 0o700 });
    if (created !== undefined) await chmod(dir, 0o700);
  }
  let backupPath: string | undefined;
  if (current.exists && (opts.backup ?? true)) {
    backupPath = `${target}${BACKUP_SUFFIX}`;
    await atomicReplace(backupPath, await readFile(target), mode);
  }
  await atomicReplace(target, Buffer.from(newText, "utf8"), mode);
  return { path: target, created: !current.exists, backupPath };
}

/** temp file beside the target, exact mode (not the umask's), fsync, rename, fsync the directory. */
async function atomicReplace(target: string, content: Buffer, mode: number): Promise<void> {
  const dir = dirname(target);
  const tmp = join(dir, `.${basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(tmp, "wx", mode);
  try {
    await handle.chmod(mode);
    await handle.writeFile(content);
    await handle.sync();
    await handle.close();
    await rename(tmp, target);
  } catch (err) {
    await handle.close().catch(() => {});
    await rm(tmp, { force: true });
    throw err;
  }
  try {
    const d = await open(dir, "r");
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // Directory fsync is not supported everywhere; the rename itself is still atomic.
  }
}
