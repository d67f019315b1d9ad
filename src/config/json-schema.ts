/**
 * JSON Schema (draft 2020-12) of keyless.yaml for editor completion and checks (`keyless schema`),
 * generated from the zod schema so the two cannot drift. It covers the shape and single-value
 * formats; references between sections and policy files are only checked by the loader.
 */
import { z } from "zod";
import { configSchema } from "./schema.ts";

export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema, { target: "draft-2020-12", io: "input" }) as Record<string, unknown>;
}
