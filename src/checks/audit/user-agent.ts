/**
 * A short label for a user agent, for the table column: the tool and version for SDKs and CLIs
 * (`aws-cli/2.17.20 sso.login`, `Terraform/1.9.8`), browser, version and OS for browsers (`Chrome 138 (macOS)`).
 * The full string stays in --json / --csv.
 */

const MAX = 40;

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\/(\d+)/, "Edge"],
  [/\bFirefox\/(\d+)/, "Firefox"],
  [/\bChrome\/(\d+)/, "Chrome"],
  [/\bVersion\/(\d+)[\d.]*.*\bSafari\//, "Safari"],
];

const SYSTEMS: [RegExp, string][] = [
  [/\bWindows NT\b/, "Windows"],
  [/\b(iPhone|iPad)\b/, "iOS"],
  [/\bMac OS X\b/, "macOS"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bLinux\b/, "Linux"],
];

function truncate(text: string): string {
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}

export function shortenUserAgent(ua: string): string {
  const text = ua.trim();
  if (text === "") return "-";
  if (/^Mozilla\//.test(text)) {
    const browser = BROWSERS.map(([re, name]) => {
      const m = re.exec(text);
      return m ? `${name} ${m[1]}` : undefined;
    }).find(Boolean);
    const os = SYSTEMS.find(([re]) => re.test(text))?.[1];
    if (browser) return os ? `${browser} (${os})` : browser;
    return truncate(text);
  }
  const terraform = /\bTerraform\/([\w.+-]+)/.exec(text);
  if (terraform) return `Terraform/${terraform[1]}`;
  const first = text.split(/\s+/)[0] ?? text;
  if (/^[\w.@-]+\/[\w.+-]+$/.test(first)) {
    const command = /\bcommand[/#]([\w.-]+)/.exec(text)?.[1];
    return truncate(command ? `${first} ${command}` : first);
  }
  return truncate(text);
}
