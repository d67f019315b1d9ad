/**
 * Reach check: resource-policy writes (and other access grants) allowed beyond a fence. The list is
 * derived from the IAM catalog's "Permissions management" access level and policy-writing names,
 * plus a short hand list of Write-level calls that hand data to someone else.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lintPolicy } from "../../../src/policy/index.ts";
import { allow, policy } from "./helpers.ts";
import { reach, reachCodes, reachFindings } from "./reach-helpers.ts";

const deny = (action: unknown, resource: unknown = "*", extra = {}) => ({
  Effect: "Deny",
  Action: action,
  Resource: resource,
  ...extra,
});

describe("reach: resource-policy writes", () => {
  it("s3:PutBucketPolicy on every bucket is reported at the action, with a message and a fix", () => {
    const doc = policy(allow("s3:PutBucketPolicy", "*"));
    assert.deepEqual(reach(doc), ["resource-policy/s3-put-bucket-policy Statement[0].Action"]);
    const [f] = reachFindings(doc);
    assert.equal(f!.severity, "warning");
    assert.match(f!.message, /^s3:PutBucketPolicy is allowed on Resource "\*", beyond the resources/);
    assert.match(f!.message, /another account or the public/);
    assert.match(f!.fix!, /Resource/);
  });

  it("is off unless asked for: validate and plan lint without it", () => {
    const findings = lintPolicy(policy(allow("s3:PutBucketPolicy", "*")));
    assert.deepEqual(findings, []);
  });

  it("an ARN whose name part is a wildcard is no fence; a name prefix is", () => {
    assert.deepEqual(reach(policy(allow(["s3:PutBucketPolicy"], "arn:aws:s3:::*"))), [
      "resource-policy/s3-put-bucket-policy Statement[0].Action[0]",
    ]);
    assert.deepEqual(reach(policy(allow("s3:PutBucketPolicy", "arn:aws:s3:::team-a-*"))), []);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable is the point.
    assert.deepEqual(reach(policy(allow("s3:PutBucketPolicy", "arn:aws:s3:::${aws:username}-*"))), []);
  });

  it("a specific account or region is no fence: other teams share the account", () => {
    const doc = policy(allow("lambda:AddPermission", "arn:aws:lambda:eu-central-1:111111111111:function:*"));
    assert.deepEqual(reach(doc), ["resource-policy/lambda-add-permission Statement[0].Action"]);
    assert.match(reachFindings(doc)[0]!.message, /"arn:aws:lambda:eu-central-1:111111111111:function:\*"/);
  });

  it("a wildcard action names the pattern and reports each write it grants", () => {
    const doc = policy(allow("s3:PutBucket*", "*"));
    const codes = reachCodes(doc);
    for (const code of [
      "resource-policy/s3-put-bucket-policy",
      "resource-policy/s3-put-bucket-acl",
      "resource-policy/s3-put-bucket-public-access-block",
    ]) {
      assert.ok(codes.includes(code), `${code} in ${codes.join(", ")}`);
    }
    // Not access grants: lifecycle, versioning, tagging.
    assert.ok(!codes.some((c) => /lifecycle|versioning|tagging/.test(c)), codes.join(", "));
    assert.match(reachFindings(doc)[0]!.message, /\(via "s3:PutBucket\*"\)/);
  });

  it("derives the list from the catalog: the issue's resource-policy writes are all there", () => {
    for (const [action, code] of [
      ["dynamodb:PutResourcePolicy", "resource-policy/dynamodb-put-resource-policy"],
      ["ecr:SetRepositoryPolicy", "resource-policy/ecr-set-repository-policy"],
      ["lambda:AddPermission", "resource-policy/lambda-add-permission"],
      ["kms:PutKeyPolicy", "resource-policy/kms-put-key-policy"],
      ["kms:CreateGrant", "resource-policy/kms-create-grant"],
      ["sns:SetTopicAttributes", "resource-policy/sns-set-topic-attributes"],
      ["sns:AddPermission", "resource-policy/sns-add-permission"],
      ["sqs:SetQueueAttributes", "resource-policy/sqs-set-queue-attributes"],
      ["sqs:AddPermission", "resource-policy/sqs-add-permission"],
      ["secretsmanager:PutResourcePolicy", "resource-policy/secretsmanager-put-resource-policy"],
      ["logs:PutResourcePolicy", "resource-policy/logs-put-resource-policy"],
      ["events:PutPermission", "resource-policy/events-put-permission"],
      ["glacier:SetVaultAccessPolicy", "resource-policy/glacier-set-vault-access-policy"],
      ["backup:PutBackupVaultAccessPolicy", "resource-policy/backup-put-backup-vault-access-policy"],
      ["ec2:ModifySnapshotAttribute", "resource-policy/ec2-modify-snapshot-attribute"],
      // Write-level in the catalog, found by name.
      ["kinesis:PutResourcePolicy", "resource-policy/kinesis-put-resource-policy"],
      ["xray:PutResourcePolicy", "resource-policy/xray-put-resource-policy"],
      // The hand list: data sent elsewhere by a Write-level call.
      ["logs:PutSubscriptionFilter", "resource-policy/logs-put-subscription-filter"],
      ["logs:PutDestination", "resource-policy/logs-put-destination"],
      ["logs:PutDestinationPolicy", "resource-policy/logs-put-destination-policy"],
      ["s3:PutReplicationConfiguration", "resource-policy/s3-put-replication-configuration"],
      ["lambda:CreateFunctionUrlConfig", "resource-policy/lambda-create-function-url-config"],
      ["rds:ModifyDBSnapshotAttribute", "resource-policy/rds-modify-db-snapshot-attribute"],
    ]) {
      assert.deepEqual(reachCodes(policy(allow(action, "*"))), [code], action);
    }
  });

  it("removals, reads, IAM's own policies and non-grants are not reported", () => {
    for (const action of [
      "s3:DeleteBucketPolicy",
      "s3:GetBucketPolicy",
      "lambda:RemovePermission",
      "kms:RevokeGrant",
      "xray:PutEncryptionConfig",
      "s3:PutBucketVersioning",
      "logs:PutRetentionPolicy",
      "iam:PutRolePolicy",
    ]) {
      assert.deepEqual(reach(policy(allow(action, "*"))), [], action);
    }
  });

  it("a Deny of the same action on every resource stops it; a Deny the holder can avoid does not", () => {
    assert.deepEqual(reach(policy(allow("s3:PutBucketPolicy"), deny("s3:PutBucket*"))), []);
    assert.deepEqual(
      reach(policy(allow("s3:PutBucketPolicy"), { ...deny("*"), Action: undefined, NotAction: "iam:*" })),
      [],
    );
    // The holder picks the region.
    const regional = deny("s3:PutBucketPolicy", "*", {
      Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-central-1"] } },
    });
    assert.deepEqual(reach(policy(allow("s3:PutBucketPolicy"), regional)), [
      "resource-policy/s3-put-bucket-policy Statement[0].Action",
    ]);
    // A Deny on one bucket leaves the others.
    assert.deepEqual(
      reach(policy(allow("s3:PutBucketPolicy"), deny("s3:PutBucketPolicy", "arn:aws:s3:::state"))),
      ["resource-policy/s3-put-bucket-policy Statement[0].Action"],
    );
  });

  it("a subscription filter is judged by its destination: a Deny of log destinations closes it", () => {
    const subscribe = allow("logs:PutSubscriptionFilter");
    assert.deepEqual(reachCodes(policy(subscribe)), ["resource-policy/logs-put-subscription-filter"]);
    const noDestinations = deny("logs:PutSubscriptionFilter", "arn:aws:logs:*:*:destination:*");
    assert.deepEqual(reach(policy(subscribe, noDestinations)), []);
    // Log groups alone fence nothing: the destination is the other account's door.
    const denyGroups = deny("logs:PutSubscriptionFilter", "arn:aws:logs:*:*:log-group:team-b-*");
    assert.deepEqual(reachCodes(policy(subscribe, denyGroups)), [
      "resource-policy/logs-put-subscription-filter",
    ]);
  });

  it("a REST API policy is judged on existing APIs, not on the collection a new API is created in", () => {
    const collection = allow("apigateway:UpdateRestApiPolicy", "arn:aws:apigateway:*::/restapis");
    assert.deepEqual(reach(policy(collection)), []);
    const anyApi = allow("apigateway:UpdateRestApiPolicy", "arn:aws:apigateway:*::/restapis/*");
    assert.deepEqual(reachCodes(policy(anyApi)), ["resource-policy/apigateway-update-rest-api-policy"]);
    const tagged = allow("apigateway:UpdateRestApiPolicy", "arn:aws:apigateway:*::/restapis/*", {
      Condition: { StringEquals: { "aws:ResourceTag/keyless-scope": "terraform" } },
    });
    assert.deepEqual(reach(policy(collection, tagged)), []);
  });

  it("a Deny of everything not tagged for the holder fences it (the key is absent on others' resources)", () => {
    const fence = deny("s3:PutBucketPolicy", "*", {
      Condition: { StringNotEquals: { "aws:ResourceTag/team": "a" } },
    });
    assert.deepEqual(reach(policy(allow("s3:PutBucketPolicy"), fence)), []);
  });

  it("conditions: a resource-tag fence holds, a region or request-tag condition does not, a service key is trusted", () => {
    const tagged = allow("dynamodb:PutResourcePolicy", "*", {
      Condition: { StringEquals: { "aws:ResourceTag/team": "a" } },
    });
    assert.deepEqual(reach(policy(tagged)), []);
    const ifExists = allow("dynamodb:PutResourcePolicy", "*", {
      Condition: { StringEqualsIfExists: { "aws:ResourceTag/team": "a" } },
    });
    assert.deepEqual(reachCodes(policy(ifExists)), ["resource-policy/dynamodb-put-resource-policy"]);
    const region = allow("dynamodb:PutResourcePolicy", "*", {
      Condition: { StringEquals: { "aws:RequestedRegion": "eu-central-1" } },
    });
    assert.deepEqual(reachCodes(policy(region)), ["resource-policy/dynamodb-put-resource-policy"]);
    assert.match(reachFindings(policy(region))[0]!.message, /its Condition does not fence the resource/);
    const requestTag = allow("dynamodb:PutResourcePolicy", "*", {
      Condition: { StringEquals: { "aws:RequestTag/team": "a" } },
    });
    assert.deepEqual(reachCodes(policy(requestTag)), ["resource-policy/dynamodb-put-resource-policy"]);
    const iamOnly = allow("lambda:CreateFunctionUrlConfig", "*", {
      Condition: { StringEquals: { "lambda:FunctionUrlAuthType": "AWS_IAM" } },
    });
    assert.deepEqual(reach(policy(iamOnly)), []);
    const ec2Region = allow("ec2:ModifySnapshotAttribute", "*", {
      Condition: { StringEquals: { "ec2:Region": "eu-central-1" } },
    });
    assert.deepEqual(reachCodes(policy(ec2Region)), ["resource-policy/ec2-modify-snapshot-attribute"]);
  });

  it("NotResource is no fence; Allow * and NotAction keep their own single warning", () => {
    const notResource = {
      Effect: "Allow",
      Action: "sqs:SetQueueAttributes",
      NotResource: "arn:aws:sqs:*:*:mine",
    };
    assert.deepEqual(reachCodes(policy(notResource)), ["resource-policy/sqs-set-queue-attributes"]);
    assert.deepEqual(reach(policy(allow("*"))), []);
    assert.deepEqual(reach(policy({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })), []);
  });

  it("an action granted twice in one statement is reported once", () => {
    assert.deepEqual(reach(policy(allow(["sns:SetTopicAttributes", "sns:Set*"]))), [
      "resource-policy/sns-set-topic-attributes Statement[0].Action[0]",
    ]);
  });
});
