/**
 * Bad input as a user meets it: the built CLI, spawned from a directory outside the repository with
 * its own HOME. Each case is refused with the file (and line:col) named and its documented exit code,
 * and nothing reaches AWS: every AWS endpoint points at a local server that records what it is asked,
 * and a valid file run the same way shows that server does get the calls when keyless makes them.
 */
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { runKeyless, type UserDirs, userDirs } from "../helpers/spawn-cli.ts";
import { botocoreLoad, isolatedEnv } from "../interop/aws-config/consumers.ts";

/** Answers every request with AccessDenied (not retried) and remembers what was asked. */
interface Recorder {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

async function startRecorder(): Promise<Recorder> {
  const requests: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    req.resume();
    req.on("end", () => {
      requests.push(`${req.method} ${req.url} ${String(req.headers["x-amz-target"] ?? "")}`.trim());
      res.writeHead(403, {
        "content-type": "application/x-amz-json-1.1",
        "x-amzn-errortype": "AccessDeniedException",
      });
      res.end(JSON.stringify({ __type: "AccessDeniedException", message: "recorded by the test" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const HEAD = "version: 1\nidentityCenter:\n  region: eu-central-1\n";
const VALID = `${HEAD}accounts:\n  dev: "111111111111"\ngroups:\n  platform: {}\npermissionSets:\n  ReadOnly:\n    managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]\nassignments:\n  - principals: [group:platform]\n    permissionSets: [ReadOnly]\n    targets: [dev]\n`;

let recorder: Recorder;
let dirs: UserDirs;

before(async () => {
  recorder = await startRecorder();
});
after(async () => {
  await recorder.close();
});
beforeEach(() => {
  recorder.requests.length = 0;
});

/** Only what the test means: HOME, dummy credentials, every AWS endpoint at the recorder. */
function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    HOME: dirs.home,
    AWS_ENDPOINT_URL: recorder.url,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_REGION: "eu-central-1",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...extra,
  };
}

const keyless = (args: string[], extra?: Record<string, string>) =>
  runKeyless(args, { cwd: dirs.work, env: env(extra) });

describe("e2e: keyless.yaml that validate, plan and apply refuse without calling AWS", () => {
  before(() => {
    dirs = userDirs("keyless-bad-input-");
  });
  after(() => dirs.remove());

  it("control: a valid file does reach the recorder, so the checks below would see a call", async () => {
    writeFileSync(join(dirs.work, "keyless.yaml"), VALID);
    const v = await keyless(["validate"]);
    assert.equal(v.code, 0, v.stderr);
    const plan = await keyless(["plan"]);
    assert.notEqual(plan.code, 0);
    assert.ok(recorder.requests.length > 0, "plan of a valid file asks AWS");
  });

  const cases: { name: string; content: Buffer; where: RegExp }[] = [
    {
      name: "a file that is not UTF-8 (a Latin-1 group name)",
      content: Buffer.concat([
        Buffer.from(`${HEAD}groups:\n  g`),
        Buffer.from([0xe9, 0xe9]),
        Buffer.from(": {}\n"),
      ]),
      where: /keyless\.yaml:5:4: the file is not valid UTF-8 \(byte 0xe9 /,
    },
    {
      name: "a control character in a group name",
      content: Buffer.from(`${HEAD}groups:\n  "platform\\a": {}\n`),
      where: /keyless\.yaml:5:3: groups: group name has U\+0007 \(a control character\) at character 9/,
    },
    {
      name: "an escape sequence in a user's display name",
      content: Buffer.from(
        `${HEAD}users:\n  dave:\n    displayName: "\\e[2J"\n    givenName: D\n    familyName: E\n    email: d@example.com\n`,
      ),
      where: /keyless\.yaml:6:18: users\.dave\.displayName: displayName has U\+001B/,
    },
    {
      name: "a prune pattern no permission set name can match",
      content: Buffer.from(`${VALID}prune:\n  permissionSets: ["Read Only*"]\n`),
      where: /keyless\.yaml:\d+:20: prune\.permissionSets\[0\]: pattern "Read Only\*" can never match/,
    },
  ];

  for (const c of cases) {
    it(`refuses ${c.name}: validate and plan exit 65 with file:line:col, and AWS is not called`, async () => {
      const file = join(dirs.work, "keyless.yaml");
      writeFileSync(file, c.content);
      const v = await keyless(["validate"]);
      assert.equal(v.code, 65, v.stderr);
      assert.match(v.stderr, c.where);
      assert.ok(v.stderr.includes(file), "names the file");
      for (const args of [["plan"], ["apply", "--auto-approve"]]) {
        const r = await keyless(args);
        assert.equal(r.code, 65, `${args.join(" ")}: ${r.stderr}`);
        assert.match(r.stderr, c.where);
      }
      assert.deepEqual(recorder.requests, []);
      assert.ok(readFileSync(file).equals(c.content), "keyless.yaml is left as it was");
    });
  }
});

describe("e2e: output paths of the wrong kind are refused before anything is read", () => {
  before(() => {
    dirs = userDirs("keyless-bad-paths-");
    writeFileSync(
      join(dirs.work, "keyless.yaml"),
      `${VALID}stateBackend:\n  account: dev\n  region: eu-central-1\n  encryption: { type: kms }\n`,
    );
  });
  after(() => dirs.remove());

  it("profiles --out DIR (an existing directory): exit 64 naming the path, nothing written in it", async () => {
    mkdirSync(join(dirs.work, "out"));
    const r = await keyless([
      "profiles",
      "--start-url",
      "https://d-1234567890.awsapps.com/start",
      "--out",
      "out",
    ]);
    assert.equal(r.code, 64, r.stderr);
    assert.match(r.stderr, /--out out is a directory; it takes the path of the file to write/);
    assert.match(r.stderr, /--out out\/profiles\.json/);
    assert.deepEqual(readdirSync(join(dirs.work, "out")), []);
  });

  it("terraform files --dir FILE (an existing file): exit 64 naming the path, no AWS call, file unchanged", async () => {
    const file = join(dirs.work, "main.tf");
    writeFileSync(file, "# mine\n");
    const r = await keyless([
      "terraform",
      "files",
      "--profile",
      "dev",
      "--key",
      "app.tfstate",
      "--dir",
      "main.tf",
    ]);
    assert.equal(r.code, 64, r.stderr);
    assert.match(r.stderr, /--dir main\.tf is a file; it takes the directory to write the files into/);
    assert.deepEqual(recorder.requests, []);
    assert.equal(readFileSync(file, "utf8"), "# mine\n");
  });
});

describe("e2e: an ~/.aws/config that starts with a byte-order mark", () => {
  const BOM_CONFIG = Buffer.from("\uFEFF[profile dev]\nregion = eu-west-1\n", "utf8");
  let config: string;
  before(() => {
    dirs = userDirs("keyless-bom-");
    mkdirSync(join(dirs.home, ".aws"));
    config = join(dirs.home, ".aws", "config");
    writeFileSync(config, BOM_CONFIG);
  });
  after(() => dirs.remove());

  it("is unreadable for botocore too (the reason keyless gives)", async () => {
    const [view] = await botocoreLoad([config], isolatedEnv(dirs.home, config));
    assert.equal(view?.ok, false);
    assert.match(view?.error ?? "", /Unable to parse config file/);
  });

  it("configure refuses it (65), names the file and the reason, and leaves it byte for byte", async () => {
    for (const args of [
      [
        "configure",
        "--start-url",
        "https://d-1234567890.awsapps.com/start",
        "--region",
        "eu-central-1",
        "--all",
      ],
      [
        "configure",
        "--start-url",
        "https://d-1234567890.awsapps.com/start",
        "--region",
        "eu-central-1",
        "--all",
        "--dry-run",
      ],
    ]) {
      const r = await keyless(args);
      assert.equal(r.code, 65, r.stderr);
      assert.ok(
        r.stderr.includes(`${config}:1: the file starts with a UTF-8 byte-order mark (BOM)`),
        r.stderr,
      );
      assert.match(r.stderr, /botocore .* cannot read it/);
    }
    assert.ok(readFileSync(config).equals(BOM_CONFIG));
    assert.deepEqual(readdirSync(join(dirs.home, ".aws")), ["config"], "no backup or temp file");
    assert.deepEqual(recorder.requests, []);
  });

  it("also through AWS_CONFIG_FILE, and a command that only reads it says why it stops", async () => {
    const other = join(dirs.work, "aws-config");
    writeFileSync(other, BOM_CONFIG);
    const r = await keyless(["whoami", "--profile", "dev"], { AWS_CONFIG_FILE: other });
    assert.equal(r.code, 65, r.stderr);
    assert.ok(r.stderr.includes(`${other}:1: the file starts with a UTF-8 byte-order mark (BOM)`), r.stderr);
    assert.ok(readFileSync(other).equals(BOM_CONFIG));
  });
});
