/**
 * `keyless configure`: write `[sso-session]` + `[profile]` sections for the accounts and roles an
 * engineer may use (scenario 1: discovered through the SSO portal; scenario 2: `--from` a profile set
 * the platform team wrote with `keyless profiles`). Everything the user typed is checked before any
 * network call; the config file is parsed (and refused if unsafe to edit) before signing in; names
 * owned by the user or another session are reported, never overwritten.
 */
import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import {
  createSsoPorts,
  homeDir,
  type LoadedAwsConfig,
  loadAwsConfig,
  type SsoPorts,
} from "../app/developer-session.ts";
import type { CliIO } from "../cli/io.ts";
import { EXIT, KeylessError } from "../errors/keyless-error.ts";
import {
  type ApplyManagedResult,
  applyManagedProfiles,
  DEFAULT_PROFILE_TEMPLATE,
  DEFAULT_SCOPES,
  dryRunDiff,
  type ManagedProfile,
  type ManagedSession,
  profileName,
  writeConfigFile,
} from "../local/aws-config/index.ts";
import { pickOnTerminal } from "./developer/picker/run.ts";
import { listCandidates } from "./developer/portal-candidates.ts";
import { type ProfileSet, parseProfileSet } from "./developer/profile-set.ts";
import { stateBackendProfileKeys } from "./developer/profile-state-backend.ts";
import { CANCELLED, type Candidate, hasSelectionFlags, selectByFlags } from "./developer/select.ts";
import { signIn } from "./developer/sign-in.ts";
import { checkRegion, checkStartUrl, defaultSessionName } from "./developer/start-url.ts";
import { progressReporter } from "./progress.ts";

export interface ConfigureOptions {
  startUrl?: string | undefined;
  region?: string | undefined;
  sessionName?: string | undefined;
  /** A profile-set file written by `keyless profiles`. */
  from?: string | undefined;
  all?: boolean | undefined;
  account?: string[] | undefined;
  role?: string[] | undefined;
  profileName?: string | undefined;
  defaultRegion?: string | undefined;
  output?: string | undefined;
  useDeviceCode?: boolean | undefined;
  /** false with --no-browser. */
  browser?: boolean | undefined;
  prune?: boolean | undefined;
  dryRun?: boolean | undefined;
  json?: boolean | undefined;
}

const OUTPUTS = ["json", "text", "table", "yaml", "yaml-stream"];
const SESSION_NAME = /^[A-Za-z0-9_.@+%-]+$/;

interface Plan {
  session: ManagedSession;
  set: ProfileSet | undefined;
  template: string | undefined;
}

/** Every check that needs no network and no file but the profile set. */
async function checkInput(opts: ConfigureOptions, io: CliIO, warn: (s: string) => void): Promise<Plan> {
  let set: ProfileSet | undefined;
  if (opts.from) {
    const path = isAbsolute(opts.from) ? opts.from : resolve(io.cwd, opts.from);
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (err) {
      throw new KeylessError(
        "USAGE",
        `--from ${opts.from}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? "error"})`,
        {
          hint: "Pass the profile-set file the platform team shared (written by `keyless profiles --out FILE`).",
        },
      );
    }
    set = parseProfileSet(text, opts.from);
    for (const [flag, given, inFile] of [
      ["--start-url", opts.startUrl, set.session.startUrl],
      ["--region", opts.region, set.session.region],
      ["--session-name", opts.sessionName, set.session.name],
    ] as const) {
      if (given !== undefined && given !== inFile) {
        throw new KeylessError("USAGE", `${flag} ${given} differs from the profile set's ${inFile}`, {
          hint: `Leave out ${flag}: the profile set names its own.`,
        });
      }
    }
  } else if (!opts.startUrl || !opts.region) {
    throw new KeylessError("USAGE", "keyless configure needs --start-url and --region (or --from FILE)", {
      hint: "For example: keyless configure --start-url https://d-1234567890.awsapps.com/start --region eu-central-1",
    });
  }
  const region = set?.session.region ?? (opts.region as string);
  checkRegion(region, set ? "session.region" : "--region");
  const checked = checkStartUrl(set?.session.startUrl ?? (opts.startUrl as string), region);
  if (checked.warning) warn(checked.warning);
  const name = set?.session.name ?? opts.sessionName ?? defaultSessionName(checked.url);
  if (!SESSION_NAME.test(name)) {
    throw new KeylessError(
      "USAGE",
      `--session-name "${name}" may contain only letters, digits and _ . @ + % -`,
    );
  }
  if (opts.defaultRegion !== undefined) checkRegion(opts.defaultRegion, "--default-region");
  if (opts.output !== undefined && !OUTPUTS.includes(opts.output)) {
    throw new KeylessError("USAGE", `--output "${opts.output}" is not one of ${OUTPUTS.join(", ")}`);
  }
  if (opts.profileName !== undefined) {
    // Fails on an unknown placeholder or an empty result before anything else happens.
    profileName(opts.profileName, { account: "a", accountId: "111111111111", role: "r", session: name });
  }
  if (!set && !hasSelectionFlags(flags(opts)) && !io.stdinIsTTY) {
    throw new KeylessError(
      "USAGE",
      "not on a terminal, so keyless cannot ask which accounts and roles to configure",
      {
        hint: "Choose with --all, or with --account ID_OR_NAME and/or --role ROLE (each may repeat).",
      },
    );
  }
  const session: ManagedSession = {
    name,
    startUrl: checked.url,
    region,
    ...(set?.session.scopes ? { scopes: set.session.scopes } : {}),
  };
  return { session, set, template: opts.profileName };
}

