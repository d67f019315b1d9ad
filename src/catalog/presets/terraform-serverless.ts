/** terraform-serverless: Lambda functions, API Gateway APIs, EventBridge rules, buses and schedules. */
import { iamPathOf } from "../defaults.ts";
import { COMMON_DENIALS } from "../guardrails.ts";
import {
  LAMBDA_GRANT,
  LAMBDA_MANAGE,
  LAMBDA_NOT_GRANTED,
  LAMBDA_OF_MANAGED,
  lambdaPermissions,
} from "../lambda-actions.ts";
import { objectBucketNote, objectReads } from "../object-buckets.ts";
import { GUARDRAIL_PARAMETERS } from "../parameters.ts";
import { readActions } from "../read-sets.ts";
import { assemble, commonNotes } from "../render.ts";
import { onTagged } from "../scope-tag.ts";
import { allow, passRole, serviceLinkedRoles } from "../statements.ts";
import type { Preset } from "../types.ts";

export const terraformServerless: Preset = {
  name: "terraform-serverless",
  shortName: "serverless",
  purpose:
    "Lambda functions, API Gateway (REST, HTTP, WebSocket) APIs, EventBridge rules, buses and schedules",
  services: ["Lambda", "API Gateway", "EventBridge", "EventBridge Scheduler"],
  grants: [
    LAMBDA_GRANT,
    "reading Lambda code from catalog.objectBuckets",
    "API Gateway: create, change and delete APIs, stages, deployments, domain names and their settings (apigateway:POST/PUT/PATCH/DELETE); reading API keys with their values (apigateway:GET); REST API resource policies only on new APIs and on APIs tagged keyless-scope=terraform (the scope tag only at creation)",
    "EventBridge rules and targets in this account (events:TargetArn), event buses, archives, tags",
    "EventBridge Scheduler schedules and schedule groups",
    "iam:PassRole to lambda, apigateway, events and scheduler, for roles under the managed IAM path only",
    "the planning read set of Lambda, API Gateway and EventBridge",
  ],
  notGranted: [
    "lambda:InvokeFunction and events:PutEvents (running workloads, not managing them)",
    LAMBDA_NOT_GRANTED,
    "EventBridge bus permissions and resource policies (they let other accounts put events); targets in other accounts (also denied)",
    "EventBridge connections and API destinations (they hold third-party credentials)",
    "Step Functions, SQS and SNS (not in this domain; add statements if a stack needs them)",
  ],
  denies: [...COMMON_DENIALS],
  cannotPrevent: [
    "changes to another team's APIs, stages, integrations and custom domain mappings in the same account (only REST API resource policies are fenced by the scope tag): traffic to their API can be pointed elsewhere. Closes with: one account per team; custom domains in a separate account.",
    "targets added to another team's EventBridge rules in this account (events to the holder's own function). Closes with: one account per team.",
    "an event source mapping that feeds a queue or stream into another team's function (CreateEventSourceMapping has no function resource, only lambda:FunctionArn, which carries no tags).",
    "API key values: apigateway:GET returns them to this set (Terraform reads them to refresh aws_api_gateway_api_key); terraform-core does not get them.",
  ],
  parameters: GUARDRAIL_PARAMETERS,
  render(p) {
    return assemble(
      [
        allow("Serverless", [
          ...readActions("serverless"),
          ...LAMBDA_MANAGE,
          "apigateway:POST",
          "apigateway:PUT",
          "apigateway:PATCH",
          "apigateway:DELETE",
          "events:PutRule",
          "events:DeleteRule",
          "events:EnableRule",
          "events:DisableRule",
          "events:PutTargets",
          "events:RemoveTargets",
          "events:*EventBus",
          "events:*Archive",
          "events:TagResource",
          "events:UntagResource",
          "scheduler:Create*",
          "scheduler:Update*",
          "scheduler:Delete*",
          "scheduler:TagResource",
          "scheduler:UntagResource",
        ]),
        // A REST API's resource policy decides who else may call it: on a new API (the collection it
        // is created in) or on APIs tagged at creation.
        allow("NewRestApiPolicies", ["apigateway:UpdateRestApiPolicy"], "arn:aws:apigateway:*::/restapis"),
        onTagged("RestApiPolicies", ["apigateway:UpdateRestApiPolicy"], "arn:aws:apigateway:*::/restapis/*"),
        onTagged("LambdaOfManagedFunctions", LAMBDA_OF_MANAGED),
        lambdaPermissions(),
        ...objectReads(p),
        passRole(iamPathOf(p), [
          "lambda.amazonaws.com",
          "apigateway.amazonaws.com",
          "events.amazonaws.com",
          "scheduler.amazonaws.com",
        ]),
        serviceLinkedRoles(["ops.apigateway.amazonaws.com"]),
      ],
      p,
      [...commonNotes(p), ...objectBucketNote(p)],
    );
  },
};
