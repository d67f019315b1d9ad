/**
 * Keeps the parser honest against botocore itself: on generated messy files (valid and not), keyless
 * must refuse exactly the files botocore refuses and see the same profiles, sso-sessions and services.
 * Then, on every valid one, the block keyless appends is read back correctly by botocore and the JS
 * SDK, and botocore's view of the user's own sections does not change.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import {
  applyManagedProfiles,
  type ConfigModel,
  type ManagedProfile,
  parseConfigFile,
} from "../../../src/local/aws-config/index.ts";
import { configFile } from "../../unit/aws-config/arbitraries.ts";
import { type BotocoreView, botocoreLoad, isolatedEnv, jsSdkLoad } from "./consumers.ts";

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "keyless-differential-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Sections = Record<string, Record<string, unknown>>;

/** What botocore's build_profile_map would return, computed from keyless's model. */
function ourView(model: ConfigModel): { profiles: Sections; sso_sessions: Sections; services: Sections } {
  const view = { profiles: {} as Sections, sso_sessions: {} as Sections, services: {} as Sections };
  for (const s of model.sections) {
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s.values)) values[k] = v.startsWith("\n") ? nested(v) : v;
    const { kind, name } = s.header;
    if (kind === "default" || kind === "profile") view.profiles[name] = values;
    else if (kind === "sso-session") view.sso_sessions[name] = values;
    else if (kind === "services") view.services[name] = values;
  }
  return view;
}

function nested(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of value.split("\n")) {
    const t = line.trim();
    if (!t) continue;
    const eq = t.indexOf("=");
    out[t.slice(0, eq).trim()] = t.slice(eq + 1).trim();
  }
  return out;
}

const SESSION = { name: "acme", startUrl: "https://acme.awsapps.com/start", region: "eu-central-1" };
const PROFILES: ManagedProfile[] = [
  {
    name: "terraform-dev",
    accountId: "111111111111",
    roleName: "terraform-core",
    region: "eu-central-1",
    output: "json",
  },
  { name: "dev", accountId: "222222222222", roleName: "ReadOnly" },
  { name: "fresh-name", accountId: "333333333333", roleName: "ReadOnly", region: "us-east-1" },
];

describe("interop: parser agrees with botocore on generated files", () => {
  const samples = fc.sample(configFile({ invalid: true }), { seed: 20240611, numRuns: 250 });

  it("accepts and refuses the same files, and sees the same sections", async () => {
    const paths = await Promise.all(
      samples.map(async (text, i) => {
        const p = join(dir, `sample-${i}`);
        await writeFile(p, text);
        return p;
      }),
    );
    const views = await botocoreLoad(paths, isolatedEnv(dir, paths[0]!));
    let accepted = 0;
    samples.forEach((text, i) => {
      const view = views[i] as BotocoreView;
      const model = parseConfigFile(text);
      const ctx = `${JSON.stringify(text)}\nbotocore: ${view.error ?? "ok"}\nkeyless: ${JSON.stringify(model.problems)}`;
      assert.equal(model.problems.length === 0, view.ok, ctx);
      if (!view.ok) return;
      accepted++;
      assert.deepEqual(
        ourView(model),
        { profiles: view.profiles, sso_sessions: view.sso_sessions, services: view.services },
        ctx,
      );
    });
    // the sample must exercise both sides
    assert.ok(accepted > 50 && accepted < samples.length - 50, `${accepted} of ${samples.length} accepted`);
  });

  it("writes a block that botocore and the JS SDK read back, on every valid file", async () => {
    const valid = samples.filter((t) => parseConfigFile(t).problems.length === 0);
    const edits = valid.map((t) =>
      applyManagedProfiles(parseConfigFile(t), { session: SESSION, profiles: PROFILES }),
    );
    const paths = await Promise.all(
      valid.flatMap((t, i) => [
        writeFile(join(dir, `before-${i}`), t).then(() => join(dir, `before-${i}`)),
        writeFile(join(dir, `after-${i}`), edits[i]!.text).then(() => join(dir, `after-${i}`)),
      ]),
    );
    const views = await botocoreLoad(paths, isolatedEnv(dir, paths[0]!));
    for (let i = 0; i < valid.length; i++) {
      const [before, afterView] = [views[2 * i]!, views[2 * i + 1]!];
      const ctx = edits[i]!.text;
      assert.ok(afterView.ok, `${afterView.error}\n${ctx}`);
      const conflicted = new Set(edits[i]!.conflicts.map((c) => c.name));
      const js = (await jsSdkLoad(paths[2 * i + 1]!, dir)).configFile;
      for (const p of PROFILES) {
        if (conflicted.has(p.name)) {
          assert.deepEqual(afterView.profiles?.[p.name], before.profiles?.[p.name], ctx);
          continue;
        }
        const expected: Record<string, string> = {
          sso_session: "acme",
          sso_account_id: p.accountId,
          sso_role_name: p.roleName,
        };
        if (p.region) expected["region"] = p.region;
        if (p.output) expected["output"] = p.output;
        assert.deepEqual(afterView.profiles?.[p.name], expected, ctx);
        assert.deepEqual(js[p.name], expected, ctx);
      }
      // The user's sections, as botocore sees them, are unchanged.
      const userProfiles = { ...afterView.profiles };
      for (const p of PROFILES) if (!conflicted.has(p.name)) delete userProfiles[p.name];
      assert.deepEqual(userProfiles, before.profiles, ctx);
      assert.deepEqual(afterView.services, before.services, ctx);
    }
  });
});
