import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { createAwsClients } from "../../../src/aws/clients.ts";
import { discoverInstance } from "../../../src/aws/instance.ts";
import type { RateLimiter } from "../../../src/aws/rate-limiter.ts";
import { readActual } from "../../../src/aws/read-actual.ts";
import { awsTestEnv, freePort, type Moto, startMoto } from "../../helpers/moto.ts";
import { type IdentityCenterProxy, startIdentityCenterProxy } from "../../standins/identity-center-proxy.ts";
import { emptyDesired, REGION } from "./harness.ts";

let moto: Moto;
let proxy: IdentityCenterProxy;
before(async () => {
  moto = await startMoto();
  proxy = await startIdentityCenterProxy(moto.endpoint);
});
after(async () => {
  await proxy.stop();
  await moto.stop();
});

test("the SDK takes endpoints from AWS_ENDPOINT_URL_<SERVICE> over AWS_ENDPOINT_URL", async () => {
  const dead = `http://127.0.0.1:${await freePort()}`;
  Object.assign(process.env, awsTestEnv(dead, REGION), {
    AWS_ENDPOINT_URL_SSO_ADMIN: proxy.endpoint,
    AWS_ENDPOINT_URL_IDENTITYSTORE: moto.endpoint,
  });
  const clients = await createAwsClients({ region: REGION, maxAttempts: 1 });
  try {
    proxy.clearCalls();
    const actual = await readActual(clients, emptyDesired());
    assert.deepEqual(actual.users, []);
    const calls = proxy.calls();
    // sso-admin went through the proxy; identitystore went straight to moto.
    assert.ok(calls.includes("SWBExternalService.ListInstances"));
    assert.ok(calls.includes("SWBExternalService.ListPermissionSets"));
    assert.deepEqual(
      calls.filter((c) => c.startsWith("AWSIdentityStore")),
      [],
    );
    // Organizations only has the generic variable, which points nowhere.
    await assert.rejects(clients.organizations.listRoots({}));
  } finally {
    clients.destroy();
    delete process.env.AWS_ENDPOINT_URL_SSO_ADMIN;
    delete process.env.AWS_ENDPOINT_URL_IDENTITYSTORE;
  }
});

test("every attempt passes the shared rate limiter; call counts count logical calls", async () => {
  Object.assign(process.env, awsTestEnv(proxy.endpoint, REGION));
  let takes = 0;
  const limiter: RateLimiter = {
    async take() {
      takes += 1;
    },
  };
  const clients = await createAwsClients({ region: REGION, rateLimiter: limiter });
  try {
    await discoverInstance(clients);
    assert.equal(takes, 1);
    proxy.failNext("ListInstances", { status: 400, type: "ThrottlingException", message: "slow down" });
    await discoverInstance(clients);
    assert.equal(takes, 3);
    await clients.identityStore.listUsers({
      IdentityStoreId: (await discoverInstance(clients)).identityStoreId,
    });
    assert.deepEqual(clients.callCounts(), { "identitystore.ListUsers": 1, "sso-admin.ListInstances": 3 });
  } finally {
    clients.destroy();
  }
});

test("src/aws loads the SDK lazily: no value import of @aws-sdk outside dynamic import()", () => {
  const dir = join(import.meta.dirname, "../../../src/aws");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    const text = readFileSync(join(dir, file), "utf8");
    const eager = text
      .split("\n")
      .filter((l) => /^\s*(import|export)\s(?!type\b)[^;]*["']@aws-sdk\//.test(l));
    assert.deepEqual(eager, [], `${file} imports the SDK eagerly`);
  }
});

const serverError = { status: 500, type: "InternalServerException", message: "internal error" };

test("a throttled attempt slows the shared budget down; retries wait on the injected clock", async () => {
  Object.assign(process.env, awsTestEnv(proxy.endpoint, REGION));
  let throttles = 0;
  const limiter: RateLimiter = {
    async take() {},
    throttled() {
      throttles += 1;
    },
  };
  const sleeps: number[] = [];
  const clock = { now: () => 0, sleep: async (ms: number) => void sleeps.push(ms) };
  const clients = await createAwsClients({ region: REGION, rateLimiter: limiter, clock });
  try {
    proxy.failNext("ListInstances", { status: 400, type: "ThrottlingException", message: "slow down" }, 2);
    await discoverInstance(clients);
    assert.equal(throttles, 2);
    assert.equal(sleeps.length, 2, "two backoffs, on the injected clock");
    assert.ok(
      sleeps.every((ms) => ms >= 0 && ms <= 2000),
      String(sleeps),
    );
  } finally {
    clients.destroy();
  }
});

test("a create whose outcome is unknown (5xx) goes back to the caller; repeatable calls are retried", async () => {
  Object.assign(process.env, awsTestEnv(proxy.endpoint, REGION));
  const clients = await createAwsClients({ region: REGION, requestsPerSecond: 1000 });
  try {
    const { identityStoreId: IdentityStoreId } = await discoverInstance(clients);
    proxy.clearCalls();
    const count = (op: string) => proxy.calls().filter((c) => c === `AWSIdentityStore.${op}`).length;

    proxy.failNext("CreateGroup", serverError);
    await assert.rejects(clients.identityStore.createGroup({ IdentityStoreId, DisplayName: "g1" }), {
      name: "InternalServerException",
    });
    assert.equal(count("CreateGroup"), 1, "not sent twice by the SDK");

    // Throttling means AWS did nothing: even a create is retried.
    proxy.failNext("CreateGroup", { status: 400, type: "ThrottlingException", message: "slow down" });
    await clients.identityStore.createGroup({ IdentityStoreId, DisplayName: "g2" });
    assert.equal(count("CreateGroup"), 3);

    // Reads and deletes are repeatable.
    proxy.failNext("ListGroups", serverError);
    await clients.identityStore.listGroups({ IdentityStoreId });
    assert.equal(count("ListGroups"), 2);
  } finally {
    clients.destroy();
  }
});
