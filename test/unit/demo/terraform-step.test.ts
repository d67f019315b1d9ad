/**
 * The pure parts of the demo's Terraform step (scripts/demo-terraform*.ts): how Terraform's output is
 * trimmed for display, and how a local copy of the hashicorp/aws provider is found.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import { trimOutput } from "../../../scripts/demo-keyless-exec.ts";
import { findProviderMirror, mirrorCliConfig } from "../../../scripts/demo-terraform-env.ts";

const INIT = `Initializing the backend...

Successfully configured the backend "s3"! Terraform will automatically
use this backend unless the backend configuration changes.
Initializing provider plugins...
- Installed hashicorp/aws v5.100.0 (unauthenticated)

Warning: Incomplete lock file information for providers

Due to your customized provider installation methods, Terraform was forced to
calculate lock file checksums locally for the following providers:
  - hashicorp/aws

To calculate additional checksums for another platform, run:
  terraform providers lock -platform=linux_amd64

Terraform has been successfully initialized!
`;

const PLAN = `data.aws_caller_identity.current: Read complete after 0s [id=123456789012]

Terraform used the selected providers to generate the following execution
plan. Resource actions are indicated with the following symbols:
  + create

Terraform will perform the following actions:

  # aws_ssm_parameter.vpc_cidr will be created
  + resource "aws_ssm_parameter" "vpc_cidr" {
      + name  = "/network/vpc-cidr"
    }

Plan: 1 to add, 0 to change, 0 to destroy.
`;

describe("trimOutput", () => {
  test("drops blank lines and the advice paragraphs, keeps what happened, indented", () => {
    assert.equal(
      trimOutput(INIT),
      [
        "  Initializing the backend...",
        '  Successfully configured the backend "s3"! Terraform will automatically',
        "  use this backend unless the backend configuration changes.",
        "  Initializing provider plugins...",
        "  - Installed hashicorp/aws v5.100.0 (unauthenticated)",
        "  Terraform has been successfully initialized!",
        "",
      ].join("\n"),
    );
    const plan = trimOutput(PLAN);
    assert.doesNotMatch(plan, /selected providers|Resource actions are indicated/);
    assert.match(plan, /^ {2}Terraform will perform the following actions:$/m);
    assert.match(plan, /^ {4}\+ resource "aws_ssm_parameter" "vpc_cidr" \{$/m);
    assert.match(plan, /^ {2}Plan: 1 to add, 0 to change, 0 to destroy\.$/m);
  });

  test("a long output keeps its head and tail and says how many lines are left out", () => {
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`);
    const shown = trimOutput(lines.join("\n"), 30).trimEnd().split("\n");
    assert.equal(shown.length, 31);
    assert.equal(shown[0], "  line 1");
    assert.equal(shown[19], "  line 20");
    assert.equal(shown[20], "  [... 20 lines ...]");
    assert.equal(shown[30], "  line 50");
  });
});

describe("findProviderMirror", () => {
  let dir: string;
  const saved = process.env.KEYLESS_DEMO_TF_MIRROR;
  const platform = `${process.platform}_${{ x64: "amd64", arm64: "arm64" }[process.arch as string] ?? process.arch}`;
  const aws = (root: string) => join(root, "registry.terraform.io", "hashicorp", "aws");

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "keyless-demo-mirror-"));
  });
  afterEach(async () => {
    if (saved === undefined) delete process.env.KEYLESS_DEMO_TF_MIRROR;
    else process.env.KEYLESS_DEMO_TF_MIRROR = saved;
    await rm(dir, { recursive: true, force: true });
  });

  test("KEYLESS_DEMO_TF_MIRROR with the unpacked layout for this platform is used", async () => {
    await mkdir(join(aws(dir), "5.100.0", platform), { recursive: true });
    process.env.KEYLESS_DEMO_TF_MIRROR = dir;
    assert.equal(findProviderMirror(), dir);
  });

  test("the packed layout (a zip per platform) counts too", async () => {
    await mkdir(aws(dir), { recursive: true });
    await writeFile(join(aws(dir), `terraform-provider-aws_5.100.0_${platform}.zip`), "");
    process.env.KEYLESS_DEMO_TF_MIRROR = dir;
    assert.equal(findProviderMirror(), dir);
  });

  test("a mirror with the provider for another platform only is not used", async () => {
    await mkdir(join(aws(dir), "5.100.0", "plan9_mips"), { recursive: true });
    process.env.KEYLESS_DEMO_TF_MIRROR = dir;
    assert.notEqual(findProviderMirror(), dir);
  });

  test("KEYLESS_DEMO_TF_MIRROR=none looks for no mirror (terraform init then downloads)", () => {
    process.env.KEYLESS_DEMO_TF_MIRROR = "none";
    assert.equal(findProviderMirror(), undefined);
  });

  test("the CLI configuration installs from the mirror only", () => {
    assert.equal(
      mirrorCliConfig("/opt/tf-plugins"),
      'provider_installation {\n  filesystem_mirror {\n    path = "/opt/tf-plugins"\n  }\n}\n',
    );
  });
});
