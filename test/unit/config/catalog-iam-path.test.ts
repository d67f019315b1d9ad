import assert from "node:assert/strict";
import { test } from "node:test";
import { parseConfig } from "../../../src/config/load.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";

const base = "version: 1\nidentityCenter:\n  region: eu-central-1\ncatalog:\n";

test('catalog.iamPath "/" is refused: the IAM fence would cover every role', () => {
  assert.throws(
    () => parseConfig(`${base}  iamPath: /\n`, "k.yaml"),
    (e: unknown) =>
      e instanceof KeylessError &&
      e.code === "CONFIG_INVALID" &&
      e.details.some((d) => d.startsWith("k.yaml:5:12: catalog.iamPath:") && d.includes("dedicated path")),
  );
  assert.doesNotThrow(() => parseConfig(`${base}  iamPath: /platform/terraform/\n`, "k.yaml"));
});
