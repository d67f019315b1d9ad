/**
 * Where the shared config file is: `AWS_CONFIG_FILE` (with `~` expanded, as botocore and the JS and Go
 * SDKs do) or `<home>/.aws/config`. keyless never reads or writes the credentials file.
 */
import { join } from "node:path";

export function configFilePath(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const fromEnv = env["AWS_CONFIG_FILE"];
  if (fromEnv) {
    if (fromEnv === "~") return home;
    if (fromEnv.startsWith("~/")) return join(home, fromEnv.slice(2));
    return fromEnv;
  }
  return join(home, ".aws", "config");
}
