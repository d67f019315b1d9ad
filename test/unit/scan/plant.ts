/**
 * Credentials for planting in temporary trees: generated at run time (random, realistic shapes) so
 * that no key-shaped string is committed to the repository and every run checks different values.
 */
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { CliIO } from "../../../src/cli/io.ts";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

const pick = (n: number, alphabet: string): string =>
  Array.from({ length: n }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join("");

/** A long-term access key id: AKIA + 16 base32 characters (never ending in EXAMPLE). */
export const longTermId = (): string => `AKIA${pick(15, BASE32)}Q`;
/** A temporary access key id: ASIA + 16 base32 characters. */
export const temporaryId = (): string => `ASIA${pick(15, BASE32)}Q`;
/** A secret access key: 40 base64 characters, mixed case with a digit (as real ones practically are). */
export const secretKey = (): string => `${pick(37, BASE64)}a7Z`;
/** An STS session token (base64 with the usual `IQoJb3JpZ2lu` prefix). */
export const sessionToken = (): string => `IQoJb3JpZ2luX2VjE${pick(300, BASE64)}`;

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `keyless-scan-${prefix}-`));
}

/** Writes files (relative path → text) under `root`, creating directories. */
export async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    const path = join(root, rel);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  }
}

export interface Recorded {
  io: CliIO;
  stdout: () => string;
  stderr: () => string;
}

export function recordingIO(cwd: string, env: Record<string, string | undefined>): Recorded {
  let out = "";
  let err = "";
  return {
    io: {
      out: (t) => {
        out += t;
      },
      err: (t) => {
        err += t;
      },
      stdoutIsTTY: false,
      stdinIsTTY: false,
      env,
      cwd,
      ask: async () => "",
    },
    stdout: () => out,
    stderr: () => err,
  };
}
