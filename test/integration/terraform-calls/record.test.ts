/**
 * The recorder still records what the fixtures hold: real Terraform (when on PATH) re-records the
 * smallest stack (the S3 backend alone) against moto, and the result has the fixture's format, the
 * same calls in each step, and translates to the same IAM requests. Skipped without terraform.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { findProviderMirror } from "../../../scripts/demo-terraform-env.ts";
import { CallTranslator } from "../../helpers/iam-request.ts";
import { type Moto, startMoto } from "../../helpers/moto.ts";
import { translateEnvFor } from "../../helpers/terraform-calls-eval.ts";
import { type CallFixture, callShape, readFixture } from "../../helpers/terraform-calls-format.ts";
import { recordStack } from "../../helpers/terraform-calls-record.ts";
import { findStack } from "../../helpers/terraform-calls-stacks.ts";
import { skipWithoutTerraform, TERRAFORM } from "../../unit/terraform-files/terraform-bin.ts";

const STACK = "backend-s3-lockfile";

async function requests(fixture: CallFixture): Promise<string[]> {
  const t = new CallTranslator(translateEnvFor(fixture));
  const out: string[] = [];
  for (const phase of fixture.phases) {
    for (const call of phase.calls) {
      for (const r of (await t.translate(call)).requests) out.push(JSON.stringify([phase.command, r]));
    }
  }
  return out.sort();
}

describe("re-recording a stack matches its fixture", { skip: skipWithoutTerraform }, () => {
  let moto: Moto;
  let cache: string;
  let fresh: CallFixture;
  const fixture = readFixture(STACK);

  before(async () => {
    moto = await startMoto();
    cache = await mkdtemp(join(tmpdir(), "keyless-tf-plugin-cache-"));
    fresh = await recordStack(findStack(STACK)!, {
      motoEndpoint: moto.endpoint,
      resetMoto: () => moto.reset(),
      // A backend-only stack installs no provider; the mirror is only named in the CLI config.
      mirror: findProviderMirror() ?? cache,
      terraform: TERRAFORM!,
      pluginCache: cache,
      motoVersion: "test",
    });
  });
  after(async () => {
    await moto?.stop();
    if (cache) await rm(cache, { recursive: true, force: true });
  });

  it("has the fixture's fields and steps", () => {
    assert.deepEqual(Object.keys(fresh).sort(), Object.keys(fixture).sort());
    assert.deepEqual(fresh.backend, fixture.backend);
    assert.deepEqual(
      fresh.phases.map((p) => [p.command, p.args]),
      fixture.phases.map((p) => [p.command, p.args]),
    );
    for (const call of fresh.phases.flatMap((p) => p.calls)) {
      assert.ok(call.signer === "backend", `signed by the backend profile: ${call.signer}`);
      assert.ok(call.service && call.region && call.status > 0, JSON.stringify(call));
    }
  });

  it("makes the same calls in each step", () => {
    fresh.phases.forEach((phase, i) => {
      assert.deepEqual(
        phase.calls.map(callShape).sort(),
        fixture.phases[i]!.calls.map(callShape).sort(),
        `terraform ${phase.command}`,
      );
    });
  });

  it("translates to the same IAM requests", async () => {
    assert.deepEqual(await requests(fresh), await requests(fixture));
  });
});
