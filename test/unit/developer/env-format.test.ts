/**
 * `keyless env` output, format by format, exactly; sh output is also evaluated by bash with values
 * that would break naive quoting, so what the shell sets is byte for byte what keyless meant.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { describe, test } from "node:test";
import type { CredentialsEnv } from "../../../src/commands/developer/credentials-env.ts";
import {
  type EnvFormat,
  fishQuote,
  formatEnv,
  powershellQuote,
  shQuote,
} from "../../../src/commands/developer/env-format.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";

const VARS: CredentialsEnv = {
  AWS_ACCESS_KEY_ID: "ASIAEXAMPLE123",
  AWS_SECRET_ACCESS_KEY: "wJalr/K7MDENG+bPxRfi=",
  AWS_SESSION_TOKEN: "IQoJb3JpZ2luX2Vj/+==",
  AWS_CREDENTIAL_EXPIRATION: "2025-01-15T09:00:00Z",
  AWS_REGION: "eu-central-1",
  AWS_DEFAULT_REGION: "eu-central-1",
};
const DOC = { Version: 1, AccessKeyId: "ASIAEXAMPLE123" };
const out = (f: EnvFormat, vars = VARS) => formatEnv(f, vars, DOC);

describe("keyless env formats, exactly", () => {
  test("sh: unset the profile variables, then export single-quoted values", () => {
    assert.equal(
      out("sh"),
      [
        "unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SECURITY_TOKEN",
        "export AWS_ACCESS_KEY_ID='ASIAEXAMPLE123'",
        "export AWS_SECRET_ACCESS_KEY='wJalr/K7MDENG+bPxRfi='",
        "export AWS_SESSION_TOKEN='IQoJb3JpZ2luX2Vj/+=='",
        "export AWS_CREDENTIAL_EXPIRATION='2025-01-15T09:00:00Z'",
        "export AWS_REGION='eu-central-1'",
        "export AWS_DEFAULT_REGION='eu-central-1'",
        "",
      ].join("\n"),
    );
  });

  test("fish: set -e, then set -gx with fish single quotes", () => {
    assert.equal(
      out("fish"),
      [
        "set -e AWS_PROFILE",
        "set -e AWS_DEFAULT_PROFILE",
        "set -e AWS_SECURITY_TOKEN",
        "set -gx AWS_ACCESS_KEY_ID 'ASIAEXAMPLE123'",
        "set -gx AWS_SECRET_ACCESS_KEY 'wJalr/K7MDENG+bPxRfi='",
        "set -gx AWS_SESSION_TOKEN 'IQoJb3JpZ2luX2Vj/+=='",
        "set -gx AWS_CREDENTIAL_EXPIRATION '2025-01-15T09:00:00Z'",
        "set -gx AWS_REGION 'eu-central-1'",
        "set -gx AWS_DEFAULT_REGION 'eu-central-1'",
        "",
      ].join("\n"),
    );
  });

  test("powershell: Remove-Item Env:, then $Env: with verbatim strings", () => {
    assert.equal(
      out("powershell"),
      [
        "Remove-Item Env:AWS_PROFILE -ErrorAction SilentlyContinue",
        "Remove-Item Env:AWS_DEFAULT_PROFILE -ErrorAction SilentlyContinue",
        "Remove-Item Env:AWS_SECURITY_TOKEN -ErrorAction SilentlyContinue",
        "$Env:AWS_ACCESS_KEY_ID = 'ASIAEXAMPLE123'",
        "$Env:AWS_SECRET_ACCESS_KEY = 'wJalr/K7MDENG+bPxRfi='",
        "$Env:AWS_SESSION_TOKEN = 'IQoJb3JpZ2luX2Vj/+=='",
        "$Env:AWS_CREDENTIAL_EXPIRATION = '2025-01-15T09:00:00Z'",
        "$Env:AWS_REGION = 'eu-central-1'",
        "$Env:AWS_DEFAULT_REGION = 'eu-central-1'",
        "",
      ].join("\n"),
    );
  });

  test("dotenv: NAME=value unquoted (Docker's --env-file would keep quotes)", () => {
    assert.equal(
      out("dotenv"),
      [
        "AWS_ACCESS_KEY_ID=ASIAEXAMPLE123",
        "AWS_SECRET_ACCESS_KEY=wJalr/K7MDENG+bPxRfi=",
        "AWS_SESSION_TOKEN=IQoJb3JpZ2luX2Vj/+==",
        "AWS_CREDENTIAL_EXPIRATION=2025-01-15T09:00:00Z",
        "AWS_REGION=eu-central-1",
        "AWS_DEFAULT_REGION=eu-central-1",
        "",
      ].join("\n"),
    );
  });

  test("dotenv refuses a value it cannot write unquoted, naming the variable but not the value", () => {
    assert.throws(
      () => out("dotenv", { ...VARS, AWS_SESSION_TOKEN: "a b#secret" }),
      (e: unknown) =>
        e instanceof KeylessError &&
        /AWS_SESSION_TOKEN cannot be written in dotenv format/.test(e.message) &&
        !e.message.includes("secret"),
    );
  });

  test("json: the credential_process document, one line", () => {
    assert.equal(out("json"), `${JSON.stringify(DOC)}\n`);
  });
});

describe("quoting of awkward values", () => {
  const awkward = `it's a "test" $HOME \`id\` \\n back\\slash ‘curly’ ; # end`;
  test("sh: close, escaped quote, reopen", () => {
    assert.equal(shQuote("a'b"), `'a'\\''b'`);
  });
  test("fish: backslash and quote escaped", () => {
    assert.equal(fishQuote(`a'b\\c`), `'a\\'b\\\\c'`);
  });
  test("powershell: straight and typographic single quotes doubled", () => {
    assert.equal(powershellQuote("a'b‘c’d"), "'a''b‘‘c’’d'");
  });

  test("bash evaluates the sh output to exactly the values given", async () => {
    const vars = { ...VARS, AWS_SESSION_TOKEN: awkward, AWS_REGION: "" };
    const script = `AWS_PROFILE=stale; AWS_SECURITY_TOKEN=old
eval "$(cat)"
for v in AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION AWS_REGION AWS_DEFAULT_REGION; do
  printf '%s=%s\\0' "$v" "\${!v}"
done
printf 'AWS_PROFILE=%s\\0' "\${AWS_PROFILE-unset}"
printf 'AWS_SECURITY_TOKEN=%s\\0' "\${AWS_SECURITY_TOKEN-unset}"
env | grep -c '^AWS_SESSION_TOKEN=' >/dev/null && printf 'exported=yes\\0'`;
    const got = await new Promise<string>((resolve, reject) => {
      const child = spawn("bash", ["-c", script], { env: { PATH: process.env.PATH ?? "" } });
      let stdout = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => {
        stdout += d;
      });
      child.once("error", reject);
      child.once("close", (code) =>
        code === 0 ? resolve(stdout) : reject(new Error(`bash exited ${code}`)),
      );
      child.stdin.end(formatEnv("sh", vars, DOC));
    });
    const seen = Object.fromEntries(
      got
        .split("\0")
        .filter(Boolean)
        .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
    );
    assert.deepEqual(seen, {
      ...vars,
      AWS_PROFILE: "unset",
      AWS_SECURITY_TOKEN: "unset",
      exported: "yes",
    });
  });
});
