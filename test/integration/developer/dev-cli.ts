/**
 * The CLI as a separate process (with the developer commands whether or not main() has them yet), for
 * tests that need a real process: signals sent to keyless, and `credential_process`.
 * Run: node --import tsx test/integration/developer/dev-cli.ts ARGS...
 */
import { processIO } from "../../../src/cli/io.ts";
import { devMain } from "./dev-main.ts";

process.exitCode = await devMain(process.argv.slice(2), processIO());
