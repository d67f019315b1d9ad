import assert from "node:assert/strict";
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { KeylessError } from "../../../src/errors/keyless-error.ts";
import { readConfigFile, writeConfigFile } from "../../../src/local/aws-config/file-io.ts";
import { MESSY_VALID } from "./fixtures.ts";

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), "keyless-aws-config-"));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

let n = 0;
const fresh = async () => {
  const home = join(root, `home${n++}`);
  await mkdir(home);
  return home;
};
const modeOf = async (p: string) => (await stat(p)).mode & 0o777;
const NEW = "[default]\nregion = eu-west-1\n";

describe("writeConfigFile", () => {
  it("creates ~/.aws with 0700 and the file with 0600, without a backup", async () => {
    const home = await fresh();
    const path = join(home, ".aws", "config");
    const r = await writeConfigFile(path, NEW);
    assert.deepEqual(r, { path, created: true, backupPath: undefined });
    assert.equal(await readFile(path, "utf8"), NEW);
    assert.equal(await modeOf(join(home, ".aws")), 0o700);
    assert.equal(await modeOf(path), 0o600);
  });

  it("keeps the existing file's mode and backs up the previous bytes", async () => {
    const home = await fresh();
    const path = join(home, "config");
    const old = Buffer.from(`${MESSY_VALID}\r\n`, "utf8");
    await writeFile(path, old);
    await chmod(path, 0o640);
    const r = await writeConfigFile(path, NEW);
    assert.equal(r.backupPath, `${path}.keyless-backup`);
    assert.ok((await readFile(`${path}.keyless-backup`)).equals(old));
    assert.equal(await readFile(path, "utf8"), NEW);
    assert.equal(await modeOf(path), 0o640);
    assert.equal(await modeOf(`${path}.keyless-backup`), 0o640);
    // the backup always holds the state before the latest write
    await writeConfigFile(path, `${NEW}\n`);
    assert.equal(await readFile(`${path}.keyless-backup`, "utf8"), NEW);
  });

  it("can skip the backup", async () => {
    const home = await fresh();
    const path = join(home, "config");
    await writeFile(path, NEW);
    const r = await writeConfigFile(path, `${NEW}\n`, { backup: false });
    assert.equal(r.backupPath, undefined);
    assert.deepEqual(await readdir(home), ["config"]);
  });

  it("leaves no temp file behind and never touches the credentials file", async () => {
    const home = await fresh();
    await mkdir(join(home, ".aws"));
    const creds = join(home, ".aws", "credentials");
    await writeFile(creds, "[default]\naws_access_key_id = untouched\n");
    const before = await stat(creds);
    await writeConfigFile(join(home, ".aws", "config"), NEW);
    await writeConfigFile(join(home, ".aws", "config"), `${NEW}\n`);
    assert.deepEqual((await readdir(join(home, ".aws"))).sort(), [
      "config",
      "config.keyless-backup",
      "credentials",
    ]);
    const afterStat = await stat(creds);
    assert.equal(afterStat.mtimeMs, before.mtimeMs);
    assert.equal(await readFile(creds, "utf8"), "[default]\naws_access_key_id = untouched\n");
  });

  it("writes through a symlink, so a linked dotfile stays a link", async () => {
    const home = await fresh();
    const real = join(home, "dotfiles-config");
    await writeFile(real, NEW);
    const link = join(home, "config");
    await symlink(real, link);
    const r = await writeConfigFile(link, `${NEW}\n`);
    assert.equal(r.path, real);
    assert.ok((await lstat(link)).isSymbolicLink());
    assert.equal(await readFile(real, "utf8"), `${NEW}\n`);
  });

  it("refuses to replace a file it cannot parse, naming file and line, and writes nothing", async () => {
    const home = await fresh();
    const path = join(home, "config");
    const broken =
      "[default]\nregion = x\n# BEGIN keyless managed block: sso-session acme (x)\n[sso-session acme]\n";
    await writeFile(path, broken);
    await assert.rejects(
      writeConfigFile(path, NEW),
      (e: unknown) =>
        e instanceof KeylessError && e.code === "CONFIG_INVALID" && e.message.startsWith(`${path}:3: `),
    );
    assert.equal(await readFile(path, "utf8"), broken);
    assert.deepEqual(await readdir(home), ["config"]);
  });

  it("refuses new content that would not parse", async () => {
    const home = await fresh();
    await assert.rejects(writeConfigFile(join(home, "config"), "region = x\n"), /would not parse/);
    assert.deepEqual(await readdir(home), []);
  });

  it("refuses when the file changed since it was read", async () => {
    const home = await fresh();
    const path = join(home, "config");
    await writeFile(path, NEW);
    await assert.rejects(
      writeConfigFile(path, "[x]\n", { expectedCurrent: "[default]\n" }),
      /changed while keyless/,
    );
    assert.equal(await readFile(path, "utf8"), NEW);
    await writeConfigFile(path, "[x]\n", { expectedCurrent: NEW });
    assert.equal(await readFile(path, "utf8"), "[x]\n");
  });
});

describe("readConfigFile", () => {
  it("reports a missing file as empty", async () => {
    assert.deepEqual(await readConfigFile(join(root, "nope", "config")), { text: "", exists: false });
  });

  it("keeps a byte-order mark so it is written back", async () => {
    const path = join(await fresh(), "config");
    await writeFile(path, "\uFEFF[default]\n");
    assert.equal((await readConfigFile(path)).text, "\uFEFF[default]\n");
  });

  it("refuses to edit a file that starts with a byte-order mark, leaving it byte for byte", async () => {
    const path = join(await fresh(), "config");
    const before = Buffer.from("\uFEFF[default]\nregion = eu-west-1\n", "utf8");
    await writeFile(path, before);
    await assert.rejects(writeConfigFile(path, NEW), (e: unknown) => {
      assert.ok(e instanceof KeylessError);
      assert.equal(e.code, "CONFIG_INVALID");
      assert.match(e.message, new RegExp(`^${path}:1: the file starts with a UTF-8 byte-order mark`));
      return true;
    });
    assert.ok((await readFile(path)).equals(before));
    assert.deepEqual(await readdir(join(path, "..")), ["config"]);
  });

  it("refuses a file that is not UTF-8 rather than corrupt it", async () => {
    const path = join(await fresh(), "config");
    await writeFile(path, Buffer.from([0x5b, 0x61, 0x5d, 0x0a, 0xff, 0xfe, 0x0a]));
    await assert.rejects(
      readConfigFile(path),
      (e: unknown) => e instanceof KeylessError && /not valid UTF-8/.test(e.message),
    );
  });
});
