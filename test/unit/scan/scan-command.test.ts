import assert from "node:assert/strict";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runScan } from "../../../src/commands/scan.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";
import {
  longTermId,
  recordingIO,
  secretKey,
  sessionToken,
  tempDir,
  temporaryId,
  writeTree,
} from "./plant.ts";

interface JsonFinding {
  kind: string;
  severity: string;
  location: string;
  fingerprint: string;
  allowed: { reason: string } | null;
}

/** Every planted value, so no output may contain any of them. */
const planted: string[] = [];
const plant = <T extends string>(v: T): T => {
  planted.push(v);
  return v;
};

const ids = {
  env: plant(longTermId()),
  creds: plant(longTermId()),
  credsTemp: plant(temporaryId()),
  config: plant(longTermId()),
  provider: plant(longTermId()),
  providerJson: plant(longTermId()),
  backend: plant(longTermId()),
  tfbackend: plant(longTermId()),
  tfvars: plant(longTermId()),
  state: plant(longTermId()),
  stateBackup: plant(longTermId()),
  cache: plant(longTermId()),
  dotenv: plant(longTermId()),
  text: plant(longTermId()),
  script: plant(temporaryId()),
  ignored: plant(longTermId()),
  nodeModules: plant(longTermId()),
  providerCache: plant(longTermId()),
  binary: plant(longTermId()),
};
const secrets = {
  env: plant(secretKey()),
  creds: plant(secretKey()),
  credsTemp: plant(secretKey()),
  config: plant(secretKey()),
  provider: plant(secretKey()),
  backend: plant(secretKey()),
  tfvars: plant(secretKey()),
  tfvarsJson: plant(secretKey()),
  state: plant(secretKey()),
  cache: plant(secretKey()),
  dotenv: plant(secretKey()),
  text: plant(secretKey()),
};
const token = plant(sessionToken());

let home: string;
let tree: string;

before(async () => {
  home = await tempDir("home");
  tree = await tempDir("tree");
  await writeTree(home, {
    ".aws/credentials": [
      "[default]",
      `aws_access_key_id = ${ids.creds}`,
      `aws_secret_access_key = ${secrets.creds}`,
      "",
      "[ci-temp]",
      `aws_access_key_id=${ids.credsTemp}`,
      `aws_secret_access_key=${secrets.credsTemp}`,
      `aws_session_token=${token}`,
      "",
    ].join("\n"),
    ".aws/config": [
      "[sso-session acme]",
      "sso_start_url = https://acme.awsapps.com/start",
      "sso_region = eu-west-1",
      "",
      "[profile dev]",
      "sso_session = acme",
      "sso_account_id = 111111111111",
      "sso_role_name = terraform-core",
      "",
      "[profile legacy]",
      "region = eu-west-1",
      `  aws_access_key_id = ${ids.config}`,
      `aws_secret_access_key = ${secrets.config}`,
      "",
    ].join("\n"),
  });
  await writeTree(tree, {
    ".gitignore": [".terraform/", "*.tfstate", "*.tfstate.backup", ".env", "ignored-dir/", "*.log", ""].join(
      "\n",
    ),
    "providers.tf": [
      'provider "aws" {',
      '  region     = "eu-west-1"',
      `  access_key = "${ids.provider}"`,
      `  secret_key = "${secrets.provider}"`,
      "  token      = var.session_token",
      "  assume_role {",
      '    role_arn = "arn:aws:iam::111111111111:role/x"',
      "  }",
      "}",
      "",
    ].join("\n"),
    "backend.tf": [
      "terraform {",
      '  backend "s3" {',
      '    bucket     = "acme-tfstate"',
      `    access_key = "${ids.backend}"`,
      `    secret_key = "${secrets.backend}"`,
      "  }",
      "}",
      "",
    ].join("\n"),
    "modules/legacy/main.tf.json": `{\n  "provider": {\n    "aws": {\n      "region": "eu-west-1",\n      "access_key": "${ids.providerJson}"\n    }\n  }\n}\n`,
    "envs/prod.s3.tfbackend": `bucket = "acme-tfstate"\naccess_key = "${ids.tfbackend}"\n`,
    "envs/secrets.tfvars": `region = "eu-west-1"\naws_access_key = "${ids.tfvars}"\naws_secret_key = "${secrets.tfvars}"\n`,
    "envs/prod.tfvars.json": `{\n  "region": "eu-west-1",\n  "secret_key": "${secrets.tfvarsJson}"\n}\n`,
    "terraform.tfstate": JSON.stringify(
      {
        version: 4,
        resources: [
          {
            type: "aws_iam_access_key",
            name: "ci",
            instances: [{ attributes: { id: ids.state, secret: secrets.state, user: "ci" } }],
          },
        ],
      },
      null,
      2,
    ),
    "old/terraform.tfstate.backup": `{"version":4,"resources":[{"instances":[{"attributes":{"id":"${ids.stateBackup}"}}]}]}\n`,
    ".terraform/terraform.tfstate": JSON.stringify(
      {
        version: 3,
        backend: { type: "s3", config: { access_key: ids.cache, bucket: "b", secret_key: secrets.cache } },
      },
      null,
      2,
    ),
    ".terraform/providers/registry.terraform.io/hashicorp/aws/notes.txt": `${ids.providerCache}\n`,
    ".env": `AWS_REGION=eu-west-1\nexport AWS_ACCESS_KEY_ID=${ids.dotenv}\nAWS_SECRET_ACCESS_KEY="${secrets.dotenv}"\nAWS_PROFILE=dev\n`,
    "docs/notes.md": `# Notes\n\nThe CI user:\n\n    key id: ${ids.text}\n    secret: ${secrets.text}\n`,
    "scripts/deploy.sh": `#!/bin/sh\n# copied from the console\nexport SOME_ID=${ids.script}\n`,
    "ignored-dir/notes.txt": `${ids.ignored}\n`,
    "debug.log": `${ids.ignored}\n`,
    "node_modules/pkg/index.js": `module.exports = "${ids.nodeModules}";\n`,
  });
  await writeFile(
    join(tree, "image.png"),
    Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]), Buffer.from(ids.binary)]),
  );
});

