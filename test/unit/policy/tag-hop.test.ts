/**
 * Reach check: tag conditions the holder can satisfy. An Allow on aws:ResourceTag/K is no fence
 * while the same policy lets the holder put K on the resources it names.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { allow, policy } from "./helpers.ts";
import { reach, reachFindings } from "./reach-helpers.ts";

const SCOPE = { StringEquals: { "aws:ResourceTag/keyless-scope": "terraform" } };
const fencedCode = allow("lambda:UpdateFunctionCode", "*", { Condition: SCOPE });
const AT = 'Statement[0].Condition.StringEquals["aws:ResourceTag/keyless-scope"]';

describe("reach: tag hops", () => {
  it("UpdateFunctionCode on tagged functions + TagResource on every function: reported at the condition", () => {
    const doc = policy(fencedCode, allow(["lambda:CreateFunction", "lambda:TagResource"]));
    assert.deepEqual(reach(doc), [`tag-hop/lambda-tag-resource ${AT}`]);
    const [f] = reachFindings(doc);
    assert.match(
      f!.message,
      /lambda:TagResource \(allowed by Statement\[1\]\) lets the holder add keyless-scope/,
    );
    assert.match(f!.fix!, /aws:TagKeys/);
  });

  it("without any tagging allowed the tag condition is a fence", () => {
    assert.deepEqual(reach(policy(fencedCode, allow("lambda:CreateFunction"))), []);
  });

  it("tagging that cannot add the key (aws:TagKeys) prevents the hop", () => {
    const tagOthers = allow("lambda:TagResource", "*", {
      Condition: { "ForAllValues:StringNotEquals": { "aws:TagKeys": ["keyless-scope"] } },
    });
    assert.deepEqual(reach(policy(fencedCode, tagOthers)), []);
    const listed = allow("lambda:TagResource", "*", {
      Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["owner", "cost-center"] } },
    });
    assert.deepEqual(reach(policy(fencedCode, listed)), []);
  });

  it("a Deny of tagging with the key prevents it; a Deny the holder can avoid does not", () => {
    const tagging = allow("lambda:TagResource");
    const denyKey = {
      Effect: "Deny",
      Action: ["lambda:TagResource", "lambda:UntagResource"],
      Resource: "*",
      Condition: { "ForAnyValue:StringLike": { "aws:TagKeys": ["keyless-*"] } },
    };
    assert.deepEqual(reach(policy(fencedCode, tagging, denyKey)), []);
    const denyRegion = {
      Effect: "Deny",
      Action: "lambda:TagResource",
      Resource: "*",
      Condition: { StringNotEquals: { "aws:RequestedRegion": "eu-central-1" } },
    };
    assert.deepEqual(reach(policy(fencedCode, tagging, denyRegion)), [`tag-hop/lambda-tag-resource ${AT}`]);
  });

  it("tagging only what already carries the key, or only with another value, prevents the hop", () => {
    const onlyScoped = allow("lambda:TagResource", "*", { Condition: SCOPE });
    assert.deepEqual(reach(policy(fencedCode, onlyScoped)), []);
    const otherValue = allow("lambda:TagResource", "*", {
      Condition: { StringEquals: { "aws:RequestTag/keyless-scope": "sandbox" } },
    });
    assert.deepEqual(reach(policy(fencedCode, otherValue)), []);
    const sameValue = allow("lambda:TagResource", "*", {
      Condition: { StringEquals: { "aws:RequestTag/keyless-scope": "terraform" } },
    });
    assert.deepEqual(reach(policy(fencedCode, sameValue)), [`tag-hop/lambda-tag-resource ${AT}`]);
  });

  it("tagging on part of the fenced resources is enough to hop there", () => {
    const teamB = allow("lambda:TagResource", "arn:aws:lambda:*:*:function:team-b-*");
    assert.deepEqual(reach(policy(fencedCode, teamB)), [`tag-hop/lambda-tag-resource ${AT}`]);
  });

  it("tagging in another service does not reach these resources", () => {
    assert.deepEqual(reach(policy(fencedCode, allow("ec2:CreateTags"))), []);
  });

  it("a resource another statement names is a hop target only if the fenced actions act on its kind", () => {
    // Volumes fenced by the tag; buckets (and their objects) taggable: a bucket tag opens no volume.
    // (An action on "*" only, like elasticfilesystem:PutAccountPreferences, has no resource to hop to.)
    const volumes = allow(
      ["ec2:AttachVolume", "ec2:DeleteVolume", "elasticfilesystem:PutAccountPreferences"],
      "*",
      {
        Condition: SCOPE,
      },
    );
    const buckets = allow(["s3:PutBucketTagging"]);
    const objects = allow(["s3:GetObject"], "arn:aws:s3:::artifacts/*");
    assert.deepEqual(reach(policy(volumes, buckets, objects)), []);
    // The same objects' bucket is a hop target for actions fenced on buckets.
    const bucketPolicy = allow(["s3:PutLifecycleConfiguration"], "*", { Condition: SCOPE });
    assert.deepEqual(reach(policy(bucketPolicy, buckets, objects)), [`tag-hop/s3-put-bucket-tagging ${AT}`]);
  });

  it("EC2: CreateTags on every resource hops; CreateTags only at launch (ec2:CreateAction) does not", () => {
    const terminate = allow("ec2:TerminateInstances", "*", {
      Condition: { StringEquals: { "ec2:ResourceTag/owner": "team-a" } },
    });
    assert.deepEqual(reach(policy(terminate, allow("ec2:CreateTags"))), [
      'tag-hop/ec2-create-tags Statement[0].Condition.StringEquals["ec2:ResourceTag/owner"]',
    ]);
    const atLaunch = allow("ec2:CreateTags", "*", {
      Condition: { StringEquals: { "ec2:CreateAction": "RunInstances" } },
    });
    assert.deepEqual(reach(policy(terminate, atLaunch)), []);
  });

  it("IAM: policy versions on tagged policies + TagPolicy on the same path", () => {
    const path = "arn:aws:iam::*:policy/terraform/*";
    const versions = allow(["iam:CreatePolicyVersion"], path, { Condition: SCOPE });
    assert.deepEqual(reach(policy(versions, allow(["iam:TagPolicy", "iam:UntagPolicy"], path))), [
      `tag-hop/iam-tag-policy ${AT}`,
    ]);
    // Tagging roles does not put the tag on policies.
    assert.deepEqual(reach(policy(versions, allow(["iam:TagRole"], "arn:aws:iam::*:role/terraform/*"))), []);
  });

  it("a condition met without the tag (IfExists, negated, Null true) is not a tag fence", () => {
    for (const Condition of [
      { StringEqualsIfExists: { "aws:ResourceTag/keyless-scope": "terraform" } },
      { StringNotEquals: { "aws:ResourceTag/keyless-scope": "other" } },
      { Null: { "aws:ResourceTag/keyless-scope": "true" } },
    ]) {
      const st = allow("lambda:PublishVersion", "*", { Condition });
      assert.deepEqual(reach(policy(st, allow("lambda:TagResource"))), [], JSON.stringify(Condition));
    }
    // Null false ("must carry the tag") is one.
    const mustCarry = allow("lambda:PublishVersion", "*", {
      Condition: { Null: { "aws:ResourceTag/keyless-scope": "false" } },
    });
    assert.deepEqual(reach(policy(mustCarry, allow("lambda:TagResource"))), [
      'tag-hop/lambda-tag-resource Statement[0].Condition.Null["aws:ResourceTag/keyless-scope"]',
    ]);
  });
});
