/** Public API of the SSO login machinery (no AWS SDK here: the ports come from src/aws/sso-*.ts). */
export { type BrowserEnvironment, canOpenLocalBrowser, chooseLoginFlow } from "./browser.ts";
export { SsoLoginError, type SsoLoginFailure } from "./errors.ts";
export { type LoginOptions, type LoginResult, login } from "./login.ts";
export { type LogoutResult, logout } from "./logout.ts";
export type * from "./ports.ts";
export {
  type EnsureTokenOptions,
  type EnsureTokenResult,
  ensureValidToken,
  type LoginRequiredReason,
  loginRequiredError,
  TOKEN_REFRESH_WINDOW_MS,
} from "./refresh.ts";
export { formatCacheTimestamp, parseCacheTimestamp } from "./timestamps.ts";
export {
  type CachedToken,
  deleteTokenCache,
  readTokenCache,
  ssoCacheDir,
  type TokenCacheRead,
  tokenCacheFileName,
  tokenCachePath,
  writeTokenCache,
} from "./token-cache.ts";
export {
  type LoginFlow,
  type SsoCacheLocation,
  type SsoClock,
  type SsoSession,
  systemSsoClock,
} from "./types.ts";
