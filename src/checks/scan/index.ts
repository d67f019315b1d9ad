/** Finding static AWS credentials: the detectors, the tree scan and the renderers behind `keyless scan`. */
export { type AllowEntry, applyAllowList, FINDING_KINDS, loadAllowFile, parseAllowList } from "./allow.ts";
export { credentialsFilePath, scanAwsFiles } from "./aws-files.ts";
export { allowPath, shownLocation } from "./display.ts";
export { scanEnvironment } from "./env.ts";
export { EXAMPLE_FIX, FIXES } from "./fixes.ts";
export { toJson } from "./json.ts";
export { maskValue } from "./masks.ts";
export { renderScan } from "./render.ts";
export { fixFor, type ScanReport, type ScanSummary, sortFindings, summarise } from "./report.ts";
export { toSarif } from "./sarif.ts";
export {
  DEFAULT_MAX_FILE_BYTES,
  newTreeStats,
  scanTree,
  type TreeScanOptions,
  type TreeScanResult,
  type TreeScanStats,
} from "./scan-tree.ts";
export {
  type Finding,
  type FindingKind,
  type FindingLocation,
  isFailing,
  type ScanProblem,
  type Severity,
} from "./types.ts";
