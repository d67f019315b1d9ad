import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type Moto, startMoto } from "./moto.ts";

let moto: Moto;
before(async () => {
  moto = await startMoto();
});
after(async () => {
  await moto.stop();
});

test("moto answers and reset forgets state", async () => {
  const res = await fetch(`${moto.endpoint}/moto-api/`);
  assert.equal(res.status, 200);
  await moto.reset();
});

test("stop ends the process so the port no longer answers", async () => {
  const other = await startMoto();
  await other.stop();
  await assert.rejects(fetch(`${other.endpoint}/moto-api/`));
});
