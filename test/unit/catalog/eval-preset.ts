/** Evaluates a request against a rendered preset with the real IAM evaluator (test/helpers/iam-eval.ts). */
import { findPreset } from "../../../src/catalog/registry.ts";
import type { PresetParams } from "../../../src/catalog/types.ts";
import {
  ADMINISTRATOR_ACCESS,
  ADMINISTRATOR_ACCESS_ARN,
  type Decision,
  type EvalRequest,
  type EvalResult,
  evaluate,
  permissionSetPolicies,
  ssoRoleArn,
} from "../../helpers/iam-eval.ts";

export interface PresetRequest extends Omit<EvalRequest, "principal"> {
  /** Attach AdministratorAccess to the same permission set. */
  admin?: boolean;
  resourcePolicy?: object;
}

export async function evalPreset(
  name: string,
  params: PresetParams,
  req: PresetRequest,
): Promise<EvalResult> {
  const preset = findPreset(name);
  if (!preset) throw new Error(`no preset ${name}`);
  const { admin, resourcePolicy, ...request } = req;
  const identity = permissionSetPolicies(
    preset.render(params).inlinePolicy,
    admin ? { [ADMINISTRATOR_ACCESS_ARN]: ADMINISTRATOR_ACCESS } : {},
  );
  return evaluate(
    { identity, ...(resourcePolicy && { resourcePolicy }) },
    { ...request, principal: ssoRoleArn(preset.name) },
  );
}

export async function decide(name: string, params: PresetParams, req: PresetRequest): Promise<Decision> {
  return (await evalPreset(name, params, req)).decision;
}
