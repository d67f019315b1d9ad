/**
 * Opens a URL in the user's browser with the platform's opener (or a command the user names),
 * detached so keyless never waits for the browser. Resolves false when the opener cannot be started
 * (login then relies on the printed URL; console says to use --print).
 */
import { spawn } from "node:child_process";

export function openBrowser(url: string, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  const argv =
    platform === "darwin"
      ? ["open"]
      : platform === "win32"
        ? ["rundll32", "url.dll,FileProtocolHandler"]
        : ["xdg-open"];
  return openWith(argv, url);
}

/** Runs `argv` with the URL as its last argument, detached; false when it cannot be started. */
export function openWith(argv: string[], url: string): Promise<boolean> {
  const [cmd, ...args] = argv;
  if (!cmd) return Promise.resolve(false);
  return new Promise((resolve) => {
    try {
      const child = spawn(cmd, [...args, url], { stdio: "ignore", detached: true });
      child.once("error", () => resolve(false));
      child.once("spawn", () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
