/**
 * Checks what `keyless configure` is given before any network call: the start URL (https, an AWS
 * access portal host, or a vanity URL accepted with a warning), the SSO region, and the session name
 * derived from the URL. A wrong start URL would otherwise surface only as an obscure OIDC error
 * after a browser round trip.
 */
import { KeylessError } from "../../errors/keyless-error.ts";

/** Region names as AWS spells them (eu-central-1, us-gov-west-1, ap-southeast-4). */
const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const AWSAPPS_HOST = /^[a-z0-9][a-z0-9-]*\.awsapps\.com$/;
const PORTAL_HOST = /^[a-z0-9][a-z0-9-]*\.portal\.([a-z]{2}(?:-[a-z]+)+-\d+)\.app\.aws$/;

export function checkRegion(region: string, flag = "--region"): void {
  if (!REGION_RE.test(region)) {
    throw new KeylessError("USAGE", `${flag} "${region}" is not an AWS region name`, {
      hint: `For example: ${flag} eu-central-1 (the region where IAM Identity Center is enabled).`,
    });
  }
}

export interface CheckedStartUrl {
  /** The URL to write: `https://host/path` without query, fragment or trailing slash. */
  url: string;
  /** Set for a host that is not an AWS access portal host. */
  warning?: string | undefined;
}

const EXAMPLE = "https://d-1234567890.awsapps.com/start";

export function checkStartUrl(raw: string, region: string): CheckedStartUrl {
  const bad = (why: string) =>
    new KeylessError("USAGE", `--start-url "${raw}" ${why}`, {
      hint: `Use your AWS access portal URL, for example ${EXAMPLE} (IAM Identity Center console → Settings).`,
    });
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw bad("is not a URL");
  }
  if (/\s/.test(raw.trim())) throw bad("contains spaces");
  if (u.protocol !== "https:") throw bad("must start with https://");
  if (u.username || u.password) throw bad("must not contain a user name or password");
  if (u.port) throw bad("must not name a port");
  const host = u.hostname.toLowerCase();
  const path = u.pathname.replace(/\/+$/, "");
  const url = `https://${host}${path}`;
  if (AWSAPPS_HOST.test(host)) {
    if (path !== "/start") throw bad("should end in /start on an awsapps.com host");
    return { url };
  }
  if (host.endsWith(".awsapps.com")) throw bad("has an unexpected awsapps.com host");
  const portal = PORTAL_HOST.exec(host);
  if (portal) {
    if (portal[1] !== region) {
      throw new KeylessError(
        "USAGE",
        `--start-url is a portal in ${portal[1]} but --region is ${region}; the SSO region must be the portal's`,
        { hint: `Use --region ${portal[1]}.` },
      );
    }
    return { url };
  }
  if (host.endsWith(".app.aws") || host.endsWith(".amazonaws.com") || host.endsWith(".aws")) {
    throw bad("is not an AWS access portal host");
  }
  if (!host.includes(".")) throw bad("has no domain");
  return {
    url,
    warning: `${host} is not an AWS access portal host (*.awsapps.com or *.portal.<region>.app.aws); using it as a vanity start URL. If sign-in fails, use the portal URL from the IAM Identity Center console.`,
  };
}

/** `d-1234567890` for https://d-1234567890.awsapps.com/start: the first label of the host. */
export function defaultSessionName(url: string): string {
  const label = new URL(url).hostname.split(".")[0] ?? "";
  const name = label.replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^-+|-+$/g, "");
  return name || "keyless";
}
