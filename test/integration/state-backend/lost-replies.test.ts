/**
 * The state backend when AWS carries out a create but the reply is lost (the fault proxy forwards the
 * request, then answers 5xx), or a run stops between two steps: apply converges in one run, with one
 * key (KMS would make a second for a repeated CreateKey), one alias, one bucket and one table.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { findDuplicates } from "../../helpers/duplicates.ts";
import { type FaultProxy, startFaultProxy } from "../../helpers/fault-proxy.ts";
import { awsTestEnv } from "../../helpers/moto.ts";
import {
  ALIAS,
  applyOk,
  assertNoChanges,
  BASE,
  BUCKET,
  cli,
  config,
  type Harness,
  keyArn,
  REGION,
  resetHarness,
  startHarness,
  stopHarness,
  writeConfig,
} from "./harness.ts";

let h: Harness;
let faults: FaultProxy;

before(async () => {
  h = await startHarness();
  faults = await startFaultProxy(h.proxy.endpoint);
  Object.assign(process.env, awsTestEnv(faults.endpoint, REGION));
});
after(async () => {
  await faults?.stop();
  await stopHarness(h);
});
beforeEach(async () => {
  await resetHarness(h);
  faults.reset();
  await writeConfig(h, config(`${BASE}\nlocking: dynamodb`));
});

/** Keys keyless made (the table's SSE makes moto add an AWS-managed key too). */
async function keysNow(): Promise<string[]> {
  const out: string[] = [];
  for (const k of (await h.kms.listKeys({})).Keys ?? []) {
    const tags = (await h.kms.listResourceTags({ KeyId: k.KeyId })).Tags ?? [];
    if (tags.some((t) => t.TagKey === "keyless:alias")) out.push(k.KeyId ?? "");
  }
  return out;
}

test("lost replies to every create and to settings: one apply converges, one of each", async () => {
  for (const op of [
    "CreateKey",
    "EnableKeyRotation",
    "CreateAlias",
    new RegExp(`^PUT /${BUCKET}/?$`),
    new RegExp(`^PUT /${BUCKET}/?\\?versioning`),
    new RegExp(`^PUT /${BUCKET}/?\\?policy`),
    "CreateTable",
    "UpdateContinuousBackups",
  ]) {
    faults.loseNextReply(op);
  }
  await applyOk(h);
  assert.equal(
    faults.counts()["lost-reply"],
    8,
    JSON.stringify(faults.log().filter((e) => e.outcome !== "ok")),
  );
  faults.reset();
  await assertNoChanges(h);
  assert.equal((await keysNow()).length, 1, "one key");
  assert.deepEqual(await findDuplicates(h.moto.endpoint, REGION, { kms: true }), []);
  const tables = await h.ddb.listTables({});
  assert.deepEqual(tables.TableNames, ["terraform-locks"]);
});

test("a run that stopped between CreateKey and CreateAlias: the next apply adopts that key", async () => {
  // The first run makes the key, then fails before the alias (as if killed there).
  faults.failNext("CreateAlias", 10);
  const first = await cli(h, ["apply", "--auto-approve"]);
  assert.equal(first.code, 1, first.stdout + first.stderr);
  const orphan = await keysNow();
  assert.equal(orphan.length, 1);

  faults.reset();
  await applyOk(h);
  assert.deepEqual(await keysNow(), orphan, "no second key");
  assert.match(await keyArn(h, ALIAS), new RegExp(`${orphan[0]}$`));
  await assertNoChanges(h);
});
