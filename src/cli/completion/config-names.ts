/**
 * Profile and sso-session names for completion, from the shared config file (AWS_CONFIG_FILE or
 * ~/.aws/config) as botocore reads it. Read once, lazily, and never an error: a missing or broken file
 * completes nothing rather than printing into the user's command line.
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { parseConfigFile } from "../../local/aws-config/parse.ts";
import { configFilePath } from "../../local/aws-config/paths.ts";
import type { CompletionNames } from "./complete.ts";

export function configNames(env: Readonly<Record<string, string | undefined>>): CompletionNames {
  let read: { profiles: string[]; sessions: string[] } | undefined;
  const load = () => {
    if (read) return read;
    read = { profiles: [], sessions: [] };
    try {
      const home = env.HOME || env.USERPROFILE || homedir();
      const model = parseConfigFile(readFileSync(configFilePath(env, home), "utf8"));
      for (const s of model.sections) {
        if (s.header.kind === "default") read.profiles.push("default");
        else if (s.header.kind === "profile") read.profiles.push(s.header.name);
        else if (s.header.kind === "sso-session") read.sessions.push(s.header.name);
      }
    } catch {
      // No file, no permission: nothing to offer.
    }
    return read;
  };
  return { profiles: () => load().profiles, sessions: () => load().sessions };
}
