/**
 * `keyless console [PROFILE]`: the AWS console in the browser, signed in as the profile's role. The
 * role credentials come as for exec (signing in first on a terminal when the session needs it), are
 * exchanged at the partition's federation endpoint for a sign-in token, and the login URL goes to the
 * browser. That URL is as powerful as the credentials for 15 minutes: it reaches stdout only with
 * --print, and no message, error or log carries it.
 */
import { loadAwsConfig, profileCredentials, resolveProfile } from "../app/developer-session.ts";
import type { CliIO } from "../cli/io.ts";
import { EXIT, KeylessError } from "../errors/keyless-error.ts";
import { canOpenLocalBrowser } from "../local/sso/index.ts";
import { autoSignIn, mayAutoSignIn } from "./developer/auto-sign-in.ts";
import {
  checkService,
  consoleDestination,
  federationEndpoint,
  federationOverride,
  loginUrl,
  partitionOf,
} from "./developer/console-url.ts";
import { openBrowser, openWith } from "./developer/open-browser.ts";
import { defaultProfile } from "./whoami.ts";

export interface ConsoleOptions {
  profile?: string | undefined;
  /** Print the URL instead of opening it. */
  print?: boolean | undefined;
  service?: string | undefined;
  region?: string | undefined;
  /** A command to open the URL with (the URL is its last argument). */
  browser?: string | undefined;
  /** false with --no-sign-in. */
  signIn?: boolean | undefined;
}

export async function runConsole(opts: ConsoleOptions, io: CliIO): Promise<number> {
  // Everything that can be wrong with the input is found before any AWS call.
  const { model } = await loadAwsConfig(io);
  const profile = opts.profile ?? defaultProfile(model, io.env);
  const resolved = resolveProfile(model, profile);
  const partition = partitionOf(
    resolved.session.region,
    `sso_region of sso-session ${resolved.session.name}`,
  );
  if (opts.region !== undefined && partitionOf(opts.region, "--region") !== partition) {
    throw new KeylessError(
      "USAGE",
      `--region "${opts.region}" is not in the ${partition} partition of profile "${profile}"`,
      { hint: `Choose a region of the ${partition} partition, where the account is.` },
    );
  }
  const service = opts.service === undefined ? undefined : checkService(opts.service);
  const browser = opts.browser === undefined ? undefined : browserCommand(opts.browser);
  const override = io.env.KEYLESS_FEDERATION_ENDPOINT;
  const endpoint = override ? federationOverride(override) : federationEndpoint(partition);
  if (!opts.print && !browser && !canOpenLocalBrowser({ env: io.env, platform: process.platform })) {
    throw new KeylessError("USAGE", "no browser can be opened here (no display, or an SSH session)", {
      hint: `Run \`keyless console ${profile} --print\` and open the URL in a browser yourself (it is valid for 15 minutes and signs in as the role: do not share it), or name a browser with --browser CMD.`,
    });
  }

  const pc = await profileCredentials(io, profile, {
    signIn: autoSignIn(io, mayAutoSignIn(io, opts.signIn)),
  });
  const { getSigninToken } = await import("../aws/federation.ts");
  const token = await getSigninToken(endpoint, pc.credentials);
  const region = opts.region ?? pc.region;
  const url = loginUrl(
    endpoint,
    resolved.session.startUrl,
    consoleDestination(partition, region, service),
    token,
  );
  if (opts.print) {
    io.out(`${url}\n`);
    return EXIT.OK;
  }
  const opened = browser ? await openWith(browser, url) : await openBrowser(url);
  const who = `role ${pc.resolved.roleName} in account ${pc.resolved.accountId} (profile ${profile})`;
  if (!opened) {
    const what = browser ? `--browser "${opts.browser}"` : "the system's browser opener";
    throw new KeylessError("USAGE", `could not start ${what} to open the AWS console as ${who}`, {
      hint: `Check the command, or run \`keyless console ${profile} --print\` and open the URL yourself.`,
    });
  }
  io.out(`Opened the AWS console as ${who}${service ? `, on ${service}` : ""} in ${region}.\n`);
  return EXIT.OK;
}

/** --browser CMD: a command and its arguments, split at spaces (no shell quoting). */
function browserCommand(value: string): string[] {
  const argv = value.trim().split(/\s+/).filter(Boolean);
  if (argv.length === 0) {
    throw new KeylessError("USAGE", "--browser is empty", {
      hint: 'Name the browser command, e.g. --browser firefox or --browser "firefox --private-window".',
    });
  }
  return argv;
}
