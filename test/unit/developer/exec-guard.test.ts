/** The rule of `keyless exec --min-remaining`, branch by branch, with the whole message and hint. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  credentialsShortfall,
  type GuardLimits,
  signInShortfall,
} from "../../../src/commands/developer/exec-guard.ts";

const NOW = Date.UTC(2025, 0, 15, 8, 0, 0);
const H = 3600_000;
const M = 60_000;
const limits = (minMs: number, minText: string, minSource = "--min-remaining"): GuardLimits => ({
  now: NOW,
  minMs,
  minText,
  minSource,
});

describe("the SSO sign-in must last --min-remaining: the token itself or its refresh", () => {
  test("a refreshable 1-hour token passes a 2h limit (the issue's case)", () => {
    const r = signInShortfall(limits(2 * H, "2h"), {
      sessionName: "s",
      expiresAt: NOW + H,
      refreshableUntil: NOW + 90 * 24 * H,
    });
    assert.equal(r, undefined);
  });

  test("a token that lasts on its own passes, refreshable or not", () => {
    assert.equal(
      signInShortfall(limits(2 * H, "2h"), { sessionName: "s", expiresAt: NOW + 2 * H }),
      undefined,
    );
  });

  test("not refreshable and too short: exit 75, the reason, and `login --force` (which can help)", () => {
    const r = signInShortfall(limits(2 * H, "2h"), { sessionName: "s", expiresAt: NOW + 50 * M });
    assert.ok(r);
    assert.equal(r.exitCode, 75);
    assert.equal(
      r.message,
      'the SSO access token of session "s" has 50m left and cannot be refreshed (no refresh token with a valid client registration is cached), less than the 2h --min-remaining; the command was not started',
    );
    assert.equal(
      r.hint,
      "Run `keyless login --force` to sign in again (a new sign-in brings a new access token and refresh token), then run the command again; or use a lower --min-remaining (or KEYLESS_MIN_REMAINING).",
    );
  });

  test("a refresh that failed in this run is named as the reason", () => {
    const r = signInShortfall(limits(30 * M, "30m", "default --min-remaining"), {
      sessionName: "s",
      expiresAt: NOW + 9 * M,
      refreshProblem: "refresh was refused (invalid_grant)",
    });
    assert.match(
      r?.message ?? "",
      /has 9m left and cannot be refreshed \(refresh was refused \(invalid_grant\)\), less than the 30m default --min-remaining/,
    );
  });

  test("refreshable, but the client registration ends first: named, and no login hint that cannot help", () => {
    const r = signInShortfall(limits(2 * H, "2h", "KEYLESS_MIN_REMAINING"), {
      sessionName: "s",
      expiresAt: NOW + 20 * M,
      refreshableUntil: NOW + H,
    });
    assert.equal(
      r?.message,
      'the SSO session "s" can be refreshed only for 1h 0m more (its client registration expires then), less than the 2h KEYLESS_MIN_REMAINING; the command was not started',
    );
    assert.match(r?.hint ?? "", /^Use --min-remaining below 1h 0m\./);
    assert.doesNotMatch(r?.hint ?? "", /--force/);
  });
});

describe("the role credentials must last --min-remaining", () => {
  test("enough: no refusal", () => {
    const c = { expiresAt: NOW + 3 * H + 59 * M, profile: "p", roleName: "terraform-core" };
    assert.equal(credentialsShortfall(limits(2 * H, "2h"), c), undefined);
  });

  test("too short: names the permission set and its session duration, never a new login", () => {
    const r = credentialsShortfall(limits(2 * H, "2h"), {
      expiresAt: NOW + H,
      profile: "dev-terraform-core",
      roleName: "terraform-core",
    });
    assert.ok(r);
    assert.equal(r.exitCode, 75);
    assert.equal(
      r.message,
      'the role credentials of profile "dev-terraform-core" (permission set terraform-core) last 1h 0m, less than the 2h --min-remaining; the command was not started',
    );
    assert.equal(
      r.hint,
      "They were just issued: AWS gives role credentials for the permission set's session duration, and signing in again does not make them last longer. Use a lower --min-remaining (or KEYLESS_MIN_REMAINING), or ask your platform team to raise sessionDuration of permission set terraform-core in keyless.yaml (at most PT12H).",
    );
  });
});
