/**
 * Reach checks: configuration changes that run the holder's code with another resource's role, and
 * credential resets that give the holder the data behind the credential.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lintPolicy } from "../../../src/policy/index.ts";
import { allow, policy } from "./helpers.ts";
import { reach, reachCodes, reachFindings } from "./reach-helpers.ts";

describe("reach: configuration-level code execution", () => {
  it("lambda:UpdateFunctionConfiguration on every function (layers, AWS_LAMBDA_EXEC_WRAPPER)", () => {
    const doc = policy(allow(["lambda:GetFunction", "lambda:UpdateFunctionConfiguration"]));
    assert.deepEqual(reach(doc), [
      "code-execution/lambda-update-function-configuration Statement[0].Action[1]",
    ]);
    const [f] = reachFindings(doc);
    assert.match(f!.message, /AWS_LAMBDA_EXEC_WRAPPER/);
    assert.match(f!.fix!, /lambda:Layer/);
    const fenced = allow("lambda:UpdateFunctionConfiguration", "arn:aws:lambda:*:*:function:team-a-*");
    assert.deepEqual(reach(policy(fenced)), []);
  });

  it("ec2:ModifyInstanceAttribute and ec2:ModifyInstanceMetadataOptions, also via ec2:ModifyInstance*", () => {
    assert.deepEqual(
      reachCodes(policy(allow(["ec2:ModifyInstance*", "ec2:StartInstances", "ec2:StopInstances"]))),
      ["code-execution/ec2-modify-instance-attribute", "code-execution/ec2-modify-instance-metadata-options"],
    );
    const tagged = allow("ec2:ModifyInstanceAttribute", "*", {
      Condition: { StringEquals: { "ec2:ResourceTag/owner": "team-a" } },
    });
    assert.deepEqual(reach(policy(tagged)), []);
  });

  it("launch template versions count only with a way to make Auto Scaling launch them", () => {
    const lt = allow(["ec2:CreateLaunchTemplateVersion"]);
    assert.deepEqual(reach(policy(lt)), []);
    const refresh = allow(["autoscaling:StartInstanceRefresh"]);
    assert.deepEqual(reach(policy(lt, refresh)), [
      "code-execution/ec2-create-launch-template-version Statement[0].Action[0]",
    ]);
    assert.match(
      reachFindings(policy(lt, refresh))[0]!.message,
      /with autoscaling:StartInstanceRefresh also allowed/,
    );
    const ownGroups = allow(
      ["autoscaling:StartInstanceRefresh"],
      "arn:aws:autoscaling:*:*:autoScalingGroup:*:autoScalingGroupName/team-a-*",
    );
    assert.deepEqual(reach(policy(lt, ownGroups)), []);
  });

  it("ecs:RegisterTaskDefinition with ecs:UpdateService", () => {
    assert.deepEqual(reach(policy(allow("ecs:RegisterTaskDefinition"))), []);
    assert.deepEqual(reachCodes(policy(allow(["ecs:RegisterTaskDefinition", "ecs:UpdateService"]))), [
      "code-execution/ecs-register-task-definition",
    ]);
  });

  it("ssm:SendCommand is judged by the instances it reaches, not the document", () => {
    const anyInstance = allow("ssm:SendCommand", [
      "arn:aws:ssm:*:*:document/AWS-RunShellScript",
      "arn:aws:ec2:*:*:instance/*",
    ]);
    assert.deepEqual(reachCodes(policy(anyInstance)), ["code-execution/ssm-send-command"]);
    const ownInstances = allow("ssm:SendCommand", [
      "arn:aws:ssm:*:*:document/*",
      "arn:aws:ec2:*:*:instance/i-0abc",
    ]);
    assert.deepEqual(reach(policy(ownInstances)), []);
  });

  it("lambda:UpdateFunctionCode: the escalation warning covers it unconditioned on *; reach covers the rest", () => {
    const plain = lintPolicy(policy(allow("lambda:UpdateFunctionCode")), { reach: true }).map((f) => f.code);
    assert.deepEqual(plain, ["escalation/lambda-update-function-code"]);
    assert.deepEqual(
      reachCodes(policy(allow("lambda:UpdateFunctionCode", "arn:aws:lambda:*:*:function:*"))),
      ["code-execution/lambda-update-function-code"],
    );
    const region = allow("lambda:UpdateFunctionCode", "*", {
      Condition: { StringEquals: { "aws:RequestedRegion": "eu-central-1" } },
    });
    assert.deepEqual(reachCodes(policy(region)), ["code-execution/lambda-update-function-code"]);
  });

  it("the other hand-listed runners", () => {
    for (const [action, code] of [
      ["ecs:RunTask", "code-execution/ecs-run-task"],
      ["ecs:ExecuteCommand", "code-execution/ecs-execute-command"],
      ["codebuild:StartBuild", "code-execution/codebuild-start-build"],
      ["glue:UpdateDevEndpoint", "code-execution/glue-update-dev-endpoint"],
      ["ec2-instance-connect:SendSSHPublicKey", "code-execution/ec2-instance-connect-send-ssh-public-key"],
      ["cloudformation:UpdateStack", "code-execution/cloudformation-update-stack"],
    ]) {
      assert.deepEqual(reachCodes(policy(allow(action!))), [code], action);
    }
  });
});

describe("reach: credential resets", () => {
  it("rds:ModifyDBInstance and rds:ModifyDBCluster on every database", () => {
    assert.deepEqual(reach(policy(allow(["rds:ModifyDBInstance", "rds:ModifyDBCluster"]))), [
      "credential-reset/rds-modify-db-instance Statement[0].Action[0]",
      "credential-reset/rds-modify-db-cluster Statement[0].Action[1]",
    ]);
    assert.match(reachFindings(policy(allow("rds:ModifyDBInstance")))[0]!.message, /master password/);
    assert.deepEqual(reach(policy(allow("rds:ModifyDBInstance", "arn:aws:rds:*:*:db:team-a-*"))), []);
  });

  it("elasticache:Modify* grants the user, user-group and AUTH-token resets", () => {
    assert.deepEqual(reachCodes(policy(allow("elasticache:Modify*"))), [
      "credential-reset/elasticache-modify-replication-group",
      "credential-reset/elasticache-modify-user",
      "credential-reset/elasticache-modify-user-group",
    ]);
  });

  it("ModifyUserGroup is judged by the user groups it reaches", () => {
    const ownGroups = allow("elasticache:ModifyUserGroup", [
      "arn:aws:elasticache:*:*:usergroup:team-a-*",
      "arn:aws:elasticache:*:*:user:*",
    ]);
    assert.deepEqual(reach(policy(ownGroups)), []);
  });

  it("redshift, MemoryDB, Amazon MQ and directory resets", () => {
    for (const [action, code] of [
      ["redshift:ModifyCluster", "credential-reset/redshift-modify-cluster"],
      ["memorydb:UpdateUser", "credential-reset/memorydb-update-user"],
      ["mq:UpdateUser", "credential-reset/mq-update-user"],
      ["ds:ResetUserPassword", "credential-reset/ds-reset-user-password"],
    ]) {
      assert.deepEqual(reachCodes(policy(allow(action!))), [code], action);
    }
  });
});
