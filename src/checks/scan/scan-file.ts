/**
 * Reads one file of the tree and runs the detectors its name calls for, then the text detector for
 * key-shaped strings on the lines those did not already report. Binary files (a NUL byte in the
 * first 8 KB) and files over the size limit are counted and skipped, never read whole.
 */
import { type FileHandle, open } from "node:fs/promises";
import { isGithubWorkflow, isGitlabCi, scanGithubWorkflow, scanGitlabCi } from "./ci-files.ts";
import { isDotenvFile, scanDotenv } from "./dotenv.ts";
import { errorMessage } from "./read-errors.ts";
import { scanTerraformFile, terraformFileType } from "./terraform.ts";
import { findKeysInText } from "./text.ts";
import { isStateFile, scanBackendCache } from "./tfstate.ts";
import type { Finding, FindingKind, ScanProblem } from "./types.ts";

const SNIFF_BYTES = 8192;

export type FileOutcome =
  | { status: "scanned"; findings: Finding[] }
  | { status: "binary" }
  | { status: "too-large"; size: number }
  | { status: "unreadable"; problem: ScanProblem };

export interface ScanFileInput {
  path: string;
  /** Relative to the root, `/` separators. */
  rel: string;
  name: string;
  root: string | undefined;
  maxBytes: number;
}

export async function scanFile(input: ScanFileInput): Promise<FileOutcome> {
  let text: string;
  try {
    const read = await readText(input.path, input.maxBytes);
    if (read.status !== "text") return read;
    text = read.text;
  } catch (err) {
    return { status: "unreadable", problem: { path: input.path, message: errorMessage(err) } };
  }
  return { status: "scanned", findings: await detect(text, input) };
}

/** The detectors for a file's text, by its name. Exported for tests that need no file system. */
export async function detect(
  text: string,
  input: Pick<ScanFileInput, "path" | "rel" | "name" | "root">,
): Promise<Finding[]> {
  const { path, rel, name, root } = input;
  const findings: Finding[] = [];
  let fallback: FindingKind = "key-in-text";
  const tf = terraformFileType(name);
  if (tf) {
    findings.push(...(await scanTerraformFile(text, path, root, tf)));
    if (tf === "tfvars" || tf === "tfvars-json") fallback = "tfvars-secret";
  } else if (isStateFile(name)) {
    fallback = "tfstate-secret";
    if (
      name === "terraform.tfstate" &&
      (rel === ".terraform/terraform.tfstate" || rel.endsWith("/.terraform/terraform.tfstate"))
    )
      findings.push(...scanBackendCache(text, path, root));
  } else if (isDotenvFile(name)) {
    fallback = "dotenv-secret";
    findings.push(...scanDotenv(text, path, root));
  } else if (isGithubWorkflow(rel) || isGithubWorkflow(path.replaceAll("\\", "/"))) {
    findings.push(...scanGithubWorkflow(text, path, root));
  } else if (isGitlabCi(name)) {
    findings.push(...scanGitlabCi(text, path, root));
  }
  const reported = new Set(findings.map((f) => (f.location.type === "file" ? f.location.line : 0)));
  findings.push(...findKeysInText({ text, path, root, kind: fallback, skipLines: reported }));
  return findings;
}

type ReadResult =
  | { status: "text"; text: string }
  | { status: "binary" }
  | { status: "too-large"; size: number };

async function readText(path: string, maxBytes: number): Promise<ReadResult> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) return { status: "too-large", size };
    const buf = Buffer.alloc(size);
    // Sniff first: a binary file costs one small read, not a whole one.
    let filled = await readInto(handle, buf, 0, Math.min(size, SNIFF_BYTES));
    if (buf.subarray(0, filled).includes(0)) return { status: "binary" };
    if (filled === Math.min(size, SNIFF_BYTES)) filled += await readInto(handle, buf, filled, size - filled);
    const data = buf.subarray(0, filled);
    return { status: "text", text: data.toString("utf8") };
  } finally {
    await handle.close();
  }
}

/** Reads up to `length` bytes at `offset` (also the file position); returns how many were read. */
async function readInto(handle: FileHandle, buf: Buffer, offset: number, length: number): Promise<number> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buf, offset + done, length - done, offset + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}
