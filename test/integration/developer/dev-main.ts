/** The developer commands go through the real entry point, main(). */
import type { CliIO } from "../../../src/cli/io.ts";
import { main } from "../../../src/cli/main.ts";

export async function devMain(argv: string[], io: CliIO): Promise<number> {
  return main(argv, io);
}
