/**
 * The red-team suite: every abuse case evaluated with the real IAM evaluator against every preset
 * (rendered with the suite's parameters, as the presets render from examples/keyless.yaml plus a
 * team scope), and every guardrail case again with AdministratorAccess attached to the same
 * permission set. Residual cases (what no permission set can close) are evaluated with the
 * permissions boundary or the recommended RCP/SCP, and shown open without it.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findPreset, PRESETS } from "../../../../src/catalog/registry.ts";
import {
  ADMINISTRATOR_ACCESS,
  ADMINISTRATOR_ACCESS_ARN,
  type EvalPolicies,
  evaluate,
  permissionSetPolicies,
  ssoRoleArn,
} from "../../../helpers/iam-eval.ts";
import { PARAMS } from "./arns.ts";
import { CASES, RESIDUAL_CASES } from "./cases.ts";
import type { AbuseCase } from "./types.ts";

/** Guardrail Sids each guardrail case's explicit Deny came from (with AdministratorAccess attached). */
const guardHits = new Set<string>();

async function check(c: AbuseCase, shortName: string, withAdmin: boolean): Promise<string> {
  const preset = findPreset(shortName);
  assert.ok(preset, shortName);
  const rendered = preset.render({ ...PARAMS, ...c.params });
  const identity = permissionSetPolicies(
    rendered.inlinePolicy,
    withAdmin ? { [ADMINISTRATOR_ACCESS_ARN]: ADMINISTRATOR_ACCESS } : {},
  );
  const policies: EvalPolicies = { identity };
  if (c.resourcePolicy) policies.resourcePolicy = c.resourcePolicy;
  const r = await evaluate(policies, { ...c.request, principal: ssoRoleArn(preset.name) });
  const given = Object.keys(c.request.context ?? {});
  const ignored = r.ignoredContextKeys.filter((k) => given.includes(k));
  assert.deepEqual(ignored, [], `${c.id} ${preset.name}: the evaluator ignored ${ignored.join(", ")}`);
  const where = `${c.id} (${c.title}) on ${preset.name}${withAdmin ? " + AdministratorAccess" : ""}`;
  assert.notEqual(r.decision, "allowed", `${where} is allowed by ${JSON.stringify(r.allowedBy)}`);
  if (withAdmin) {
    assert.equal(r.decision, "explicit-deny", `${where}: a guardrail must deny it explicitly`);
    for (const d of r.deniedBy) guardHits.add(d.sid);
  }
  return r.decision;
}

describe("red team: abuse cases denied for every preset", () => {
  const all = PRESETS.map((p) => p.shortName);
  for (const c of CASES) {
    it(`${c.id} [${c.class}] ${c.title}`, async () => {
      for (const p of c.presets ?? all) {
        await check(c, p, false);
        if (c.guard) await check(c, p, true);
      }
    });
  }

  it("has at least 80 cases, unique ids, and several per class of 'think like the holder'", () => {
    assert.ok(CASES.length >= 80, `${CASES.length} cases`);
    const ids = [...CASES, ...RESIDUAL_CASES].map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, "case ids are unique");
    const perClass = new Map<string, number>();
    for (const c of CASES) perClass.set(c.class, (perClass.get(c.class) ?? 0) + 1);
    for (const cls of [
      "sharing with another account",
      "redirecting traffic or names",
      "sending events, logs or data out",
      "destroying backups",
      "taking over what fronts other teams",
      "state",
      "privilege escalation",
      "tag hop",
    ]) {
      assert.ok((perClass.get(cls) ?? 0) >= 5, `${cls}: ${perClass.get(cls) ?? 0} cases`);
    }
    for (const f of [2, 3, 4, 5, 6, 9]) {
      assert.ok(
        [...CASES, ...RESIDUAL_CASES].some((c) => c.finding === f),
        `finding ${f} has a case`,
      );
    }
  });

  it("every guardrail of the presets stops at least one case with AdministratorAccess attached", () => {
    // Runs after the cases above (node:test runs a suite's tests in order).
    const sids = new Set<string>();
    for (const p of PRESETS) {
      for (const st of p.render({ ...PARAMS, lockTable: "terraform-locks" }).inlinePolicy.Statement) {
        if (st.Effect === "Deny" && !st.Sid.startsWith("DenyStateKey")) sids.add(st.Sid);
      }
    }
    // Preset-specific Deny statements are not guardrails (they hold on their own preset only).
    for (const own of [
      "DenyApiKeyValues",
      "DenyBoundaryPolicyChanges",
      "DenyBoundaryRemoval",
      "DenyIdentityCenterRoleChanges",
      "DenyPublicDatabases",
      "DenyUnmanagedMasterPasswords",
      "DenyCacheAuthTokenResets",
      "DenyInstanceStoppingAlarms",
    ]) {
      sids.delete(own);
    }
    const missing = [...sids].filter((s) => !guardHits.has(s));
    assert.deepEqual(
      missing,
      [],
      `guardrails no case exercises with AdministratorAccess: ${missing.join(", ")}`,
    );
  });
});

describe("red team: what no permission set can close, closed by the boundary or the recommended RCP/SCP", () => {
  for (const c of RESIDUAL_CASES) {
    it(`${c.id} [${c.class}, ${c.closedBy}] ${c.title}`, async () => {
      const { policies, request } = c.build(PARAMS);
      const closed = await evaluate(policies, request);
      assert.equal(closed.decision, "explicit-deny", `${c.id}: ${JSON.stringify(closed.allowedBy)}`);
      assert.ok(
        closed.deniedBy.some((d) => d.kind === (c.closedBy === "boundary" ? "boundary" : c.closedBy)),
        `${c.id} is denied by the ${c.closedBy}: ${JSON.stringify(closed.deniedBy)}`,
      );
      if (c.openWithout) {
        const without: EvalPolicies = { ...policies };
        if (c.closedBy === "boundary") delete without.boundary;
        if (c.closedBy === "rcp") delete without.rcps;
        if (c.closedBy === "scp")
          without.scps = [
            [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }],
          ];
        const open = await evaluate(without, request);
        assert.equal(open.decision, "allowed", `${c.id} is open without the ${c.closedBy}`);
      }
    });
  }
});
