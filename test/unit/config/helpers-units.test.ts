import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  formatDuration,
  parseDurationSeconds,
  sessionDurationProblem,
} from "../../../src/config/duration.ts";
import { formatPath } from "../../../src/config/issues.ts";
import { editDistance, suggest } from "../../../src/config/suggest.ts";

describe("config: durations", () => {
  it("parses PT durations and nothing else", () => {
    assert.equal(parseDurationSeconds("PT1H30M"), 5400);
    assert.equal(parseDurationSeconds("PT45S"), 45);
    for (const bad of ["PT", "P1D", "1H", "PT1.5H", "pt1h", "PT1M1H", ""]) {
      assert.equal(parseDurationSeconds(bad), undefined, bad);
    }
  });

  it("formats largest units first and leaves out zero parts", () => {
    assert.equal(formatDuration(3600), "PT1H");
    assert.equal(formatDuration(5400), "PT1H30M");
    assert.equal(formatDuration(3661), "PT1H1M1S");
    assert.equal(formatDuration(43200), "PT12H");
  });

  it("accepts exactly PT1H..PT12H", () => {
    assert.equal(sessionDurationProblem("PT1H"), undefined);
    assert.equal(sessionDurationProblem("PT12H"), undefined);
    assert.match(sessionDurationProblem("PT3599S") ?? "", /outside the allowed range/);
    assert.match(sessionDurationProblem("PT43201S") ?? "", /outside the allowed range/);
  });
});

describe("config: suggestions", () => {
  it("computes edit distances", () => {
    assert.equal(editDistance("kitten", "sitting"), 3);
    assert.equal(editDistance("", "abc"), 3);
    assert.equal(editDistance("same", "same"), 0);
  });

  it("suggests only close candidates", () => {
    assert.equal(suggest("descripton", ["description", "sessionDuration"]), "description");
    assert.equal(suggest("Region", ["region"]), "region");
    assert.equal(suggest("xyz", ["description"]), undefined);
    assert.equal(suggest("ab", ["cd"]), undefined);
    assert.equal(suggest("anything", []), undefined);
  });
});

describe("config: key paths in messages", () => {
  it("writes dotted paths, indexes and quoted odd keys", () => {
    assert.equal(
      formatPath(["permissionSets", "terraform-core", "tags", "cost center"]),
      'permissionSets.terraform-core.tags["cost center"]',
    );
    assert.equal(formatPath(["assignments", 0, "targets", 2]), "assignments[0].targets[2]");
    assert.equal(formatPath([]), "");
  });
});
