/** terraform-serverless: Lambda functions, API Gateway APIs, EventBridge rules, buses and schedules. */
import { iamPathOf } from "../defaults.ts";
import { COMMON_DENIALS } from "../guardrails.ts";
import { LAMBDA_GRANT, lambdaStatements } from "../lambda-actions.ts";
import { readActions } from "../read-sets.ts";
import { assemble, commonNotes } from "../render.ts";
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
    "API Gateway: create, change and delete APIs, stages, deployments, domain names and their settings (apigateway:POST/PUT/PATCH/DELETE)",
    "EventBridge rules and targets, event buses, archives, bus permissions and resource policies, tags",
    "EventBridge Scheduler schedules and schedule groups",
    "iam:PassRole to lambda, apigateway, events and scheduler, for roles under the managed IAM path only",
    "the planning read set of Lambda, API Gateway and EventBridge",
  ],
  notGranted: [
    "lambda:InvokeFunction and events:PutEvents (running workloads, not managing them)",
    "EventBridge connections and API destinations (they hold third-party credentials)",
    "Step Functions, SQS and SNS (not in this domain; add statements if a stack needs them)",
  ],
  denies: [...COMMON_DENIALS],
  parameters: ["iamPath", "allowedRegions", "stateBucket"],
  render(p) {
    return assemble(
      [
        allow("PlanningRead", readActions("serverless")),
        ...lambdaStatements(),
        allow("ApiGatewayAndEventBridge", [
          "apigateway:POST",
          "apigateway:PUT",
          "apigateway:PATCH",
          "apigateway:DELETE",
          "apigateway:UpdateRestApiPolicy",
          "events:PutRule",
          "events:DeleteRule",
          "events:EnableRule",
          "events:DisableRule",
          "events:PutTargets",
          "events:RemoveTargets",
          "events:*EventBus",
          "events:*Archive",
          "events:PutPermission",
          "events:RemovePermission",
          "events:*ResourcePolicy",
          "events:TagResource",
          "events:UntagResource",
          "scheduler:Create*",
          "scheduler:Update*",
          "scheduler:Delete*",
          "scheduler:TagResource",
          "scheduler:UntagResource",
        ]),
        passRole(iamPathOf(p), [
          "lambda.amazonaws.com",
          "apigateway.amazonaws.com",
          "events.amazonaws.com",
          "scheduler.amazonaws.com",
        ]),
        serviceLinkedRoles(["ops.apigateway.amazonaws.com"]),
      ],
      p,
      commonNotes(p),
    );
  },
};
