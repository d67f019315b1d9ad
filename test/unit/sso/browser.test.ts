import assert from "node:assert/strict";
import { test } from "node:test";
import { canOpenLocalBrowser, chooseLoginFlow } from "../../../src/local/sso/browser.ts";

test("auth-code by default where a browser can be shown", () => {
  assert.equal(chooseLoginFlow(false, { env: { DISPLAY: ":0" }, platform: "linux" }), "auth-code");
  assert.equal(
    chooseLoginFlow(false, { env: { WAYLAND_DISPLAY: "wayland-0" }, platform: "linux" }),
    "auth-code",
  );
  assert.equal(chooseLoginFlow(false, { env: {}, platform: "darwin" }), "auth-code");
  assert.equal(chooseLoginFlow(false, { env: {}, platform: "win32" }), "auth-code");
});

test("device code when asked, over SSH without a display, or on Linux without a display", () => {
  assert.equal(chooseLoginFlow(true, { env: { DISPLAY: ":0" }, platform: "linux" }), "device");
  assert.equal(
    chooseLoginFlow(false, { env: { SSH_CONNECTION: "1.2.3.4 5 6.7.8.9 22" }, platform: "darwin" }),
    "device",
  );
  assert.equal(chooseLoginFlow(false, { env: {}, platform: "linux" }), "device");
});

test("SSH with X forwarding can still show a browser on the remote display", () => {
  assert.equal(
    canOpenLocalBrowser({ env: { SSH_CONNECTION: "x", DISPLAY: "localhost:10.0" }, platform: "linux" }),
    true,
  );
});
