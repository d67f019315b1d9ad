/** Every red-team abuse case, in one list (the runner and the figures script read it). */
import { AUDIT_STATE_CASES } from "./cases-audit-state.ts";
import { CODE_CASES } from "./cases-code.ts";
import { DATA_CASES } from "./cases-data.ts";
import { IDENTITY_CASES } from "./cases-identity.ts";
import { NETWORK_CASES } from "./cases-network.ts";
import type { AbuseCase } from "./types.ts";

export { RESIDUAL_CASES } from "./cases-residual.ts";

export const CASES: AbuseCase[] = [
  ...IDENTITY_CASES,
  ...CODE_CASES,
  ...DATA_CASES,
  ...AUDIT_STATE_CASES,
  ...NETWORK_CASES,
];
