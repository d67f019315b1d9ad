/**
 * A red-team abuse case: the decisive request of something a malicious or compromised holder would
 * try outside its domain (escalation, sharing, redirecting, exfiltrating, destroying, tag hops). The
 * runner evaluates it with the real IAM evaluator (test/helpers/iam-eval.ts) for every preset and
 * asserts it is not allowed; a `guard` case must also be denied explicitly with AdministratorAccess
 * attached to the same permission set (a guardrail holds whatever else is attached).
 */
import type { PresetParams } from "../../../../src/catalog/types.ts";
import type { EvalPolicies, EvalRequest } from "../../../helpers/iam-eval.ts";

export type AbuseClass =
  | "static credentials"
  | "privilege escalation"
  | "code execution"
  | "tag hop"
  | "configuration to data"
  | "audit"
  | "state"
  | "identity"
  | "sharing with another account"
  | "redirecting traffic or names"
  | "sending events, logs or data out"
  | "destroying backups"
  | "taking over what fronts other teams"
  | "region";

export interface AbuseCase {
  id: string;
  class: AbuseClass;
  /** What the holder tries, and the chain it would complete. */
  title: string;
  /** Issue 10's finding this comes from, when it does. */
  finding?: number;
  /** The request that must not be allowed (principal: the preset's Identity Center role). */
  request: Omit<EvalRequest, "principal">;
  /** A resource policy the holder wrote or found (bucket, table, key, trust policy). */
  resourcePolicy?: object;
  /** Denied by a common guardrail: must hold with AdministratorAccess attached. */
  guard: boolean;
  /** Presets to check (short names); default all eight. */
  presets?: string[];
  /** Parameters that differ from the suite's (merged). */
  params?: PresetParams;
}

/**
 * A case that no permission set can close (the request is not the holder's, or the policy content
 * has no condition key), evaluated with the policies that are its closing layer.
 */
export interface ResidualCase {
  id: string;
  class: AbuseClass;
  title: string;
  finding?: number;
  /** How it closes: the permissions boundary on roles terraform-iam creates, or an organisation policy. */
  closedBy: "boundary" | "rcp" | "scp";
  /** The evaluation, given the suite's parameters (boundary, RCP, SCP rendered from them). */
  build(params: PresetParams): { policies: EvalPolicies; request: EvalRequest };
  /** Also show the layer is what closes it: without it the request is allowed. */
  openWithout: boolean;
}
