/**
 * The import round trip as a property, in-process: for generated instances (and generated filters),
 * the keyless.yaml that import writes passes every check of `keyless validate`, and planning it
 * against the same AWS state gives nothing to do: no change, no prune candidate, no problem.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseConfig } from "../../../src/config/load.ts";
import { plan } from "../../../src/engine/plan.ts";
import { snapshotToActual } from "../../../src/import/actual.ts";
import { buildContent } from "../../../src/import/content.ts";
import { renderedPresets } from "../../../src/import/presets.ts";
import { type ImportFilters, selectForImport } from "../../../src/import/select.ts";
import type { ImportSnapshot } from "../../../src/import/snapshot.ts";
import { newDocumentText } from "../../../src/import/yaml.ts";
import { snapshotArb } from "./arbitraries.ts";

const PRESETS = renderedPresets();
const noFiles = (): string => {
  throw new Error("import writes no policy files");
};

function roundTrip(snapshot: ImportSnapshot, filters: ImportFilters, ouTargets: boolean) {
  const selection = selectForImport(snapshot, filters);
  const { content } = buildContent(snapshot, selection, { presets: PRESETS, ouTargets });
  const text = newDocumentText(content, { lines: ["imported"] });
  let loaded: ReturnType<typeof parseConfig>;
  try {
    loaded = parseConfig(text, "/import/keyless.yaml", noFiles);
  } catch (err) {
    assert.fail(
      `the imported file does not load:\n${(err as { details?: string[] }).details?.join("\n")}\n---\n${text}`,
    );
  }
  for (const prune of [false, true]) {
    const p = plan(loaded.desired, snapshotToActual(snapshot), { prune });
    const left = [...p.changes, ...p.pruneCandidates].map(
      (c) => `${c.action} ${c.address} ${c.reason ?? ""}`,
    );
    assert.deepEqual({ left, problems: p.problems }, { left: [], problems: [] }, text);
  }
  return { selection, loaded };
}

const filtersArb = (s: ImportSnapshot): fc.Arbitrary<ImportFilters> => {
  const psNames = s.permissionSets.map((p) => p.name);
  const groupNames = s.groups.map((g) => g.name);
  const pick = (names: string[]) =>
    names.length === 0
      ? fc.constant(undefined)
      : fc.option(fc.uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: 2 }), {
          nil: undefined,
        });
  return fc
    .record({ permissionSets: pick(psNames), groups: pick(groupNames), users: fc.boolean() })
    .map((f) => ({
      ...(f.permissionSets ? { permissionSets: f.permissionSets } : {}),
      ...(f.groups ? { groups: f.groups } : {}),
      ...(f.users ? { users: true } : {}),
    }));
};

describe("import properties", () => {
  it("import then plan is empty: the whole instance", () => {
    fc.assert(
      fc.property(snapshotArb, fc.boolean(), (snapshot, ouTargets) => {
        const { loaded } = roundTrip(snapshot, {}, ouTargets);
        // Everything is in the file: every permission set and every assignment.
        assert.equal(loaded.desired.permissionSets.length, snapshot.permissionSets.length);
      }),
      { numRuns: 200 },
    );
  });

  it("import then plan is empty: with any filters", () => {
    fc.assert(
      fc.property(
        snapshotArb.chain((s) => filtersArb(s).map((f) => ({ s, f }))),
        ({ s, f }) => {
          roundTrip(s, f, true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("the rules expand to exactly the imported assignments, OU targets included", () => {
    fc.assert(
      fc.property(snapshotArb, (snapshot) => {
        const selection = selectForImport(snapshot, {});
        const { content, counts } = buildContent(snapshot, selection, { presets: PRESETS });
        assert.equal(counts.assignments, snapshot.assignments.length);
        assert.ok(counts.rules <= Math.max(1, snapshot.assignments.length));
        assert.deepEqual(content.warnings, []);
      }),
      { numRuns: 100 },
    );
  });
});
