/** The refusal to edit a config file keyless cannot read with certainty. */
import { KeylessError } from "../../errors/keyless-error.ts";
import type { ConfigModel } from "./model.ts";

/** Throws CONFIG_INVALID naming the file and line of every problem, if there is any. */
export function assertEditable(model: Pick<ConfigModel, "path" | "problems">): void {
  const [first, ...rest] = model.problems;
  if (!first) return;
  throw new KeylessError("CONFIG_INVALID", `${model.path}:${first.lineNo}: ${first.message}`, {
    hint: "keyless edits only a config file that the AWS CLI can read and whose keyless blocks are intact; fix the file by hand (or restore it from a backup) and run the command again.",
    details: rest.map((p) => `${model.path}:${p.lineNo}: ${p.message}`),
  });
}
