/**
 * Evaluates a recording against the presets with the real evaluator (iam-eval.ts): each call is
 * translated (iam-request.ts) and every IAM request it needs is evaluated against the rendered
 * inline policy of the permission set that signed it:
 * - `backend` (the S3 backend's profile) → terraform-core;
 * - `provider` (the stack's profile) → the stack's domain preset;
 * - `core-plan`: the provider's calls during `terraform plan` once more against terraform-core,
 *   which docs/permission-sets.md says can plan every domain alone.
 * Presets are rendered from a keyless.yaml like the shipped example's (state backend in the
 * emulator's account, KMS key under alias/keyless-tfstate, allowedRegions, iamPath, boundary, the
 * stack's artifact bucket under catalog.objectBuckets), with
 * `stateBackend.keyPrefix: env/` ("set") or without it ("unset"). The state bucket and key are
 * evaluated with keyless's own bucket and key policies (resourcePolicyFor).
 */
import { configPresetParams, findPreset, type PresetParams } from "../../src/catalog/index.ts";
import { bucketPolicyStatements, keyPolicyStatements } from "../../src/engine/diff-state-backend-policy.ts";
import {
  type Decision,
  type EvalResult,
  evaluate,
  type MatchedStatement,
  permissionSetPolicies,
  ssoRoleArn,
} from "./iam-eval.ts";
import { CallTranslator, type IamRequest, type TranslateEnv } from "./iam-request.ts";
import type { CallFixture } from "./terraform-calls-format.ts";
import { KEY_PREFIX, STATE_KMS_ALIAS } from "./terraform-calls-stacks.ts";

export type KeyPrefixVariant = "set" | "unset";
export type Check = "backend" | "provider" | "core-plan";

export interface RequestVerdict {
  stack: string;
  /** `apply`, `plan`, `apply (after editing main.tf)`, ... */
  step: string;
  check: Check;
  keyPrefix: KeyPrefixVariant;
  /** The permission set evaluated (`terraform-core`). */
  permissionSet: string;
  /** The call's API operation. */
  operation: string;
  request: IamRequest;
  decision: Decision;
  allowedBy: MatchedStatement[];
  deniedBy: MatchedStatement[];
}

/** The key prefix variants a recording can be evaluated under: its key must lie under the prefix. */
export function variantsOf(fixture: CallFixture): KeyPrefixVariant[] {
  return fixture.backend.keyPrefix === KEY_PREFIX ? ["unset", "set"] : ["unset"];
}

/** A keyless.yaml document for the recording's state backend and catalog. */
export function configFor(fixture: CallFixture, variant: KeyPrefixVariant): Record<string, unknown> {
  const stateBackend: Record<string, unknown> = {
    account: "state",
    region: fixture.region,
    locking: fixture.backend.locking,
    encryption: { type: "kms", alias: STATE_KMS_ALIAS },
  };
  if (fixture.backend.dynamodbTable) stateBackend.dynamodbTable = fixture.backend.dynamodbTable;
  if (variant === "set") stateBackend.keyPrefix = KEY_PREFIX;
  const catalog: Record<string, unknown> = {
    allowedRegions: [fixture.region],
    iamPath: fixture.catalog.iamPath,
    permissionsBoundary: fixture.catalog.permissionsBoundary,
  };
  // Lambda code from S3 is read with the caller's permissions: keyless.yaml lists such buckets.
  const artifacts = fixture.setupOutputs?.artifact_bucket;
  if (typeof artifacts === "string") catalog.objectBuckets = [artifacts];
  return { accounts: { state: fixture.account }, catalog, stateBackend };
}

export function presetParamsFor(fixture: CallFixture, variant: KeyPrefixVariant): PresetParams {
  return configPresetParams(configFor(fixture, variant));
}

/** What the translator needs to know that the calls do not show (the setup's outputs, the state key). */
export function translateEnvFor(fixture: CallFixture): TranslateEnv {
  const env: TranslateEnv = { account: fixture.account };
  const key = fixture.backend.kmsKeyArn;
  if (key) {
    env.kmsAliases = { [key]: [STATE_KMS_ALIAS] };
    env.bucketKeys = { [fixture.backend.bucket]: key };
  }
  const out = fixture.setupOutputs ?? {};
  if (typeof out.instance_profile === "string" && typeof out.instance_profile_role_arn === "string") {
    env.instanceProfileRoles = { [out.instance_profile]: out.instance_profile_role_arn };
  }
  return env;
}

