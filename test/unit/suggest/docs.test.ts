import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { RESOURCE_DOMAINS, TERRAFORM_DOMAINS } from "../../../src/catalog/resource-domains.ts";

const DOC = resolve(dirname(fileURLToPath(import.meta.url)), "../../../docs/suggest.md");

/** The coverage table as the table's data says it should read. */
function expectedRows(): string[] {
  return TERRAFORM_DOMAINS.map((d) => {
    const entries = [...RESOURCE_DOMAINS.values()].filter((e) => e.domains.includes(d));
    const services = [...new Set(entries.flatMap((e) => e.services))].sort();
    return `| ${d} | ${entries.length} | ${services.map((s) => `\`${s}\``).join(", ")} |`;
  });
}

describe("docs/suggest.md", () => {
  it("shows the coverage table exactly as the resource-domain table has it", async () => {
    const text = await readFile(DOC, "utf8");
    const start = text.indexOf("<!-- coverage-table");
    const end = text.indexOf("<!-- /coverage-table -->");
    assert.ok(start >= 0 && end > start, "coverage-table markers missing");
    const rows = text
      .slice(start, end)
      .split("\n")
      .filter((l) => l.startsWith("| terraform-"));
    assert.deepEqual(rows, expectedRows());
  });

  it("states the table's size and covered count", async () => {
    const text = await readFile(DOC, "utf8");
    const covered = [...RESOURCE_DOMAINS.values()].filter((e) => e.domains.length > 0).length;
    assert.match(text, new RegExp(`lists ${RESOURCE_DOMAINS.size} Terraform AWS types`));
    assert.match(text, new RegExp(`${covered} are covered by\\s+a preset`));
  });
});
