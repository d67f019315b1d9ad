/**
 * Rewrites (or appends) the managed block of one sso-session. Pure: takes the parsed model, returns
 * the new text plus a report of what changed and what could not be written. Everything outside all
 * managed blocks is copied byte for byte; names owned by the user or another session are never
 * overwritten, only reported.
 */
import { assertEditable } from "./editable.ts";
import { beginMarker, endMarker } from "./markers.ts";
import type { ConfigModel, ConfigSection } from "./model.ts";
import { serializeConfig } from "./parse.ts";
import { profileHeader } from "./section-name.ts";
import { checkProfile, checkSession } from "./validate-input.ts";

export interface ManagedSession {
  /** The `[sso-session NAME]` name; also names the block. */
  readonly name: string;
  readonly startUrl: string;
  /** sso_region: where the portal and OIDC live. */
  readonly region: string;
  /** sso_registration_scopes; default `["sso:account:access"]` as `aws configure sso` writes. */
  readonly scopes?: readonly string[];
}

export interface ManagedProfile {
  readonly name: string;
  readonly accountId: string;
  readonly roleName: string;
  /** The profile's default client region; omitted from the file when undefined. */
  readonly region?: string | undefined;
  /** Output format for the AWS CLI; omitted when undefined. */
  readonly output?: string | undefined;
  /**
   * keyless's own settings of the profile (`keyless_*` keys, e.g. the state backend of a profile
   * set), written after the standard keys. Every SDK ignores keys it does not know.
   */
  readonly extra?: Readonly<Record<string, string>> | undefined;
}

export interface ApplyManagedInput {
  readonly session: ManagedSession;
  readonly profiles: readonly ManagedProfile[];
  /** Remove this session's profiles that are no longer wanted; without it they are kept and reported. */
  readonly prune?: boolean;
}

export type ChangeAction =
  | "add"
  | "update"
  | "unchanged"
  | "remove"
  /** In this session's block before, not wanted now, kept because prune was not asked for. */
  | "keep-stale"
  /** An identical `[sso-session]` exists outside the block; the profiles refer to it. */
  | "reuse";

export interface ManagedChange {
  readonly action: ChangeAction;
  /** "section" is something else found inside the block (dropped on rewrite). */
  readonly target: "sso-session" | "profile" | "section";
  readonly name: string;
  /** For "update": the keys whose value changed, was added or removed. */
  readonly fields?: readonly string[];
}

export type ConflictReason =
  /** A profile of that name exists outside every managed block (the user's or another tool's). */
  | "user-profile"
  /** A profile of that name is in the managed block of another sso-session. */
  | "other-session"
  /** The same name was asked for twice (e.g. a template that does not tell two roles apart). */
  | "duplicate-request"
  /** An `[sso-session]` of that name exists outside the block with another start URL or region. */
  | "session-mismatch";

export interface ManagedConflict {
  readonly target: "profile" | "sso-session";
  readonly name: string;
  readonly reason: ConflictReason;
  /** 1-based line of the existing section, when there is one. */
  readonly lineNo?: number;
  /** For "other-session": whose block holds the name. */
  readonly otherSession?: string;
  /** A sentence for the user. */
  readonly message: string;
}

export interface ApplyManagedResult {
  readonly text: string;
  /** text differs from the input. */
  readonly changed: boolean;
  readonly changes: readonly ManagedChange[];
  readonly conflicts: readonly ManagedConflict[];
}

export const DEFAULT_SCOPES: readonly string[] = ["sso:account:access"];

type Values = Record<string, string>;

function sessionValues(s: ManagedSession): Values {
  const scopes = s.scopes ?? DEFAULT_SCOPES;
  const v: Values = { sso_start_url: s.startUrl, sso_region: s.region };
  if (scopes.length > 0) v["sso_registration_scopes"] = scopes.join(",");
  return v;
}

function profileValues(p: ManagedProfile, session: string): Values {
  const v: Values = { sso_session: session, sso_account_id: p.accountId, sso_role_name: p.roleName };
  if (p.region !== undefined) v["region"] = p.region;
  if (p.output !== undefined) v["output"] = p.output;
  for (const [k, value] of Object.entries(p.extra ?? {})) v[k] = value;
  return v;
}

function render(header: string, values: Values): string[] {
  return [header, ...Object.entries(values).map(([k, v]) => `${k} = ${v}`)];
}

function diffFields(before: Readonly<Values>, after: Values): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => before[k] !== after[k]).sort();
}

/** The profile name botocore files a section under, if it is a profile. */
function profileNameOf(s: ConfigSection): string | undefined {
  if (s.header.kind === "default") return "default";
  return s.header.kind === "profile" ? s.header.name : undefined;
}

const sameUrl = (a: string | undefined, b: string) =>
  a !== undefined && a.replace(/\/+$/, "") === b.replace(/\/+$/, "");