after(async () => {
  await rm(home, { recursive: true, force: true });
  await rm(tree, { recursive: true, force: true });
});

const env = (): Record<string, string | undefined> => ({
  HOME: home,
  AWS_ACCESS_KEY_ID: ids.env,
  AWS_SECRET_ACCESS_KEY: secrets.env,
});

async function scanJson(extra: Record<string, unknown> = {}) {
  const rec = recordingIO(tree, env());
  const code = await runScan({ dirs: ["."], json: true, ...extra }, rec.io);
  const doc = JSON.parse(rec.stdout()) as { findings: JsonFinding[]; summary: Record<string, number> };
  return { code, doc, stderr: rec.stderr(), stdout: rec.stdout() };
}

describe("keyless scan: planted credentials of every kind", () => {
  it("finds each one with its kind, location and severity, and nothing else", async () => {
    const { code, doc } = await scanJson();
    assert.equal(code, 1);
    const got = doc.findings.map((f) => `${f.severity} ${f.kind} ${f.location}`);
    assert.deepEqual(
      got,
      [
        "high env-long-term-key env:AWS_ACCESS_KEY_ID",
        // botocore reads the indented key line as part of `region`; the text check still finds the key.
        "high config-static-key ~/.aws/config:12:23",
        "high config-static-key ~/.aws/config:13:1",
        "high credentials-file ~/.aws/credentials:2:1",
        "low credentials-file ~/.aws/credentials:6:1",
        ".env:2:1",
        ".env:3:1",
        ".terraform/terraform.tfstate:6:7",
        ".terraform/terraform.tfstate:8:7",
        "backend.tf:4:5",
        "backend.tf:5:5",
        "docs/notes.md:5:13",
        "docs/notes.md:6:13",
        "envs/prod.s3.tfbackend:2:1",
        "envs/prod.tfvars.json:3:3",
        "envs/secrets.tfvars:2:1",
        "envs/secrets.tfvars:3:1",
        "modules/legacy/main.tf.json:5:7",
        "old/terraform.tfstate.backup:1:62",
        "providers.tf:3:3",
        "providers.tf:4:3",
        "scripts/deploy.sh:3:16",
        "terraform.tfstate:10:20",
        "terraform.tfstate:11:24",
      ].map((l, i) => (i < 5 ? l : expectedTreeLine(l))),
    );
  });

  it("never prints a planted secret or key id, in any format or on stderr", async () => {
    for (const format of ["table", "json", "sarif"]) {
      const rec = recordingIO(tree, env());
      await runScan({ dirs: ["."], format, verbose: true }, rec.io);
      const all = rec.stdout() + rec.stderr();
      for (const value of planted) assert.ok(!all.includes(value), `${format} output leaks a planted value`);
      assert.ok(rec.stdout().length > 100, `${format} printed something`);
    }
  });

  it("shows access key ids masked as first and last four characters, secrets only as a length", async () => {
    const rec = recordingIO(tree, env());
    await runScan({ dirs: ["."] }, rec.io);
    const out = rec.stdout();
    assert.ok(out.includes(`${ids.provider.slice(0, 4)}…${ids.provider.slice(-4)}`));
    assert.match(out, /secret access key \(40 characters\) in provider "aws" secret_key/);
    assert.match(out, /How to fix:\n/);
    assert.match(out, /terraform-provider-static-key: Remove access_key/);
  });

  it("--no-env and --no-home limit the scan to the tree", async () => {
    const { code, doc } = await scanJson({ env: false, home: false });
    assert.equal(code, 1);
    assert.ok(doc.findings.every((f) => !f.location.startsWith("env:") && !f.location.startsWith("~")));
    assert.equal(doc.findings.length, 19);
  });

  it("reports files scanned per second and skipped counts with --verbose", async () => {
    const { stderr } = await scanJson({ verbose: true, env: false, home: false });
    assert.match(stderr, /\d+ files scanned in [\d.]+ s \(\d+ files\/s\)/);
    assert.match(
      stderr,
      /skipped: 1 binary, 0 larger than 2 MB, 2 ignored by \.gitignore, 2 dependency\/cache directories/,
    );
  });

  it("--max-file-size skips larger files and names them with --verbose", async () => {
    const rec = recordingIO(tree, {});
    await runScan(
      { dirs: ["."], json: true, env: false, home: false, maxFileSize: "200", verbose: true },
      rec.io,
    );
    const doc = JSON.parse(rec.stdout()) as { findings: JsonFinding[]; stats: { too_large: number } };
    assert.ok(doc.stats.too_large >= 2);
    assert.ok(
      !doc.findings.some((f) => f.location.startsWith("terraform.tfstate:")),
      "the big state file was skipped",
    );
    assert.match(rec.stderr(), /skipped \(too large\): terraform\.tfstate/);
  });

  it("--no-gitignore also scans ignored files (but still not node_modules or provider caches)", async () => {
    const { doc } = await scanJson({ env: false, home: false, gitignore: false });
    const locations = doc.findings.map((f) => f.location);
    assert.ok(locations.includes("ignored-dir/notes.txt:1:1"));
    assert.ok(locations.includes("debug.log:1:1"));
    assert.ok(!locations.some((l) => l.startsWith("node_modules") || l.startsWith(".terraform/providers")));
  });
});

