/** The apply executor's public surface. */

export { type ApplicablePlan, assertApplicable } from "./assert-applicable.ts";
export { type Clock, systemClock } from "./clock.ts";
export type { ApplyEvent, ApplyEventListener, ApplySummary, ChangeError } from "./events.ts";
export { applyPlan } from "./executor.ts";
export type { ApplyOptions } from "./options.ts";
export type { ApplyResult, ChangeResult, ChangeStatus } from "./result.ts";
