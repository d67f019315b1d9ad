/** Editing `~/.aws/config`: lossless parse, keyless managed blocks, safe writes. See docs/aws-config.md. */
export {
  type ApplyManagedInput,
  type ApplyManagedResult,
  applyManagedProfiles,
  type ChangeAction,
  type ConflictReason,
  DEFAULT_SCOPES,
  type ManagedChange,
  type ManagedConflict,
  type ManagedProfile,
  type ManagedSession,
} from "./apply.ts";
export { dryRunDiff } from "./diff.ts";
export { assertEditable } from "./editable.ts";
export {
  BACKUP_SUFFIX,
  readConfigFile,
  type WriteConfigOptions,
  type WriteConfigResult,
  writeConfigFile,
} from "./file-io.ts";
export { beginMarker, endMarker } from "./markers.ts";
export type {
  ConfigLine,
  ConfigModel,
  ConfigProblem,
  ConfigSection,
  LineKind,
  ManagedBlock,
  SectionHeader,
  SectionKind,
} from "./model.ts";
export { parseConfigFile, serializeConfig, splitLines } from "./parse.ts";
export { configFilePath } from "./paths.ts";
export { DEFAULT_PROFILE_TEMPLATE, type ProfileNameVars, profileName } from "./profile-name.ts";