export function applyManagedProfiles(model: ConfigModel, input: ApplyManagedInput): ApplyManagedResult {
  assertEditable(model);
  const { session } = input;
  checkSession(session);
  for (const p of input.profiles) checkProfile(p);

  const original = serializeConfig(model);
  const own = model.blocks.find((b) => b.session === session.name);
  const inOwn = model.sections.filter((s) => s.block === session.name);
  const outside = model.sections.filter((s) => s.block !== session.name);
  const changes: ManagedChange[] = [];
  const conflicts: ManagedConflict[] = [];

  const external = outside.find((s) => s.header.kind === "sso-session" && s.header.name === session.name);
  if (external) {
    const v = external.values;
    if (!sameUrl(v["sso_start_url"], session.startUrl) || v["sso_region"] !== session.region) {
      conflicts.push({
        target: "sso-session",
        name: session.name,
        reason: "session-mismatch",
        lineNo: external.start + 1,
        message: `[sso-session ${session.name}] on line ${external.start + 1} of ${model.path} has another start URL or region (${v["sso_start_url"] ?? "none"}, ${v["sso_region"] ?? "none"}); nothing written for this session. Choose another session name.`,
      });
      return { text: original, changed: false, changes, conflicts };
    }
    changes.push({ action: "reuse", target: "sso-session", name: session.name });
  }

  // Names already taken by someone else.
  const taken = new Map<string, ConfigSection>();
  for (const s of outside) {
    const name = profileNameOf(s);
    if (name !== undefined && !taken.has(name)) taken.set(name, s);
  }
  const wanted: ManagedProfile[] = [];
  const requested = new Set<string>();
  for (const p of input.profiles) {
    if (requested.has(p.name)) {
      conflicts.push({
        target: "profile",
        name: p.name,
        reason: "duplicate-request",
        message: `profile ${p.name} was asked for more than once (account ${p.accountId}, role ${p.roleName} not written); use a name template that includes both {account} and {role}`,
      });
      continue;
    }
    requested.add(p.name);
    const other = taken.get(p.name);
    if (!other) {
      wanted.push(p);
      continue;
    }
    const lineNo = other.start + 1;
    conflicts.push(
      other.block === undefined
        ? {
            target: "profile",
            name: p.name,
            reason: "user-profile",
            lineNo,
            message: `profile ${p.name} already exists on line ${lineNo} of ${model.path} and was not written by keyless; left untouched, choose another name`,
          }
        : {
            target: "profile",
            name: p.name,
            reason: "other-session",
            lineNo,
            otherSession: other.block,
            message: `profile ${p.name} belongs to keyless's block for sso-session ${other.block} (line ${lineNo}); left untouched, choose another name`,
          },
    );
  }

  // Sections of the new block: [name for sorting, lines].
  const blockSections: { sort: string; lines: string[] }[] = [];
  if (!external) {
    const values = sessionValues(session);
    const before = inOwn.find((s) => s.header.kind === "sso-session" && s.header.name === session.name);
    changes.push(changeFor("sso-session", session.name, before?.values, values));
    blockSections.push({ sort: "", lines: render(`[sso-session ${session.name}]`, values) });
  }
  const wantedNames = new Set(wanted.map((p) => p.name));
  const profileSections: { sort: string; lines: string[] }[] = [];
  for (const p of wanted) {
    const values = profileValues(p, session.name);
    const before = inOwn.find((s) => profileNameOf(s) === p.name);
    changes.push(changeFor("profile", p.name, before?.values, values));
    profileSections.push({ sort: p.name, lines: render(profileHeader(p.name), values) });
  }
  for (const s of inOwn) {
    const name = profileNameOf(s);
    if (s.header.kind === "sso-session" && s.header.name === session.name) continue;
    if (name === undefined) {
      changes.push({ action: "remove", target: "section", name: s.header.raw });
      continue;
    }
    if (wantedNames.has(name)) continue;
    if (input.prune) {
      changes.push({ action: "remove", target: "profile", name });
      continue;
    }
    changes.push({ action: "keep-stale", target: "profile", name });
    profileSections.push({ sort: name, lines: verbatim(model, s) });
  }
  profileSections.sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0));
  blockSections.push(...profileSections);

  const eol = model.eol;
  const blockLines: string[] = [];
  if (blockSections.length > 0) {
    blockLines.push(beginMarker(session.name));
    blockSections.forEach((s, i) => {
      if (i > 0) blockLines.push("");
      blockLines.push(...s.lines);
    });
    blockLines.push(endMarker(session.name));
  }

  let text: string;
  if (own) {
    const before = serializeConfig({ lines: model.lines.slice(0, own.begin) });
    const after = serializeConfig({ lines: model.lines.slice(own.end + 1) });
    const lastEol = model.lines[own.end]!.eol;
    const block = blockLines.map((l, i) => l + (i === blockLines.length - 1 ? lastEol : eol)).join("");
    text = before + block + after;
  } else if (blockLines.length === 0) {
    text = original;
  } else {
    const last = model.lines.at(-1);
    let prefix = original;
    if (last) {
      if (last.eol === "") prefix += eol;
      if (last.text.trim() !== "") prefix += eol;
    }
    text = prefix + blockLines.map((l) => l + eol).join("");
  }
  return { text, changed: text !== original, changes, conflicts };
}

function changeFor(
  target: "sso-session" | "profile",
  name: string,
  before: Readonly<Values> | undefined,
  after: Values,
): ManagedChange {
  if (!before) return { action: "add", target, name };
  const fields = diffFields(before, after);
  return fields.length === 0
    ? { action: "unchanged", target, name }
    : { action: "update", target, name, fields };
}

/** A kept stale section's lines as they are, without the blank lines that separated it. */
function verbatim(model: ConfigModel, s: ConfigSection): string[] {
  const lines = model.lines.slice(s.start, s.end).map((l) => l.text);
  while (lines.length > 1 && lines.at(-1)!.trim() === "") lines.pop();
  return lines;
}
