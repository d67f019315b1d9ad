/** docs/permission-sets.md is generated from the catalog and must not drift from it. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { renderPermissionSetsDoc } from "../../../src/catalog/doc.ts";
import { PRESETS } from "../../../src/catalog/registry.ts";

describe("docs/permission-sets.md", () => {
  it("equals the text generated from the catalog (run scripts/gen-permission-sets-doc.ts)", () => {
    const committed = readFileSync("docs/permission-sets.md", "utf8");
    assert.equal(
      committed,
      renderPermissionSetsDoc(),
      "docs/permission-sets.md is stale: node --import tsx scripts/gen-permission-sets-doc.ts",
    );
  });

  it("has one section per preset with its grants and the read-only decision", () => {
    const text = renderPermissionSetsDoc();
    for (const p of PRESETS) {
      assert.match(text, new RegExp(`^## ${p.name}$`, "m"));
      for (const g of p.grants) assert.ok(text.includes(g), `${p.name}: ${g}`);
    }
    assert.match(text, /## The read-only part: a narrow planning read set, not ReadOnlyAccess/);
  });
});
