/**
 * Scans a directory tree: the walker streams paths, a fixed number of workers read and scan them
 * (bounded concurrency, so memory holds at most that many files), and counters record what was
 * skipped and why. A path that cannot be read becomes a problem; the rest of the tree is still done.
 */
import { stat } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { scanFile } from "./scan-file.ts";
import type { Finding, ScanProblem } from "./types.ts";
import { newWalkStats, type WalkEntry, type WalkStats, walkTree } from "./walker.ts";

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;
export const DEFAULT_CONCURRENCY = 16;

export interface TreeScanOptions {
  /** Apply `.gitignore` files (default true). */
  gitignore?: boolean;
  /** Files larger than this are skipped (default 2 MiB). */
  maxFileBytes?: number;
  /** Files read at once (default 16). */
  concurrency?: number;
}

export interface TreeScanStats extends WalkStats {
  filesScanned: number;
  binary: number;
  tooLarge: number;
  /** The skipped large files (relative paths), so `--verbose` can name them. */
  tooLargeFiles: string[];
}

export interface TreeScanResult {
  findings: Finding[];
  problems: ScanProblem[];
  stats: TreeScanStats;
}

export function newTreeStats(): TreeScanStats {
  return { ...newWalkStats(), filesScanned: 0, binary: 0, tooLarge: 0, tooLargeFiles: [] };
}

/** Scans one root (a directory, or a single file). Accumulates into `into` when given. */
export async function scanTree(
  root: string,
  opts: TreeScanOptions = {},
  into: TreeScanResult = { findings: [], problems: [], stats: newTreeStats() },
): Promise<TreeScanResult> {
  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const { findings, problems, stats } = into;
  const info = await stat(root);
  let entries: AsyncIterator<WalkEntry>;
  let base = root;
  if (info.isFile()) {
    base = dirname(root);
    const name = basename(root);
    entries = (async function* () {
      yield { path: root, rel: name, name };
    })();
  } else {
    entries = walkTree(root, { gitignore: opts.gitignore ?? true }, stats, problems);
  }
  const worker = async (): Promise<void> => {
    for (;;) {
      const next = await entries.next();
      if (next.done) return;
      const entry = next.value;
      let outcome: Awaited<ReturnType<typeof scanFile>>;
      try {
        outcome = await scanFile({ ...entry, root: base, maxBytes });
      } catch (err) {
        problems.push({ path: entry.path, message: `could not scan: ${(err as Error).message}` });
        continue;
      }
      switch (outcome.status) {
        case "scanned":
          stats.filesScanned++;
          findings.push(...outcome.findings);
          break;
        case "binary":
          stats.binary++;
          break;
        case "too-large":
          stats.tooLarge++;
          stats.tooLargeFiles.push(entry.rel);
          break;
        case "unreadable":
          problems.push(outcome.problem);
          break;
      }
    }
  };
  const n = Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY);
  await Promise.all(Array.from({ length: n }, worker));
  return into;
}
