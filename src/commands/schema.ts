import type { CliIO } from "../cli/io.ts";
import { configJsonSchema } from "../config/json-schema.ts";
import { EXIT } from "../errors/keyless-error.ts";

export async function runSchema(io: CliIO): Promise<number> {
  io.out(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  return EXIT.OK;
}
