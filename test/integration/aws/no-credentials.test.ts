import assert from "node:assert/strict";
import { test } from "node:test";
import { createAwsClients } from "../../../src/aws/clients.ts";
import { discoverInstance } from "../../../src/aws/instance.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";
import { freePort } from "../../helpers/moto.ts";

test("no credentials anywhere → NO_CREDENTIALS with a login hint, before any request", async () => {
  for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"])
    delete process.env[k];
  Object.assign(process.env, {
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/keyless-test/credentials",
    AWS_CONFIG_FILE: "/nonexistent/keyless-test/config",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_ENDPOINT_URL: `http://127.0.0.1:${await freePort()}`,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  });
  const clients = await createAwsClients({ region: "eu-central-1", maxAttempts: 1 });
  try {
    const err = await discoverInstance(clients).catch((e: unknown) => e);
    assert.ok(err instanceof KeylessError, String(err));
    assert.equal(err.code, "NO_CREDENTIALS");
    assert.match(err.hint ?? "", /aws sso login/);
    assert.match(err.hint ?? "", /AWS_PROFILE/);
    assert.match(err.hint ?? "", /keyless login/);
    assert.equal(err.exitCode, 67);
  } finally {
    clients.destroy();
  }
});
