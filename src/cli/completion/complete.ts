/**
 * What `keyless <words> <TAB>` may continue with, read from the registered commander program itself:
 * a command or flag added anywhere completes without editing this file. Values come from the flag or
 * argument: declared choices, profile names for a `<profile>` argument or a `--profile` style flag,
 * sso-session names for `--session` / `--sso-session`. Pure apart from the `names` it is given.
 */
import type { CommandUnknownOpts as Command, Option } from "@commander-js/extra-typings";

/** The profile and sso-session names of the user's config file (read only when asked for). */
export interface CompletionNames {
  profiles(): string[];
  sessions(): string[];
}

type ValueKind = "profile" | "session" | "none";

/** The value kind of an option or argument, by the name it carries. */
function kindOf(name: string | undefined): ValueKind {
  if (!name) return "none";
  const n = name.replace(/^-+/, "").toLowerCase();
  if (/(^|-)profile$/.test(n)) return "profile";
  if (/^(sso-)?session$/.test(n)) return "session";
  return "none";
}

/** The name inside an option's `<value>` / `[value]` placeholder. */
const placeholder = (o: Option) => /[<[]([^>\]]+)[>\]]/.exec(o.flags)?.[1];

function optionKind(o: Option): ValueKind {
  const byFlag = kindOf(o.long);
  return byFlag !== "none" ? byFlag : kindOf(placeholder(o));
}

const takesValue = (o: Option) => o.required || o.optional;

/** Visible commands, as `--help` lists them (commander's own Help decides, so hidden ones stay hidden). */
const subcommands = (cmd: Command) =>
  cmd.commands.length === 0 ? [] : cmd.createHelp().visibleCommands(cmd);

/** The options that apply at `cmd`: its own and its ancestors' (commander reads them anywhere). */
function optionsAt(cmd: Command): Option[] {
  const out: Option[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) out.push(...c.createHelp().visibleOptions(c));
  return out;
}

function findOption(cmd: Command, word: string): Option | undefined {
  return optionsAt(cmd).find((o) => o.long === word || o.short === word);
}

function findSubcommand(cmd: Command, word: string): Command | undefined {
  return subcommands(cmd).find((c) => c.name() === word || c.aliases().includes(word));
}

function values(kind: ValueKind, choices: readonly string[] | undefined, names: CompletionNames): string[] {
  if (choices?.length) return [...choices];
  if (kind === "profile") return names.profiles();
  if (kind === "session") return names.sessions();
  return [];
}

interface Position {
  cmd: Command;
  /** Operands given to `cmd` so far. */
  operands: number;
  /** The option whose value the current word is, if any. */
  valueOf: Option | undefined;
  /** After `--`: the words belong to another program (exec's command). */
  passthrough: boolean;
}

/** Walks the words before the current one: which command, how many operands, a pending option value. */
function locate(program: Command, before: string[]): Position {
  const pos: Position = { cmd: program, operands: 0, valueOf: undefined, passthrough: false };
  for (const word of before) {
    if (pos.passthrough) continue;
    if (pos.valueOf) {
      // `--profile=dev` reaches bash as `--profile`, `=`, `dev`: the `=` keeps the value pending.
      if (word !== "=") pos.valueOf = undefined;
      continue;
    }
    if (word === "--") {
      pos.passthrough = true;
      continue;
    }
    if (word.startsWith("-") && word.length > 1) {
      const [flag, inline] = word.split(/=(.*)/s);
      const opt = findOption(pos.cmd, flag as string);
      if (opt && takesValue(opt) && inline === undefined) pos.valueOf = opt;
      continue;
    }
    const sub = pos.operands === 0 ? findSubcommand(pos.cmd, word) : undefined;
    if (sub) {
      pos.cmd = sub;
      pos.operands = 0;
    } else {
      pos.operands++;
    }
  }
  return pos;
}

function operandValues(pos: Position, names: CompletionNames): string[] | undefined {
  const subs = pos.operands === 0 ? subcommands(pos.cmd) : [];
  if (subs.length) return subs.flatMap((c) => [c.name()]);
  const args = pos.cmd.registeredArguments;
  const last = args.at(-1);
  const arg = args[pos.operands] ?? (last?.variadic ? last : undefined);
  if (!arg) return undefined;
  return values(kindOf(arg.name()), arg.argChoices, names);
}

function flagWords(cmd: Command): string[] {
  return optionsAt(cmd).flatMap((o) => [o.long, o.short].filter((f): f is string => Boolean(f)));
}

/**
 * The candidates for the last of `words` (the word being typed, "" for a new one), given the words
 * after `keyless` before it. Only candidates that start with that word; none after `--`.
 */
export function complete(program: Command, words: string[], names: CompletionNames): string[] {
  const current = words.at(-1) ?? "";
  const pos = locate(program, words.slice(0, -1));
  if (pos.passthrough) return [];
  let found: string[];
  if (pos.valueOf) {
    found = values(optionKind(pos.valueOf), pos.valueOf.argChoices, names);
  } else if (current.includes("=") && current.startsWith("--")) {
    // `--profile=de` typed as one word (zsh, fish): complete the value, keep the flag in front.
    const [flag, value = ""] = current.split(/=(.*)/s);
    const opt = findOption(pos.cmd, flag as string);
    if (!opt || !takesValue(opt)) return [];
    return values(optionKind(opt), opt.argChoices, names)
      .filter((v) => v.startsWith(value))
      .map((v) => `${flag}=${v}`);
  } else if (current.startsWith("-")) {
    found = flagWords(pos.cmd);
  } else {
    // No more operands for this command: offer its flags, as there is nothing else to type.
    found = operandValues(pos, names) ?? flagWords(pos.cmd);
  }
  return [...new Set(found)].filter((c) => c.startsWith(current));
}
