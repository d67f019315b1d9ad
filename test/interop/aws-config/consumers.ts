/**
 * Runs the real readers of `~/.aws/config` on a file: botocore (Python), the AWS CLI, and the JS
 * SDK's shared-ini-file-loader. Each gets an environment that points only at the given file.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { loadSharedConfigFiles } from "@smithy/core/config";

const run = promisify(execFile);

/** An environment where the only AWS configuration is `configFile`. */
export function isolatedEnv(home: string, configFile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("AWS_")) env[k] = v;
  return {
    ...env,
    HOME: home,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: `${home}/no-credentials-file`,
    PYTHONUTF8: "1",
    AWS_PAGER: "",
  };
}

export interface BotocoreView {
  readonly ok: boolean;
  readonly error?: string;
  readonly profiles?: Record<string, Record<string, unknown>>;
  readonly sso_sessions?: Record<string, Record<string, unknown>>;
  readonly services?: Record<string, Record<string, unknown>>;
}

const BOTOCORE_LOAD = `
import json, sys
from botocore.configloader import raw_config_parse, build_profile_map
out = []
for path in sys.argv[1:]:
    try:
        c = build_profile_map(raw_config_parse(path))
        out.append({"ok": True, "profiles": c["profiles"], "sso_sessions": c["sso_sessions"], "services": c["services"]})
    except Exception as e:
        out.append({"ok": False, "error": type(e).__name__ + ": " + str(e)})
print(json.dumps(out))
`;

/** botocore's configloader on each file (one Python process for all of them). */
export async function botocoreLoad(
  paths: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<BotocoreView[]> {
  const { stdout } = await run("python3", ["-c", BOTOCORE_LOAD, ...paths], { env, maxBuffer: 64 << 20 });
  return JSON.parse(stdout) as BotocoreView[];
}

const BOTOCORE_SESSION = `
import json, sys
import botocore.session
out = {"available": sorted(botocore.session.Session().available_profiles), "scoped": {}}
full = botocore.session.Session().full_config
out["sso_sessions"] = full["sso_sessions"]
for name in sys.argv[1:]:
    out["scoped"][name] = botocore.session.Session(profile=name).get_scoped_config()
print(json.dumps(out))
`;

/** A botocore Session the way boto3 builds one: profiles listed, each profile's scoped config. */
export async function botocoreSession(
  profiles: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{
  available: string[];
  sso_sessions: Record<string, Record<string, string>>;
  scoped: Record<string, Record<string, unknown>>;
}> {
  const { stdout } = await run("python3", ["-c", BOTOCORE_SESSION, ...profiles], { env });
  return JSON.parse(stdout);
}

/** The installed AWS CLI. */
export async function awsCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await run("aws", [...args], { env });
  return stdout;
}

/** The JS SDK's loader, never from its cache. */
export async function jsSdkLoad(configFile: string, home: string) {
  return loadSharedConfigFiles({
    configFilepath: configFile,
    filepath: `${home}/no-credentials-file`,
    ignoreCache: true,
  });
}