const flags = (o: ConfigureOptions) => ({ all: o.all, accounts: o.account, roles: o.role });

function toProfiles(chosen: Candidate[], plan: Plan, opts: ConfigureOptions): ManagedProfile[] {
  const entries = new Map(plan.set?.profiles.map((p) => [`${p.accountId}/${p.roleName}`, p]));
  // --from a set with a state backend: every profile carries it, for `keyless terraform files`.
  const extra = plan.set?.stateBackend ? stateBackendProfileKeys(plan.set.stateBackend) : undefined;
  return chosen.map((c) => {
    const entry = entries.get(`${c.accountId}/${c.roleName}`);
    const name =
      entry && plan.template === undefined
        ? entry.name
        : profileName(plan.template ?? DEFAULT_PROFILE_TEMPLATE, {
            account: c.accountName || c.accountId,
            accountId: c.accountId,
            role: c.roleName,
            session: plan.session.name,
          });
    return {
      name,
      accountId: c.accountId,
      roleName: c.roleName,
      region: opts.defaultRegion ?? entry?.region ?? plan.session.region,
      output: opts.output ?? entry?.output ?? "json",
      ...(extra ? { extra } : {}),
    };
  });
}

const SYMBOL: Record<string, string> = {
  add: "+",
  update: "~",
  unchanged: "=",
  remove: "-",
  "keep-stale": "!",
  reuse: "=",
};

function renderChanges(result: ApplyManagedResult): string[] {
  return result.changes.map((c) => {
    const what = `${SYMBOL[c.action] ?? "?"} ${c.target} ${c.name}`;
    if (c.action === "update") return `${what} (${(c.fields ?? []).join(", ")})`;
    if (c.action === "keep-stale") return `${what} (no longer offered; kept, use --prune to remove)`;
    if (c.action === "reuse") return `${what} (your own section, reused)`;
    return what;
  });
}

