/**
 * Terraform users type `-out=FILE` / `-out FILE`, `-target=ADDRESS` and `-auto-approve`; commander only knows
 * single-letter short flags. Rewrite those Terraform spellings to their long forms once, here.
 */
const TERRAFORM_STYLE = new Set(["out", "auto-approve", "detailed-exitcode", "json", "prune", "target"]);

export function normaliseArgv(argv: string[]): string[] {
  const out: string[] = [];
  for (const arg of argv) {
    if (arg === "--") {
      out.push(...argv.slice(argv.indexOf(arg)));
      return out;
    }
    const m = /^-([a-z][a-z-]+)(=.*)?$/.exec(arg);
    if (m?.[1] && TERRAFORM_STYLE.has(m[1])) {
      out.push(`--${m[1]}${m[2] ?? ""}`);
    } else {
      out.push(arg);
    }
  }
  return out;
}
