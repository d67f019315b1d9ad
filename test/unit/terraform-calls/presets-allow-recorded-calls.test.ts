/**
 * Every call real Terraform made for the typical stacks (test/fixtures/terraform-calls, recorded by
 * scripts/record-terraform-calls.ts) is allowed by the permission set that signed it, evaluated by a
 * real IAM evaluator, with the state key prefix set and unset: the backend's calls by terraform-core,
 * the provider's by the stack's domain preset, and the provider's `terraform plan` calls by
 * terraform-core alone as well (the docs say core can plan every domain).
 *
 * Calls today's presets deny are listed, each with its issue finding, in KNOWN_DENIED
 * (test/helpers/terraform-calls-known-denied.ts): a denial not listed fails, and so does a listed one
 * that no longer happens, so the list only shrinks as the presets are fixed.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { evaluateFixture, type RequestVerdict, variantsOf } from "../../helpers/terraform-calls-eval.ts";
import { fixtureNames, readFixture } from "../../helpers/terraform-calls-format.ts";
import { KNOWN_DENIED, matchesKnown } from "../../helpers/terraform-calls-known-denied.ts";
import { denialTable } from "../../helpers/terraform-calls-report.ts";
import { STACKS } from "../../helpers/terraform-calls-stacks.ts";

const verdicts: RequestVerdict[] = [];

describe("presets allow every recorded Terraform call", () => {
  before(async () => {
    for (const name of fixtureNames()) {
      const fixture = readFixture(name);
      for (const variant of variantsOf(fixture)) verdicts.push(...(await evaluateFixture(fixture, variant)));
    }
  });

  it("there is a recording for every typical stack, each with calls by the signers it should have", () => {
    assert.deepEqual(fixtureNames(), STACKS.map((s) => s.name).sort());
    for (const stack of STACKS) {
      const fixture = readFixture(stack.name);
      const signers = new Set(fixture.phases.flatMap((p) => p.calls.map((c) => c.signer)));
      assert.deepEqual(
        [...signers].sort(),
        stack.provider ? ["backend", "provider"] : ["backend"],
        stack.name,
      );
      assert.deepEqual(
        fixture.phases.map((p) => p.command),
        stack.steps.map((s) => s.command),
        `${stack.name}: one recorded phase per step`,
      );
    }
  });

  it("each stack is evaluated with the key prefix unset, and those recorded under it with it set too", () => {
    const variants = (stack: string) =>
      [...new Set(verdicts.filter((v) => v.stack === stack).map((v) => v.keyPrefix))].sort();
    assert.deepEqual(variants("backend-s3-lockfile"), ["unset"]);
    for (const stack of STACKS.filter((s) => s.keyPrefix !== ""))
      assert.deepEqual(variants(stack.name), ["set", "unset"], stack.name);
    // The three checks all ran: state calls, domain calls, and core planning alone.
    assert.deepEqual([...new Set(verdicts.map((v) => v.check))].sort(), ["backend", "core-plan", "provider"]);
  });

  it("every denied call is a known denial of today's presets, listed with its finding", () => {
    const unknown = verdicts.filter(
      (v) => v.decision !== "allowed" && !KNOWN_DENIED.some((k) => matchesKnown(k, v)),
    );
    assert.equal(unknown.length, 0, `recorded Terraform calls the presets deny:\n${denialTable(unknown)}`);
  });

  it("every known denial still happens (remove the entries a preset fix made pass)", () => {
    const denied = verdicts.filter((v) => v.decision !== "allowed");
    const stale = KNOWN_DENIED.filter((k) => !denied.some((v) => matchesKnown(k, v)));
    assert.deepEqual(
      stale.map((k) => `finding ${k.finding}: ${k.check} ${k.action} ${k.resource ?? ""}`),
      [],
      "these KNOWN_DENIED entries match no denied call any more: delete them",
    );
  });

  it("an allowed request is allowed by a named statement of the set's own policy", () => {
    const allowed = verdicts.filter((v) => v.decision === "allowed");
    assert.ok(allowed.length > 1000, `${allowed.length} allowed requests`);
    for (const v of allowed) {
      assert.ok(
        v.allowedBy.some((s) => s.kind === "identity" && s.policy === "inline"),
        `${v.stack} ${v.request.action} ${v.request.resource}: allowed without an identity Allow`,
      );
    }
  });
});
