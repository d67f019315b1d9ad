/**
 * Lambda function management, shared by terraform-compute and terraform-serverless (the product
 * places Lambda in both domains). Management only: no Invoke, no durable-execution control.
 */
import { SCOPE_TAG, scopeTagCondition } from "./defaults.ts";
import { allow } from "./statements.ts";
import type { PolicyStatement } from "./types.ts";

const LAMBDA_MANAGE = [
  "lambda:CreateFunction",
  "lambda:CreateFunctionUrlConfig",
  "lambda:UpdateFunctionConfiguration",
  "lambda:UpdateFunctionCodeSigningConfig",
  "lambda:UpdateFunctionEventInvokeConfig",
  "lambda:UpdateFunctionUrlConfig",
  "lambda:DeleteFunction*",
  "lambda:PutFunction*",
  "lambda:PublishVersion",
  "lambda:*Alias",
  "lambda:AddPermission",
  "lambda:RemovePermission",
  "lambda:*EventSourceMapping",
  "lambda:*ProvisionedConcurrencyConfig",
  "lambda:PublishLayerVersion",
  "lambda:DeleteLayerVersion",
  "lambda:*LayerVersionPermission",
  "lambda:*CodeSigningConfig",
  "lambda:PutRuntimeManagementConfig",
  "lambda:TagResource",
  "lambda:UntagResource",
];

/**
 * New code runs with the function's existing role, which may be stronger than this permission set:
 * code updates are limited to functions tagged as Terraform-managed.
 */
export function lambdaStatements(): PolicyStatement[] {
  return [
    allow("LambdaFunctions", LAMBDA_MANAGE),
    {
      ...allow("LambdaCodeOfManagedFunctions", ["lambda:UpdateFunctionCode"]),
      Condition: scopeTagCondition("Resource"),
    },
  ];
}

export const LAMBDA_GRANT =
  "Lambda function management: create, configure, versions, aliases, permissions, event source mappings, concurrency, layers, URLs, tags (no invoke); " +
  `code updates only on functions tagged ${SCOPE_TAG.key}=${SCOPE_TAG.value}`;
