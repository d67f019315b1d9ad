/**
 * Lambda function management, shared by terraform-compute and terraform-serverless (the product
 * places Lambda in both domains). Management only: no Invoke.
 *
 * A function's code and configuration run with the function's own role, which may be stronger than
 * this permission set: new code, a layer plus AWS_LAMBDA_EXEC_WRAPPER in the environment, or a
 * public URL on somebody else's function would hand that role over. So every call that changes what
 * an existing function runs or who may call it is allowed only on functions tagged as
 * Terraform-managed (the tag can be set only when the function is created: scope-tag.ts). New
 * functions can only get roles under the managed path (iam:PassRole), which the boundary caps.
 */
import { SCOPE_TAG } from "./defaults.ts";
import { onTagged } from "./scope-tag.ts";
import type { PolicyStatement } from "./types.ts";

/** New functions, layers and signing configs, event source mappings (no resource type), tags. */
export const LAMBDA_MANAGE = [
  "lambda:CreateFunction",
  "lambda:*EventSourceMapping",
  "lambda:PublishLayerVersion",
  "lambda:DeleteLayerVersion",
  "lambda:CreateCodeSigningConfig",
  "lambda:UpdateCodeSigningConfig",
  "lambda:DeleteCodeSigningConfig",
  "lambda:*TagResource",
];

/** What an existing function runs, how it is reached and by whom, its versions and its capacity. */
export const LAMBDA_OF_MANAGED = [
  "lambda:UpdateFunctionCode",
  "lambda:UpdateFunctionConfiguration",
  "lambda:*FunctionCodeSigningConfig",
  "lambda:PutRuntimeManagementConfig",
  "lambda:*FunctionUrlConfig",
  "lambda:*FunctionEventInvokeConfig",
  "lambda:PutFunctionRecursionConfig",
  "lambda:RemovePermission",
  "lambda:DeleteFunction",
  "lambda:PublishVersion",
  "lambda:*Alias",
  "lambda:*ProvisionedConcurrencyConfig",
  "lambda:*FunctionConcurrency",
];

/**
 * Resource-policy grants only to AWS services (apigateway, events, s3, ...), never to another account
 * or to everyone (lambda:Principal is the grantee as written), and only on tagged functions.
 */
export function lambdaPermissions(): PolicyStatement {
  return {
    ...onTagged("LambdaPermissionsForServices", ["lambda:AddPermission"]),
    Condition: {
      StringEquals: { [`aws:ResourceTag/${SCOPE_TAG.key}`]: SCOPE_TAG.value },
      StringLike: { "lambda:Principal": "*.amazonaws.com" },
    },
  };
}

export const LAMBDA_GRANT =
  "Lambda: create functions, layers, code signing configs, event source mappings, tags (no invoke); " +
  `code, configuration, URLs, destinations, versions, aliases, concurrency, deletion and permissions (to AWS services only) only on functions tagged ${SCOPE_TAG.key}=${SCOPE_TAG.value}`;

export const LAMBDA_NOT_GRANTED =
  "Lambda permissions for other accounts or everyone (public function URLs need AddPermission with Principal *: add a statement for that function)";
