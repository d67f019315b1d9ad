/**
 * doctor's state-read check against moto, with the profile's SSO role credentials: the real
 * ListObjectsV2 and HeadObject reach the emulator through a proxy that records them and, where a test
 * asks, answers AccessDenied as IAM would (moto evaluates no identity policy). Each denial fails the
 * check alone, naming the missing permission with its resource; every other check still passes.
 */
import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import { type DenyingProxy, startDenyingProxy } from "./denying-proxy.ts";
import { BUCKET, check, type DoctorEnv, failing, PROFILE, STATE_KEY, startDoctorEnv } from "./harness.ts";

let h: DoctorEnv;
let proxy: DenyingProxy;
let saved: string | undefined;
before(async () => {
  h = await startDoctorEnv();
  await h.setUp();
  proxy = await startDenyingProxy(h.dev.moto.endpoint);
});
after(async () => {
  await proxy?.stop();
  await h?.stop();
});
beforeEach(() => {
  proxy.reset();
  // doctor runs in this process: the SDK reads its S3 endpoint from process.env.
  saved = process.env.AWS_ENDPOINT_URL_S3;
  process.env.AWS_ENDPOINT_URL_S3 = proxy.endpoint;
});
afterEach(() => {
  if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_S3;
  else process.env.AWS_ENDPOINT_URL_S3 = saved;
});

const env = () => ({ AWS_ENDPOINT_URL_S3: proxy.endpoint });
const LIST = { method: "GET", path: `/${BUCKET}`, query: "list-type" };
const HEAD = { method: "HEAD", path: `/${BUCKET}/${STATE_KEY}` };

describe("doctor: can the profile read the state?", () => {
  test("allowed: the two reads reach S3 (moto) and the check passes", async () => {
    const { run, json } = await h.doctorJson([], { env: env() });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(check(json, "state-read").status, "pass");
    const reads = proxy.calls().filter((c) => /^(GET \/acme-tfstate\/?\?|HEAD )/.test(c));
    assert.ok(
      reads.some((c) => c.includes("list-type=2") && c.includes("prefix=env%2Fdev%2Fnetwork%2F")),
      reads.join("\n"),
    );
    assert.ok(reads.includes(`HEAD /${BUCKET}/${STATE_KEY}`), reads.join("\n"));
  });

  test("no s3:ListBucket: fails naming it with the bucket and prefix; exit 1; only this check fails", async () => {
    proxy.deny(LIST);
    const { run, json } = await h.doctorJson([], { env: env() });
    assert.equal(run.code, 1);
    assert.deepEqual(failing(json), ["state-read"], JSON.stringify(json.checks, null, 2));
    assert.equal(
      check(json, "state-read").message,
      `profile ${PROFILE} may not read the state (access denied): missing s3:ListBucket on arn:aws:s3:::${BUCKET} (s3:prefix "env/dev/network/")`,
    );
    assert.match(check(json, "state-read").hint ?? "", /terraform-core preset grants both/);
  });

  test("no s3:GetObject on the key: fails naming it with the object ARN", async () => {
    proxy.deny(HEAD);
    const { run, json } = await h.doctorJson([], { env: env() });
    assert.equal(run.code, 1);
    assert.deepEqual(failing(json), ["state-read"]);
    assert.equal(
      check(json, "state-read").message,
      `profile ${PROFILE} may not read the state (access denied): missing s3:GetObject on arn:aws:s3:::${BUCKET}/${STATE_KEY}`,
    );
  });

  test("both denied: both named, and that a 403 on the key may mean no state without s3:ListBucket", async () => {
    proxy.deny(LIST);
    proxy.deny(HEAD);
    const { json } = await h.doctorJson([], { env: env() });
    const c = check(json, "state-read");
    assert.equal(c.status, "fail");
    assert.match(
      c.message,
      /missing s3:ListBucket on .* and s3:GetObject on .*\(or the state does not exist yet/,
    );
  });

  test("human output: the FAIL line and its hint", async () => {
    proxy.deny(HEAD);
    const run = await h.doctor([], { env: env() });
    assert.equal(run.code, 1);
    assert.match(
      run.stdout,
      /^FAIL state readable with the profile: profile .* missing s3:GetObject on arn:aws:s3:::/m,
    );
    assert.match(run.stdout, /^ {5}hint: Add it to the profile's permission set and run `keyless apply`/m);
  });
});
