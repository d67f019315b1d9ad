/** `keyless doctor`: the checks, their runner and output. See docs/doctor.md. */
export { defaultDoctorDeps } from "./deps.ts";
export { DOCTOR_CHECKS } from "./registry.ts";
export { renderHuman, renderJson, summarise, summaryLine } from "./render.ts";
export { CHECK_TIMEOUT_MS, type DoctorInput, runChecks } from "./run.ts";
export type {
  CheckOutcome,
  CheckResult,
  CheckStatus,
  DoctorCheck,
  DoctorContext,
  DoctorDeps,
  ServerDate,
  ToolRun,
} from "./types.ts";