/**
 * The resource policy AWS evaluates with the identity policy: keyless's own bucket and key policies
 * for the state bucket and key (src/engine, as `keyless apply` writes them, with terraform-core as
 * the set that uses the state), the default key policy (the account's IAM policies decide) for any
 * other KMS key, none otherwise (same-account S3 and the rest need only the identity policy).
 */
export function resourcePolicyFor(fixture: CallFixture, request: IamRequest): object | undefined {
  const { bucket, kmsKeyArn } = fixture.backend;
  const doc = (Statement: unknown[]) => ({ Version: "2012-10-17", Statement });
  if (request.action.startsWith("kms:") && request.resource.startsWith("arn:aws:kms:")) {
    if (request.resource === kmsKeyArn) {
      return doc(keyPolicyStatements(fixture.account, fixture.region, ["terraform-core"]));
    }
    const root = `arn:aws:iam::${fixture.account}:root`;
    return doc([
      { Sid: "EnableIamPolicies", Effect: "Allow", Principal: { AWS: root }, Action: "kms:*", Resource: "*" },
    ]);
  }
  if (
    request.action.startsWith("s3:") &&
    (request.resource === `arn:aws:s3:::${bucket}` || request.resource.startsWith(`arn:aws:s3:::${bucket}/`))
  ) {
    const encryption = kmsKeyArn
      ? { algorithm: "aws:kms" as const, keyArn: kmsKeyArn }
      : { algorithm: "AES256" as const };
    return doc(bucketPolicyStatements(bucket, fixture.region, encryption));
  }
  return undefined;
}

const stepName = (command: string, note?: string) => (note ? `${command} (${note})` : command);

/** Every IAM request of the recording with its decision, for one key prefix variant. */
export async function evaluateFixture(
  fixture: CallFixture,
  variant: KeyPrefixVariant,
): Promise<RequestVerdict[]> {
  const params = presetParamsFor(fixture, variant);
  const policyOf = (preset: string) => {
    const p = findPreset(preset);
    if (!p) throw new Error(`${fixture.stack}: unknown preset ${preset}`);
    return { name: p.name, policies: { identity: permissionSetPolicies(p.render(params).inlinePolicy) } };
  };
  const core = policyOf("core");
  const domain = policyOf(fixture.preset);
  const translator = new CallTranslator(translateEnvFor(fixture));
  const out: RequestVerdict[] = [];
  // Terraform repeats calls (every step reads the state, takes the lock): evaluate each request once.
  const cache = new Map<string, Promise<EvalResult>>();
  for (const phase of fixture.phases) {
    const step = stepName(phase.command, phase.note);
    for (const call of phase.calls) {
      const translated = await translator.translate(call);
      const checks: Array<[Check, typeof core]> =
        call.signer === "backend" ? [["backend", core]] : [["provider", domain]];
      if (call.signer === "provider" && phase.command === "plan") checks.push(["core-plan", core]);
      for (const request of translated.requests) {
        for (const [check, set] of checks) {
          const key = JSON.stringify([set.name, request.action, request.resource, request.context]);
          let pending = cache.get(key);
          if (!pending) {
            const resourcePolicy = resourcePolicyFor(fixture, request);
            const policies = resourcePolicy ? { ...set.policies, resourcePolicy } : set.policies;
            pending = evaluate(policies, {
              action: request.action,
              resource: request.resource,
              principal: ssoRoleArn(set.name, fixture.account, fixture.region),
              context: request.context,
            });
            cache.set(key, pending);
          }
          const result = await pending;
          out.push({
            stack: fixture.stack,
            step,
            check,
            keyPrefix: variant,
            permissionSet: set.name,
            operation: translated.operation,
            request,
            decision: result.decision,
            allowedBy: result.allowedBy,
            deniedBy: result.deniedBy,
          });
        }
      }
    }
  }
  return out;
}