/** Kind and severity of each planted tree location (everything in the tree is long-term except the script). */
function expectedTreeLine(location: string): string {
  const kinds: [RegExp, string][] = [
    [/^\.env:/, "dotenv-secret"],
    [/^\.terraform\//, "terraform-backend-cache-key"],
    [/^backend\.tf:|\.tfbackend:/, "terraform-backend-static-key"],
    [/^docs\/|^scripts\//, "key-in-text"],
    [/\.tfvars(\.json)?:/, "tfvars-secret"],
    [/^modules\/legacy|^providers\.tf:/, "terraform-provider-static-key"],
    [/tfstate/, "tfstate-secret"],
  ];
  const kind = kinds.find(([re]) => re.test(location))![1];
  const severity = location.startsWith("scripts/") ? "low" : "high";
  return `${severity} ${kind} ${location}`;
}

describe("keyless scan: exit codes and the allow list", () => {
  it("exits 64 for a directory that does not exist", async () => {
    const rec = recordingIO(tree, {});
    await assert.rejects(
      runScan({ dirs: ["no-such-dir"] }, rec.io),
      (e: unknown) => e instanceof KeylessError && e.exitCode === 64 && /no-such-dir/.test(e.message),
    );
  });

  it("marks allowed findings with their reason; they no longer fail the scan", async () => {
    const dir = await tempDir("allow");
    try {
      const id = plant(longTermId());
      await writeTree(dir, {
        "test/fixtures/fake.tfvars": `aws_access_key = "${id}"\n`,
        ".keyless-scan-allow.yaml": [
          "# accepted exceptions",
          "- path: test/fixtures/**",
          "  kind: tfvars-secret",
          "  reason: a deactivated key kept to test the scanner",
          "",
        ].join("\n"),
      });
      const rec = recordingIO(dir, {});
      const code = await runScan(
        { dirs: ["."], json: true, env: false, home: false, allow: ".keyless-scan-allow.yaml" },
        rec.io,
      );
      assert.equal(code, 0);
      const doc = JSON.parse(rec.stdout()) as { findings: JsonFinding[]; summary: Record<string, number> };
      assert.deepEqual(doc.findings[0]!.allowed, { reason: "a deactivated key kept to test the scanner" });
      assert.equal(doc.summary.allowed, 1);
      assert.equal(doc.summary.failing, 0);
      const table = recordingIO(dir, {});
      await runScan({ dirs: ["."], env: false, home: false, allow: ".keyless-scan-allow.yaml" }, table.io);
      assert.match(
        table.stdout(),
        /^allowed +tfvars-secret +test\/fixtures\/fake\.tfvars:1:1 .*\(allowed: a deactivated key kept to test the scanner\)$/m,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses an allow entry without a reason, naming its line (exit 64)", async () => {
    const dir = await tempDir("allow-bad");
    try {
      await writeTree(dir, {
        "allow.yaml": "- path: a.tf\n  reason: fine\n- path: b.tf\n  kind: key-in-text\n",
      });
      const rec = recordingIO(dir, {});
      await assert.rejects(
        runScan({ dirs: ["."], allow: "allow.yaml", env: false, home: false }, rec.io),
        (e: unknown) =>
          e instanceof KeylessError &&
          e.exitCode === 64 &&
          e.message.startsWith("allow.yaml:3: exception without a reason"),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("reports an unreadable credentials file as a problem, still scans the rest and exits 1", async () => {
    const dir = await tempDir("problem");
    try {
      await mkdir(join(dir, "credentials-is-a-directory"));
      await writeTree(dir, { "tree/main.tf": 'provider "aws" {\n  profile = "dev"\n}\n' });
      const rec = recordingIO(dir, {
        HOME: dir,
        AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials-is-a-directory"),
      });
      const code = await runScan({ dirs: ["tree"], json: true }, rec.io);
      assert.equal(code, 1);
      const doc = JSON.parse(rec.stdout()) as {
        findings: unknown[];
        problems: { path: string; message: string }[];
      };
      assert.deepEqual(doc.findings, []);
      assert.equal(doc.problems.length, 1);
      assert.match(doc.problems[0]!.message, /EISDIR/);
      assert.match(rec.stderr(), /credentials-is-a-directory: cannot read: is a directory \(EISDIR\)\n/);
      assert.match(rec.stderr(), /incomplete: 1 path could not be read/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("honours AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE (with ~ expanded)", async () => {
    const dir = await tempDir("envfiles");
    try {
      const id1 = plant(longTermId());
      const id2 = plant(temporaryId());
      await writeTree(dir, {
        "elsewhere/creds": `[x]\naws_access_key_id = ${id1}\n`,
        "elsewhere/conf": `[profile y]\naws_access_key_id = ${id2}\naws_session_token = ${plant(sessionToken())}\n`,
        "tree/README.md": "nothing here\n",
      });
      const rec = recordingIO(dir, {
        HOME: dir,
        AWS_SHARED_CREDENTIALS_FILE: "~/elsewhere/creds",
        AWS_CONFIG_FILE: join(dir, "elsewhere/conf"),
      });
      const code = await runScan({ dirs: ["tree"], json: true }, rec.io);
      assert.equal(code, 1);
      const doc = JSON.parse(rec.stdout()) as { findings: JsonFinding[] };
      assert.deepEqual(
        doc.findings.map((f) => `${f.severity} ${f.kind} ${f.location}`),
        ["low config-static-key ~/elsewhere/conf:2:1", "high credentials-file ~/elsewhere/creds:2:1"],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("treats temporary credentials in the environment as info and AWS example values as examples: exit 0", async () => {
    const dir = await tempDir("benign");
    try {
      await writeTree(dir, {
        ".aws/credentials":
          "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
        "tree/README.md": "See AKIAIOSFODNN7EXAMPLE\n",
      });
      const rec = recordingIO(dir, {
        HOME: dir,
        AWS_ACCESS_KEY_ID: plant(temporaryId()),
        AWS_SECRET_ACCESS_KEY: plant(secretKey()),
        AWS_SESSION_TOKEN: plant(sessionToken()),
      });
      const code = await runScan({ dirs: ["tree"], json: true }, rec.io);
      assert.equal(code, 0);
      const doc = JSON.parse(rec.stdout()) as { findings: JsonFinding[] };
      assert.deepEqual(
        doc.findings.map((f) => `${f.severity} ${f.kind} ${f.location}`),
        [
          "info env-temporary-key env:AWS_ACCESS_KEY_ID",
          "example credentials-file ~/.aws/credentials:2:1",
          "example key-in-text tree/README.md:1:5",
        ],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("keyless scan: a clean, realistic Terraform project", () => {
  it("has no findings except the AWS example values in its README", async () => {
    const fixture = join(import.meta.dirname, "../../fixtures/scan/clean-project");
    const rec = recordingIO(fixture, { HOME: "/nonexistent-home" });
    const code = await runScan({ dirs: ["."], json: true, env: false, home: false }, rec.io);
    const doc = JSON.parse(rec.stdout()) as { findings: JsonFinding[]; stats: { files_scanned: number } };
    assert.deepEqual(
      doc.findings.map((f) => `${f.severity} ${f.kind} ${f.location}`),
      [
        "example key-in-text README.md:20:21",
        "example key-in-text README.md:21:25",
        "example key-in-text README.md:24:34",
      ],
    );
    assert.equal(code, 0);
    assert.ok(doc.stats.files_scanned >= 15);
    const table = recordingIO(fixture, {});
    await runScan({ dirs: ["."], env: false, home: false }, table.io);
    assert.match(table.stdout(), /No failing findings; 3 AWS examples\. \d+ files scanned\.\n$/);
  });
});
