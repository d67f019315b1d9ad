/**
 * configure's picker as an engineer with 300 account × role pairs meets it: the built keyless on a
 * pseudo-terminal, signed in through the SSO stand-in (100 accounts × 3 roles), the test typing keys.
 * Filter by two words at once, narrow, page, select all matching, Enter: exactly those profiles in
 * ~/.aws/config; Enter with nothing selected: exit 1 and the file untouched byte for byte.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import { type Exit, type SpawnedCli, spawnKeyless, type UserDirs, userDirs } from "../helpers/spawn-cli.ts";
import {
  answerSpawnedDeviceCode,
  configureArgs,
  type SsoServers,
  startSsoServers,
} from "../helpers/sso-sign-in.ts";
import type { StandinAccount } from "../standins/sso-standin.ts";

const TEAMS = ["payments", "search", "billing", "ledger"];
const ROLES = ["AdministratorAccess", "ReadOnly", "terraform-core"];
/** 100 accounts × 3 roles: account i is `<team>-<dev|prod>-<i>`, teams by pairs of accounts. */
const ACCOUNTS_300: StandinAccount[] = Array.from({ length: 100 }, (_, i) => {
  const name = `${TEAMS[Math.floor(i / 2) % 4]}-${i % 2 ? "prod" : "dev"}-${i}`;
  return {
    accountId: String(100000000000 + i),
    accountName: name,
    emailAddress: `${name}@example.com`,
    roles: ROLES,
  };
});
const pairs = (match: (account: string, role: string) => boolean) =>
  ACCOUNTS_300.flatMap((a) =>
    ROLES.filter((r) => match(a.accountName, r)).map((r) => `${a.accountName}-${r}`.toLowerCase()),
  );

let servers: SsoServers;
let user: UserDirs;
const running: SpawnedCli[] = [];

before(async () => {
  servers = await startSsoServers();
});
after(async () => {
  await servers?.stop();
});
beforeEach(() => {
  user = userDirs("keyless-e2e-picker-");
  mkdirSync(join(user.home, ".aws"), { mode: 0o700 });
  servers.standin.setAccounts(ACCOUNTS_300);
  servers.standin.setAuthorizeMode("auto-approve");
});
afterEach(() => {
  for (const cli of running.splice(0)) {
    if (cli.child.exitCode === null && cli.child.signalCode === null) cli.kill("SIGKILL");
  }
  user.remove();
});

const configPath = () => join(user.home, ".aws", "config");
const profilesIn = (text: string) => [...text.matchAll(/^\[profile ([^\]]+)\]/gm)].map((m) => m[1] as string);
const shown = (r: Exit) => `\n--- terminal ---\n${r.stdout.slice(-3000)}`;

/** configure on a terminal (LINES=40: 34 rows a screenful), signed in, at the picker's first screen. */
async function picker(): Promise<SpawnedCli> {
  const cli = spawnKeyless(configureArgs(), { cwd: user.work, env: servers.userEnv(user.home), tty: true });
  running.push(cli);
  await answerSpawnedDeviceCode(cli, servers.standin);
  await cli.waitFor(/rows 1-34 of 300 matching · 0 selected/, 60_000);
  return cli;
}
async function exitOf(cli: SpawnedCli): Promise<Exit> {
  const timer = setTimeout(() => cli.kill("SIGKILL"), 60_000);
  try {
    return await cli.exited;
  } finally {
    clearTimeout(timer);
  }
}
/** A pattern that looks only at what was printed after `from` (spawn-cli matches all output). */
class After extends RegExp {
  constructor(
    source: RegExp,
    private readonly from: number,
  ) {
    super(source.source, source.flags);
  }
  override [Symbol.match](text: string): RegExpMatchArray | null {
    return RegExp.prototype[Symbol.match].call(new RegExp(this.source, this.flags), text.slice(this.from));
  }
}

/** Types `keys` and waits for the screen that follows them (matched only in what came after). */
async function type(cli: SpawnedCli, keys: string, screen: RegExp): Promise<void> {
  const from = cli.stdout.length + cli.stderr.length;
  cli.write(keys);
  await cli.waitFor(new After(screen, from));
}

describe("configure's picker with 300 account and role pairs, on a terminal", () => {
  test("two words filter at once, select all matching, Enter: exactly those profiles are written", async () => {
    const cli = await picker();
    // A screenful, not 300 rows: row 35 is not on the first screen.
    assert.doesNotMatch(cli.stdout, /\[ \]\s+35\s/);
    await type(cli, "prod admin", /rows 1-34 of 50 matching · 0 selected · Enter adds these words/);
    await type(cli, "\x1b[6~", /rows 17-50 of 50 matching/); // PgDn: the last screenful
    await type(cli, "\x01", /of 50 matching · 50 selected/); // Ctrl-A: all matching
    await type(cli, "\r", /Filter: prod admin ▏/); // Enter adds the typed words to the filter
    await type(cli, "\r", /Chose 50 of 300 account and role pairs\./); // Enter again: done
    const r = await exitOf(cli);
    assert.equal(r.code, 0, shown(r));
    const expected = pairs((account, role) => account.includes("prod") && role === "AdministratorAccess");
    assert.equal(expected.length, 50);
    assert.deepEqual(profilesIn(readFileSync(configPath(), "utf8")).sort(), expected.sort());
  });

  test("filters narrow: prod, then ledger; select all matching, widen with Esc, deselect some, Enter", async () => {
    const cli = await picker();
    await type(cli, "prod\r", /Filter: prod ▏[\s\S]*of 150 matching/);
    await type(cli, "ledger", /rows 1-34 of 36 matching/);
    await type(cli, "\x1b[C", /of 36 matching · 36 selected/); // →: select all matching
    await type(cli, "\x1b", /rows 1-34 of 300 matching · 36 selected/); // Esc: whole list, choice kept
    await type(cli, "readonly", /of 100 matching · 36 selected/);
    await type(cli, "\x1b[D", /of 100 matching · 24 selected/); // ←: deselect the ReadOnly ones
    await type(cli, "\x15", /of 300 matching · 24 selected · Enter writes 24/); // Ctrl-U clears the line
    await type(cli, "\r", /Chose 24 of 300/);
    const r = await exitOf(cli);
    assert.equal(r.code, 0, shown(r));
    const expected = pairs((a, role) => a.startsWith("ledger-prod") && role !== "ReadOnly");
    assert.deepEqual(profilesIn(readFileSync(configPath(), "utf8")).sort(), expected.sort());
  });

  test("Enter on an empty selection cancels: exit 1, a plain message, the config file byte for byte", async () => {
    const mine = "# my own settings\r\n[profile mine]\nregion = eu-west-1\n\n[default]\noutput=json";
    writeFileSync(configPath(), mine);
    const cli = await picker();
    await type(
      cli,
      "prod admin\r",
      /Filter: prod admin ▏[\s\S]*0 selected · Enter with nothing selected cancels/,
    );
    cli.write("\r");
    const r = await exitOf(cli);
    assert.equal(r.code, 1, shown(r));
    assert.match(r.stdout, /Configure cancelled: nothing was selected, no profile written\./);
    assert.doesNotMatch(r.stdout, /Error:|Hint:/);
    assert.equal(readFileSync(configPath(), "utf8"), mine);
    assert.deepEqual(readdirSync(join(user.home, ".aws")).sort(), ["config", "sso"]);
    assert.ok(!existsSync(`${configPath()}.keyless-backup`));
  });
});
