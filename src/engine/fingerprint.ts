import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json.ts";
import type { Actual } from "./model.ts";

/**
 * sha256 (hex) over the canonical form of an Actual. Every array in Actual is a set, so arrays are
 * sorted: the same AWS state read in another order (pagination, concurrency) gives the same
 * fingerprint, while any change of content gives a different one. A saved plan carries it so apply
 * can refuse a plan whose AWS state moved on.
 */
export function fingerprint(actual: Actual): string {
  return createHash("sha256")
    .update(canonicalJson(actual, { sortArrays: true }))
    .digest("hex");
}
