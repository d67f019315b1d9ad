/**
 * A small `.gitignore` matcher: the patterns people write (`*`, `?`, `[abc]`, `**`, a leading or
 * inner `/` anchoring to the file's directory, a trailing `/` for directories only, `!` to
 * re-include, `\#` / `\!` escapes), and git's precedence: the last matching pattern wins, and a
 * deeper `.gitignore` is consulted after (so over) the ones above it. As in git, a file inside an
 * ignored directory cannot be re-included: the walker never enters that directory.
 */

export interface IgnoreRule {
  regex: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

/** The rules of one `.gitignore`, matched against paths relative to its directory. */
export interface IgnoreFile {
  /** Directory of the `.gitignore`, relative to the scan root, posix, "" for the root. */
  base: string;
  rules: IgnoreRule[];
}

export function parseGitignore(text: string, base: string): IgnoreFile {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, "");
    if (line === "" || line.startsWith("#")) continue;
    let negate = false;
    if (line.startsWith("!")) {
      negate = true;
      line = line.slice(1);
    } else if (line.startsWith("\\!") || line.startsWith("\\#")) line = line.slice(1);
    let dirOnly = false;
    if (line.endsWith("/")) {
      dirOnly = true;
      line = line.slice(0, -1);
    }
    if (line === "") continue;
    const anchored = line.includes("/");
    if (line.startsWith("/")) line = line.slice(1);
    const body = globToRegExpSource(line);
    rules.push({ regex: new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`), negate, dirOnly });
  }
  return { base, rules };
}

/**
 * The regular expression source for a glob: `*` and `?` stay within one path segment, `**` spans
 * segments (`a/**` = everything in a, `**\/b` = b at any depth, `a/**\/b` = zero or more between).
 */
export function globToRegExpSource(glob: string): string {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === "*") {
      if (glob[i + 1] === "*") {
        const atStart = i === 0 || glob[i - 1] === "/";
        const next = glob[i + 2];
        if (atStart && next === "/") {
          out += "(?:.*/)?";
          i += 2;
          continue;
        }
        if (atStart && next === undefined) {
          out += ".*";
          i += 1;
          continue;
        }
        out += "[^/]*";
        i += 1;
        continue;
      }
      out += "[^/]*";
    } else if (ch === "?") out += "[^/]";
    else if (ch === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end === -1) out += "\\[";
      else {
        let cls = glob.slice(i + 1, end).replace(/\\/g, "\\\\");
        if (cls.startsWith("!")) cls = `^${cls.slice(1)}`;
        out += `[${cls}]`;
        i = end;
      }
    } else if (ch === "\\" && i + 1 < glob.length) {
      out += escapeRegExp(glob[i + 1]!);
      i++;
    } else out += escapeRegExp(ch);
  }
  return out;
}

/** A glob matched against a whole path (for allow lists): `**` spans directories, `*` does not. */
export function globMatcher(glob: string): (path: string) => boolean {
  const re = new RegExp(`^${globToRegExpSource(glob.replace(/^\.\//, ""))}$`);
  return (path) => re.test(path);
}

function escapeRegExp(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}

/**
 * Whether `path` (relative to the scan root, posix) is ignored by the stack of `.gitignore` files
 * that apply to its directory, outermost first.
 */
export function isIgnored(stack: readonly IgnoreFile[], path: string, isDir: boolean): boolean {
  let ignored = false;
  for (const file of stack) {
    let rel: string;
    if (file.base === "") rel = path;
    else if (path.startsWith(`${file.base}/`)) rel = path.slice(file.base.length + 1);
    else continue;
    for (const rule of file.rules) {
      if (rule.dirOnly && !isDir) continue;
      if (rule.negate !== ignored) continue; // cannot change the outcome
      if (rule.regex.test(rel)) ignored = !rule.negate;
    }
  }
  return ignored;
}
