/**
 * Writes docs/permission-sets.md from the catalog data. Run after changing a preset:
 *   node --import tsx scripts/gen-permission-sets-doc.ts
 * test/unit/catalog/doc.test.ts fails until the committed file matches.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderPermissionSetsDoc } from "../src/catalog/doc.ts";

const target = join(dirname(fileURLToPath(import.meta.url)), "..", "docs", "permission-sets.md");
writeFileSync(target, renderPermissionSetsDoc());
process.stdout.write(`wrote ${target}\n`);
