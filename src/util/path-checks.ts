/**
 * Checks of an output path given on the command line, made first (before keyless.yaml is loaded or
 * AWS is asked anything), so that a path of the wrong kind costs nothing and the message names the
 * flag and the path as the user typed it.
 */
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { KeylessError } from "../errors/keyless-error.ts";

type Kind = "file" | "directory" | "other" | "missing";

async function kindOf(path: string): Promise<Kind> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? "directory" : s.isFile() ? "file" : "other";
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ENOTDIR: a parent is a file, so this path can be neither read nor created.
    if (code === "ENOTDIR") return "other";
    return "missing";
  }
}

/**
 * `flag PATH` names a file to write: refuses (USAGE, exit 64) an existing directory. `fileName` is
 * what the hint suggests writing inside it.
 */
export async function refuseDirectoryForFile(
  path: string,
  flag: string,
  shown: string,
  fileName: string,
): Promise<void> {
  const kind = await kindOf(path);
  if (kind === "directory") {
    throw new KeylessError(
      "USAGE",
      `${flag} ${shown} is a directory; it takes the path of the file to write`,
      {
        hint: `For example: ${flag} ${join(shown, fileName)}`,
      },
    );
  }
  if (kind === "other") {
    throw new KeylessError(
      "USAGE",
      `${flag} ${shown} cannot be written: it is not a regular file or a part of its path is a file`,
    );
  }
}

/** `flag PATH` names a directory to write into: refuses (USAGE, exit 64) a path that is something else. */
export async function refuseNonDirectory(path: string, flag: string, shown: string): Promise<void> {
  const kind = await kindOf(path);
  if (kind === "file" || kind === "other") {
    throw new KeylessError(
      "USAGE",
      `${flag} ${shown} is ${kind === "file" ? "a file" : "not a directory"}; it takes the directory to write the files into`,
      { hint: `Pass the directory that holds ${shown}, or another directory.` },
    );
  }
}
