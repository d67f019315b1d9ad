/**
 * Runs a command through `keyless exec PROFILE -- ...` as the user runs it (a child process of the
 * built bin/keyless.js) and shows it: the command line, then its output trimmed as below, in full
 * when the command failed.
 */
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const BIN = join(root, "bin", "keyless.js");

export interface Run {
  code: number;
  /** stdout and stderr, in arrival order. */
  output: string;
}

export type Show = (cmd: string[]) => Promise<Run>;

/** How a shell user would type the word. */
function shellWord(word: string): string {
  return /^[\w./:=@%+,-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

function keylessExec(profile: string, cwd: string, env: NodeJS.ProcessEnv, cmd: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "exec", profile, "--", ...cmd], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (d: Buffer) => {
      output += d.toString("utf8");
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

/** `keyless exec PROFILE -- CMD` in `cwd`, shown as it runs. */
export function execShower(profile: string, cwd: string, env: NodeJS.ProcessEnv): Show {
  return async (cmd) => {
    process.stdout.write(`$ keyless exec ${profile} -- ${cmd.map(shellWord).join(" ")}\n`);
    const res = await keylessExec(profile, cwd, env, cmd);
    process.stdout.write(res.code === 0 ? trimOutput(res.output) : res.output);
    process.stdout.write(`(exit ${res.code})\n`);
    return res;
  };
}

/*
 * Terraform's output as the demo shows it: without blank lines and without the advice paragraphs
 * Terraform prints for people new to it (lock file, symbols, next steps); what is left of a long
 * output is its head and tail.
 */

/** A paragraph starting with `start` is left out up to the next blank line, or up to `until`. */
const ADVICE: Array<{ start: RegExp; until?: RegExp }> = [
  // A provider from a local mirror has checksums for this platform only: true, and beside the point.
  { start: /^Warning: Incomplete lock file information/, until: /^Terraform has been successfully/ },
  { start: /^Terraform has created a lock file/ },
  { start: /^Terraform used the selected providers/ },
  { start: /^To perform exactly these actions/ },
  { start: /^You may now begin working with Terraform/ },
];

export function trimOutput(text: string, max = 30): string {
  const lines = text.split("\n").map((l) => l.replace(/\s+$/, ""));
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const advice = ADVICE.find((a) => a.start.test(line.trim()));
    if (advice !== undefined) {
      while (i + 1 < lines.length) {
        const next = lines[i + 1] as string;
        if (advice.until ? advice.until.test(next.trim()) : next.trim() === "") break;
        i++;
      }
      continue;
    }
    if (line.trim() !== "") kept.push(line);
  }
  let shown = kept;
  if (kept.length > max) {
    const tail = kept.slice(-10);
    const head = kept.slice(0, max - 10);
    shown = [...head, `[... ${kept.length - head.length - tail.length} lines ...]`, ...tail];
  }
  return shown.map((l) => `  ${l}\n`).join("");
}
