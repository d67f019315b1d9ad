/** One readable line for a file system error: the code and what it means, without a stack. */
const MEANING: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "is a directory",
  ENOENT: "no such file or directory",
  ENOTDIR: "not a directory",
  ELOOP: "too many symbolic links",
  EMFILE: "too many open files",
  EIO: "input/output error",
};

export function errorMessage(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code) return `cannot read: ${MEANING[code] ?? "error"} (${code})`;
  return `cannot read: ${err instanceof Error ? err.message : String(err)}`;
}
