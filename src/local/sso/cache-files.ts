/**
 * File plumbing for `~/.aws/sso/cache`: secrets live there, so the folder is 0700 and files are 0600,
 * and a file is replaced atomically (temp file in the same folder, fsync, rename), as standalone
 * botocore does, so a reader (another SDK, a parallel keyless) never sees half a token.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, open, readFile, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

export type JsonFileRead =
  | { kind: "ok"; value: Record<string, unknown> }
  | { kind: "missing" }
  /** Present but unusable; `problem` says why (never quotes the content, which may hold secrets). */
  | { kind: "corrupted"; problem: string };

/** Reads a JSON object file. Never throws for content or read problems. */
export async function readJsonObject(path: string): Promise<JsonFileRead> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { kind: "missing" };
    return { kind: "corrupted", problem: `cannot be read (${code ?? "error"})` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: "corrupted", problem: text.trim() === "" ? "is empty" : "is not valid JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { kind: "corrupted", problem: "is not a JSON object" };
  }
  return { kind: "ok", value: value as Record<string, unknown> };
}

/** Creates the cache folder (and parents) and makes the cache folder itself 0700. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
}

/** Writes `content` to `path` atomically with mode 0600. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const dir = dirname(path);
  await ensurePrivateDir(dir);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temp, "wx", 0o600);
  try {
    try {
      await handle.writeFile(content, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The umask may have narrowed the mode further, never widened it; make it exactly 0600.
    await chmod(temp, 0o600);
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => {});
    throw err;
  }
}

/** Deletes a file; true when it existed. */
export async function deleteFile(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw err;
  }
}