export async function runConfigure(opts: ConfigureOptions, io: CliIO): Promise<number> {
  const warn = (s: string) => io.err(`Warning: ${s}\n`);
  const progress = progressReporter(io, { quiet: Boolean(opts.json) });
  const plan = await checkInput(opts, io, warn);
  const config = await loadAwsConfig(io);
  const precheck = applyManagedProfiles(config.model, { session: plan.session, profiles: [] });
  const mismatch = precheck.conflicts.find((c) => c.reason === "session-mismatch");
  if (mismatch) {
    throw new KeylessError("USAGE", mismatch.message, {
      hint: "Pass --session-name OTHER to keep both sessions.",
    });
  }

  let candidates: Candidate[];
  const needsNetwork = !(plan.set && opts.dryRun);
  let ports: SsoPorts | undefined;
  try {
    if (needsNetwork) {
      ports = await createSsoPorts(plan.session.region);
      const home = homeDir(io);
      // The scopes the written [sso-session] will have: they key the client-registration cache.
      const session = { ...plan.session, scopes: [...(plan.session.scopes ?? DEFAULT_SCOPES)] };
      const signed = await signIn(session, ports, io, home, {
        useDeviceCode: opts.useDeviceCode,
        noBrowser: opts.browser === false,
      });
      progress(signed.how === "signed-in" ? "Signed in." : `Using the cached SSO token (${signed.how}).`);
      candidates = plan.set
        ? setCandidates(plan.set)
        : await listCandidates(ports.portal, signed.token.accessToken, progress);
    } else {
      candidates = setCandidates(plan.set as ProfileSet);
    }
  } finally {
    ports?.destroy();
  }
  if (candidates.length === 0) {
    throw new KeylessError(
      "AWS_ACCESS_DENIED",
      `the portal lists no account or role for you at ${plan.session.startUrl}`,
      {
        hint: "Ask your platform team to assign you a permission set, then run keyless configure again.",
      },
    );
  }

  const chosen =
    plan.set || hasSelectionFlags(flags(opts))
      ? selectByFlags(candidates, hasSelectionFlags(flags(opts)) ? flags(opts) : { all: true })
      : await pickOnTerminal(candidates, io);
  if (chosen === CANCELLED) {
    // The user's choice, as Terraform's "Apply cancelled.": a plain line, no "Error:", exit 1.
    io.err("Configure cancelled: nothing was selected, no profile written.\n");
    return EXIT.ERROR;
  }
  if (chosen.length === 0) throw new KeylessError("USAGE", "the selection matches no account and role");

  const profiles = toProfiles(chosen, plan, opts);
  const result = applyManagedProfiles(config.model, {
    session: plan.session,
    profiles,
    prune: Boolean(opts.prune),
  });
  return report(result, config, plan, opts, io);
}

function setCandidates(set: ProfileSet): Candidate[] {
  return set.profiles.map((p) => ({
    accountId: p.accountId,
    accountName: p.accountName ?? p.accountId,
    roleName: p.roleName,
  }));
}

async function report(
  result: ApplyManagedResult,
  config: LoadedAwsConfig,
  plan: Plan,
  opts: ConfigureOptions,
  io: CliIO,
): Promise<number> {
  const diff = opts.dryRun ? dryRunDiff(config.text, result.text, config.path) : undefined;
  let written = false;
  let backupPath: string | undefined;
  if (!opts.dryRun && result.changed) {
    const w = await writeConfigFile(config.path, result.text, { expectedCurrent: config.text });
    written = true;
    backupPath = w.backupPath;
  }
  const exit = result.conflicts.length > 0 ? EXIT.ERROR : EXIT.OK;
  if (opts.json) {
    io.out(
      `${JSON.stringify(
        {
          configFile: config.path,
          session: plan.session,
          dryRun: Boolean(opts.dryRun),
          written,
          backup: backupPath ?? null,
          changes: result.changes,
          conflicts: result.conflicts,
          ...(diff !== undefined ? { diff } : {}),
        },
        null,
        2,
      )}\n`,
    );
    return exit;
  }
  for (const c of result.conflicts) io.err(`Not written: ${c.message}\n`);
  const lines = renderChanges(result);
  if (opts.dryRun) {
    io.out(diff ? diff : `No change to ${config.path}.\n`);
    io.out(`${lines.join("\n")}\n(dry run: nothing written)\n`);
    return exit;
  }
  io.out(`${lines.join("\n")}\n`);
  if (!written) io.out(`${config.path} is already up to date.\n`);
  else io.out(`Wrote ${config.path}${backupPath ? ` (previous version: ${backupPath})` : ""}.\n`);
  const first = result.changes.find((c) => c.target === "profile" && c.action !== "remove");
  if (first) {
    io.out(
      `Use a profile: keyless exec ${first.name} -- terraform plan   or   aws sts get-caller-identity --profile ${first.name}\n`,
    );
  }
  return exit;
}
