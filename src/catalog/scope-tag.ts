/**
 * The scope tag (defaults.ts SCOPE_TAG) as a fence: Allow statements that act on existing resources
 * carry `aws:ResourceTag/keyless-scope = terraform`, and these Deny statements make sure the tag can
 * only be set when a resource is created, never added to an existing resource, changed or removed.
 *
 * AWS offers these ways to tell creation from later tagging, and each service gets the narrowest:
 * - EC2, Elastic Load Balancing, ECS and EFS authorize tag-on-create with a `<service>:CreateAction`
 *   key that later tagging calls lack (iam-data: ec2:CreateTags, elasticloadbalancing:AddTags,
 *   ecs:TagResource, elasticfilesystem:TagResource list it).
 * - Lambda authorizes lambda:TagResource at CreateFunction against the new function's tags (AWS's
 *   Lambda ABAC example conditions CreateFunction and TagResource on aws:ResourceTag together), so
 *   tagging is allowed only where the function already carries the tag with the scope value. IAM
 *   policies get the same rule in every preset but terraform-iam: IAM documents its tag-on-create
 *   with request tags only, so the set that creates policies leaves iam:TagPolicy out of
 *   DenyScopeTagOnExisting (terraform-iam.ts; the hop it opens is an accepted residual).
 * - ECR and API Gateway authorize tags given at creation on the create call itself (aws:RequestTag):
 *   their tagging calls (ecr:TagResource, apigateway:PUT on /tags) only ever tag existing resources.
 * The Resource Groups Tagging API is never part of creation: it may not touch the key at all.
 */
import { SCOPE_TAG } from "./defaults.ts";
import type { PolicyStatement } from "./types.ts";

const hasScopeKey = { "ForAnyValue:StringEquals": { "aws:TagKeys": [SCOPE_TAG.key] } };

/**
 * Tagging calls that are part of a creation only with a CreateAction key, or never (ECR authorizes
 * tags given to CreateRepository on that action: ecr:TagResource only tags existing repositories).
 */
export const CREATE_ACTION_TAGGING = [
  "ec2:CreateTags",
  "elasticloadbalancing:AddTags",
  "ecs:TagResource",
  "elasticfilesystem:TagResource",
  "ecr:TagResource",
  // API Gateway: tags given at creation come with the create POST (aws:RequestTag); a PUT with
  // tag keys is TagResource (PUT /tags/{arn}) on an existing resource.
  "apigateway:PUT",
];
export const CREATE_ACTION_KEYS = [
  "ec2:CreateAction",
  "elasticloadbalancing:CreateAction",
  "ecs:CreateAction",
  "elasticfilesystem:CreateAction",
];
/** Every call that adds, changes or removes tags on a resource the presets fence with the tag. */
export const SCOPE_TAGGING_ACTIONS = [
  "ec2:*Tags",
  "elasticloadbalancing:*Tags",
  "ecs:*TagResource",
  "elasticfilesystem:*TagResource",
  "lambda:*TagResource",
  "ecr:*TagResource",
  // (apigateway:PUT with the key is denied above whatever its value.)
  "apigateway:DELETE",
  "iam:*TagPolicy",
  "tag:*Resources",
];

export function scopeTagGuardrails(): PolicyStatement[] {
  return [
    {
      Sid: "DenyScopeTagAfterCreate",
      Effect: "Deny",
      Action: CREATE_ACTION_TAGGING,
      Resource: "*",
      // Null on several keys: true only when none of them is in the request (no creation).
      Condition: { ...hasScopeKey, Null: Object.fromEntries(CREATE_ACTION_KEYS.map((k) => [k, "true"])) },
    },
    {
      Sid: "DenyScopeTagOnExisting",
      Effect: "Deny",
      Action: ["lambda:TagResource", "iam:TagPolicy", "tag:TagResources"],
      Resource: "*",
      Condition: {
        ...hasScopeKey,
        StringNotEquals: { [`aws:ResourceTag/${SCOPE_TAG.key}`]: SCOPE_TAG.value },
      },
    },
    {
      // Removing the key (no RequestTag) or setting another value takes a resource out of scope.
      Sid: "DenyScopeTagChanges",
      Effect: "Deny",
      Action: SCOPE_TAGGING_ACTIONS,
      Resource: "*",
      Condition: {
        ...hasScopeKey,
        StringNotEquals: { [`aws:RequestTag/${SCOPE_TAG.key}`]: SCOPE_TAG.value },
      },
    },
  ];
}

/** An Allow on existing resources that carry the scope tag. */
export function onTagged(Sid: string, Action: string[], Resource: string | string[] = "*"): PolicyStatement {
  return {
    Sid,
    Effect: "Allow",
    Action,
    Resource,
    Condition: { StringEquals: { [`aws:ResourceTag/${SCOPE_TAG.key}`]: SCOPE_TAG.value } },
  };
}
