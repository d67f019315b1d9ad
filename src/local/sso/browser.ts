/**
 * Which flow to use. The authorization-code flow needs a browser on this machine (its loopback
 * callback must reach this process); over SSH or on a Linux box without a display, nobody can open
 * one, so keyless falls back to the device code flow, which any browser anywhere can complete.
 */
import type { LoginFlow } from "./types.ts";

export interface BrowserEnvironment {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
}

/** False when no local browser can be shown: an SSH session without a display, or Linux without X/Wayland. */
export function canOpenLocalBrowser({ env, platform }: BrowserEnvironment): boolean {
  const display = Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
  const ssh = Boolean(env.SSH_CONNECTION || env.SSH_CLIENT || env.SSH_TTY);
  if (ssh && !display) return false;
  if ((platform === "linux" || platform === "freebsd" || platform === "openbsd") && !display) return false;
  return true;
}

/** `--use-device-code` wins; otherwise auth-code when a local browser is possible, else device code. */
export function chooseLoginFlow(useDeviceCode: boolean, where: BrowserEnvironment): LoginFlow {
  if (useDeviceCode) return "device";
  return canOpenLocalBrowser(where) ? "auth-code" : "device";
}
