import type { CliIO } from "../cli/io.ts";

/** Progress lines go to stderr (stdout stays the data), and nowhere under --json. */
export function progressReporter(io: CliIO, opts: { quiet: boolean }): (message: string) => void {
  if (opts.quiet) return () => {};
  return (message) => io.err(`${message}\n`);
}
