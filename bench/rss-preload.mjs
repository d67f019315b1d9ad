// Loaded into the keyless child by `npm run bench` (NODE_OPTIONS=--import): on exit, writes the
// process's peak resident set size (KiB, from the kernel's rusage) to KEYLESS_BENCH_RSS_FILE.
import { writeFileSync } from "node:fs";

process.on("exit", () => {
  const file = process.env.KEYLESS_BENCH_RSS_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS));
});
