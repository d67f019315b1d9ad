// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform and env files write ${...} in plain strings
import assert from "node:assert/strict";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { findingsInIni } from "../../../src/checks/scan/aws-files.ts";
import { scanDotenv } from "../../../src/checks/scan/dotenv.ts";
import { scanEnvironment } from "../../../src/checks/scan/env.ts";
import { maskValue } from "../../../src/checks/scan/masks.ts";
import { detect, scanFile } from "../../../src/checks/scan/scan-file.ts";
import { scanTerraformFile } from "../../../src/checks/scan/terraform.ts";
import { findKeysInText } from "../../../src/checks/scan/text.ts";
import { scanBackendCache } from "../../../src/checks/scan/tfstate.ts";
import type { Finding } from "../../../src/checks/scan/types.ts";
import { longTermId, secretKey, sessionToken, tempDir, temporaryId } from "./plant.ts";

const at = (f: Finding): string =>
  f.location.type === "env" ? `env:${f.location.variable}` : `${f.location.line}:${f.location.column}`;
const brief = (fs: Finding[]): string[] => fs.map((f) => `${f.severity} ${f.kind} ${at(f)}`);
const text = (t: string) => findKeysInText({ text: t, path: "/t/x.txt", root: "/t", kind: "key-in-text" });

describe("environment", () => {
  it("tells long-term from temporary keys", () => {
    assert.deepEqual(
      brief(scanEnvironment({ AWS_ACCESS_KEY_ID: longTermId(), AWS_SECRET_ACCESS_KEY: secretKey() })),
      ["high env-long-term-key env:AWS_ACCESS_KEY_ID"],
    );
    assert.deepEqual(
      brief(
        scanEnvironment({
          AWS_ACCESS_KEY_ID: temporaryId(),
          AWS_SECRET_ACCESS_KEY: secretKey(),
          AWS_SESSION_TOKEN: sessionToken(),
        }),
      ),
      ["info env-temporary-key env:AWS_ACCESS_KEY_ID"],
    );
  });

  it("reports a secret without an id, a lone session token, legacy names and key ids in other variables", () => {
    assert.deepEqual(brief(scanEnvironment({ AWS_SECRET_ACCESS_KEY: secretKey() })), [
      "high env-long-term-key env:AWS_SECRET_ACCESS_KEY",
    ]);
    assert.deepEqual(brief(scanEnvironment({ AWS_SESSION_TOKEN: sessionToken() })), [
      "info env-temporary-key env:AWS_SESSION_TOKEN",
    ]);
    assert.deepEqual(brief(scanEnvironment({ AWS_ACCESS_KEY: longTermId() })), [
      "high env-long-term-key env:AWS_ACCESS_KEY",
    ]);
    assert.deepEqual(brief(scanEnvironment({ TF_VAR_access_key: longTermId(), PATH: "/usr/bin" })), [
      "high env-long-term-key env:TF_VAR_access_key",
    ]);
  });

  it("ignores empty variables and marks AWS example values", () => {
    assert.deepEqual(scanEnvironment({ AWS_ACCESS_KEY_ID: "", AWS_PROFILE: "dev" }), []);
    assert.deepEqual(brief(scanEnvironment({ AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE" })), [
      "example env-long-term-key env:AWS_ACCESS_KEY_ID",
    ]);
  });
});

describe("AWS shared files", () => {
  it("reports one finding per profile with keys, at its key id line", () => {
    const ini = [
      "# keys",
      "[default]",
      "region = eu-west-1",
      `aws_access_key_id = ${longTermId()}`,
      `aws_secret_access_key = ${secretKey()}`,
      "[profile sso]",
      "sso_session = acme",
      "[profile only-secret]",
      `aws_secret_access_key=${secretKey()}`,
      "[profile temp]",
      `  aws_access_key_id = ${temporaryId()}`,
    ].join("\n");
    assert.deepEqual(brief(findingsInIni(ini, "/h/.aws/config", "config-static-key")), [
      "high config-static-key 4:1",
      "high config-static-key 9:1",
      "low config-static-key 11:3",
    ]);
  });

  it("finds a commented-out key too", () => {
    const ini = `[default]\n# aws_access_key_id = ${longTermId()}\n`;
    assert.deepEqual(brief(findingsInIni(ini, "/h/.aws/credentials", "credentials-file")), [
      "high credentials-file 2:23",
    ]);
  });
});

describe("Terraform files", () => {
  const tf = (
    t: string,
    name = "/t/main.tf",
    type: "config" | "backend-config" | "tfvars" | "tfvars-json" = "config",
  ) => scanTerraformFile(t, name, "/t", type).then(brief);

  it("reports literal keys in provider aws and backend s3, not references or other providers", async () => {
    const src = [
      'provider "aws" {',
      "  access_key = var.access_key",
      '  secret_key = "${var.secret_key}"',
      `  token      = "${sessionToken()}"`,
      "}",
      'provider "google" {',
      `  access_key = "${longTermId()}"`,
      "}",
      "terraform {",
      '  backend "s3" {',
      `    secret_key = "${secretKey()}"`,
      "    assume_role {",
      '      role_arn = "arn:aws:iam::111111111111:role/x"',
      "    }",
      "  }",
      "}",
    ].join("\n");
    assert.deepEqual(await tf(src), [
      "low terraform-provider-static-key 4:3",
      "high terraform-backend-static-key 11:5",
    ]);
  });

  it("reads .tf.json, .tfbackend, .tfvars and .tfvars.json", async () => {
    const json = `{"terraform": {"backend": {"s3": {"access_key": "${longTermId()}", "bucket": "b"}}}}`;
    assert.deepEqual(await tf(json, "/t/main.tf.json"), ["high terraform-backend-static-key 1:35"]);
    assert.deepEqual(
      await tf(`access_key = "${longTermId()}"\nregion = "x"\n`, "/t/b.tfbackend", "backend-config"),
      ["high terraform-backend-static-key 1:1"],
    );
    const vars = `region = "x"\naws_secret_access_key = "${secretKey()}"\nkey_name = "deploy"\naccess_key_id = "changeme"\nsecret_key = var.x\n`;
    assert.deepEqual(await tf(vars, "/t/x.tfvars", "tfvars"), [
      "high tfvars-secret 2:1",
      "high tfvars-secret 4:1",
    ]);
    assert.deepEqual(
      await tf(
        `{\n  "aws_session_token": "${sessionToken()}",\n  "region": "x"\n}`,
        "/t/x.tfvars.json",
        "tfvars-json",
      ),
      ["low tfvars-secret 2:3"],
    );
  });

  it("finds key-shaped strings elsewhere in a .tf file once, as key-in-text", async () => {
    const id = longTermId();
    const src = `variable "k" {\n  default = "${id}"\n}\nprovider "aws" {\n  access_key = "${id}"\n}\n`;
    const found = await detect(src, { path: "/t/main.tf", rel: "main.tf", name: "main.tf", root: "/t" });
    assert.deepEqual(brief(found), ["high terraform-provider-static-key 5:3", "high key-in-text 2:14"]);
  });
});

describe("state files", () => {
  it("reads the backend config cached in .terraform/terraform.tfstate", () => {
    const cache = JSON.stringify(
      {
        version: 3,
        backend: {
          type: "s3",
          config: { access_key: longTermId(), profile: null, secret_key: null, token: "" },
        },
      },
      null,
      2,
    );
    assert.deepEqual(brief(scanBackendCache(cache, "/t/.terraform/terraform.tfstate", "/t")), [
      "high terraform-backend-cache-key 6:7",
    ]);
    assert.deepEqual(scanBackendCache("not json", "/t/.terraform/terraform.tfstate", "/t"), []);
  });
});

describe("env files", () => {
  it("reads NAME=value lines with export and quotes, skipping references and empty values", () => {
    const src = [
      "# local",
      `export AWS_ACCESS_KEY_ID='${temporaryId()}'`,
      `AWS_SECRET_ACCESS_KEY = "${secretKey()}" # from the console`,
      "AWS_SESSION_TOKEN=$TOKEN",
      "TF_VAR_secret_key=${SECRET}",
      "AWS_ACCESS_KEY_ID=",
      `  TF_VAR_aws_secret_key=${secretKey()}`,
    ].join("\n");
    assert.deepEqual(brief(scanDotenv(src, "/t/.env", "/t")), [
      "low dotenv-secret 2:1",
      "low dotenv-secret 3:1",
      "low dotenv-secret 7:3",
    ]);
  });
});

describe("text", () => {
  it("finds access key ids and session tokens anywhere", () => {
    assert.deepEqual(brief(text(`a\nid="${longTermId()}" and ${temporaryId()}\n${sessionToken()}\n`)), [
      "high key-in-text 2:5",
      "low key-in-text 2:31",
      "low key-in-text 3:1",
    ]);
  });

  it("accepts a 40-character secret only next to a key id or after a secret-like name", () => {
    const s = secretKey();
    assert.deepEqual(brief(text(`value: ${s}\n`)), [], "alone, without context");
    assert.deepEqual(brief(text(`SecretAccessKey: ${s}\n`)), ["high key-in-text 1:18"]);
    assert.deepEqual(brief(text(`${temporaryId()}\n\n\n${s}\n`)), [
      "low key-in-text 1:1",
      "low key-in-text 4:1",
    ]);
    assert.deepEqual(brief(text(`${longTermId()}\n\n\n\n${s}\n`)), ["high key-in-text 1:1"], "too far away");
  });

  it("does not take hashes, long identifiers or longer base64 for secrets", () => {
    const id = longTermId();
    const lines = [
      id,
      "commit 3f1c2b9e8d7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e",
      "secret_name = ThisIsAVeryLongIdentifierWithoutDigitsAbc",
      "secret: h1:ce6Dw2y4PpuqAPtnQ0dO270dRTmwEARqnfffrE1VYJ8=",
    ];
    assert.deepEqual(brief(text(lines.join("\n"))), ["high key-in-text 1:1"]);
  });

  it("does not take key ids inside longer words", () => {
    assert.deepEqual(text(`X${longTermId()}`), []);
    assert.deepEqual(text(`${longTermId()}9`), []);
  });
});

describe("masks", () => {
  it("shows first and last four characters of a key id, only the length of anything else", () => {
    assert.equal(maskValue(["AKIA", "ABCDEFGHIJKLWXYZ"].join("")), "AKIA…WXYZ");
    assert.equal(maskValue(secretKey()), "40 characters");
  });
});

describe("files", () => {
  it("skips binaries and large files, and reports a path it cannot read", async () => {
    const dir = await tempDir("files");
    try {
      const { writeFile } = await import("node:fs/promises");
      await writeFile(join(dir, "bin"), Buffer.concat([Buffer.from([1, 0, 2]), Buffer.from(longTermId())]));
      await writeFile(join(dir, "big.txt"), `${longTermId()}\n`.repeat(100));
      await mkdir(join(dir, "a-directory"));
      const base = { root: dir, maxBytes: 1000 };
      assert.deepEqual(await scanFile({ ...base, path: join(dir, "bin"), rel: "bin", name: "bin" }), {
        status: "binary",
      });
      const big = await scanFile({ ...base, path: join(dir, "big.txt"), rel: "big.txt", name: "big.txt" });
      assert.equal(big.status, "too-large");
      const bad = await scanFile({
        ...base,
        maxBytes: 1 << 20,
        path: join(dir, "a-directory"),
        rel: "a-directory",
        name: "a-directory",
      });
      assert.equal(bad.status, "unreadable");
      assert.match(bad.status === "unreadable" ? bad.problem.message : "", /EISDIR/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
