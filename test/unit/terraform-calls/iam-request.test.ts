/**
 * The translation of recorded HTTP calls into IAM requests, on the cases that are easy to get wrong:
 * S3 path-style and virtual-hosted addressing and its operations that share an action, the three
 * wire protocols (query, JSON, REST-JSON), EC2's query Action names with tags on creation, IAM's
 * global endpoint and paths, and the actions a call needs besides its own.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CallTranslator, type IamRequest } from "../../helpers/iam-request.ts";
import type { RecordedCall } from "../../helpers/terraform-calls-format.ts";

const ACCOUNT = "123456789012";
const REGION = "eu-central-1";
const STATE_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/00000000-0000-4000-8000-000000000001`;

function call(partial: Partial<RecordedCall> & Pick<RecordedCall, "service">): RecordedCall {
  return {
    method: "POST",
    path: "/",
    query: {},
    signer: "provider",
    region: REGION,
    headers: {},
    status: 200,
    ...partial,
  };
}

const query = (service: string, form: Record<string, string>, extra: Partial<RecordedCall> = {}) =>
  call({ service, body: { form: { Version: "2016-11-15", ...form } }, ...extra });

const json = (service: string, target: string, body: unknown) =>
  call({
    service,
    headers: { "x-amz-target": target, "content-type": "application/x-amz-json-1.0" },
    body: { json: body },
  });

const translator = () =>
  new CallTranslator({
    account: ACCOUNT,
    kmsAliases: { [STATE_KEY]: ["alias/keyless-tfstate"] },
    bucketKeys: { state: STATE_KEY },
    instanceProfileRoles: { "app-instance": `arn:aws:iam::${ACCOUNT}:role/terraform/app-instance` },
    endpointHost: "127.0.0.1:4566",
  });

const brief = (r: IamRequest) => `${r.action} ${r.resource}${r.because ? " +" : ""}`;

describe("S3: path-style and virtual-hosted calls", () => {
  it("the same ListObjectsV2 either way is s3:ListBucket on the bucket, with s3:prefix from the query", async () => {
    const q = { "list-type": "2", prefix: "env:/", "max-keys": "1000" };
    const pathStyle = await translator().translate(
      call({ service: "s3", method: "GET", path: "/state", query: q }),
    );
    const virtual = await translator().translate(
      call({
        service: "s3",
        method: "GET",
        path: "/",
        query: q,
        host: "state.s3.eu-central-1.amazonaws.com",
      }),
    );
    const local = await translator().translate(
      call({ service: "s3", method: "GET", path: "/", query: q, host: "state.127.0.0.1:4566" }),
    );
    for (const t of [pathStyle, virtual, local]) {
      assert.equal(t.operation, "s3:ListObjectsV2");
      assert.deepEqual(t.requests.map(brief), ["s3:ListBucket arn:aws:s3:::state"]);
      assert.equal(t.requests[0]!.context["s3:prefix"], "env:/");
      assert.equal(t.requests[0]!.context["s3:max-keys"], "1000");
    }
  });

  it("a virtual-hosted object key is the whole path; a percent-encoded key is decoded", async () => {
    const virtual = await translator().translate(
      call({
        service: "s3",
        method: "GET",
        path: "/env%3A/dev/terraform.tfstate",
        host: "state.s3.amazonaws.com",
      }),
    );
    const pathStyle = await translator().translate(
      call({ service: "s3", method: "GET", path: "/state/env%3A/dev/terraform.tfstate" }),
    );
    for (const t of [virtual, pathStyle]) {
      assert.equal(t.requests[0]!.resource, "arn:aws:s3:::state/env:/dev/terraform.tfstate");
    }
  });

  it("HeadBucket is s3:ListBucket without s3:prefix; DeleteBucketEncryption is s3:PutEncryptionConfiguration", async () => {
    const t = translator();
    const head = await t.translate(call({ service: "s3", method: "HEAD", path: "/data" }));
    assert.equal(head.operation, "s3:HeadBucket");
    assert.deepEqual(head.requests.map(brief), ["s3:ListBucket arn:aws:s3:::data"]);
    assert.equal(head.requests[0]!.context["s3:prefix"], undefined);
    const del = await t.translate(
      call({ service: "s3", method: "DELETE", path: "/data", query: { encryption: "" } }),
    );
    assert.equal(del.operation, "s3:DeleteBucketEncryption");
    assert.deepEqual(del.requests.map(brief), ["s3:PutEncryptionConfiguration arn:aws:s3:::data"]);
  });

  it("a 404 on a missing key also needs s3:ListBucket (S3 answers 403 without it); a 200 does not", async () => {
    const t = translator();
    const missing = await t.translate(
      call({ service: "s3", method: "HEAD", path: "/data/a/terraform.tfstate", status: 404 }),
    );
    assert.deepEqual(missing.requests.map(brief), [
      "s3:GetObject arn:aws:s3:::data/a/terraform.tfstate",
      "s3:ListBucket arn:aws:s3:::data +",
    ]);
    const found = await t.translate(
      call({ service: "s3", method: "HEAD", path: "/data/a/terraform.tfstate" }),
    );
    assert.deepEqual(found.requests.map(brief), ["s3:GetObject arn:aws:s3:::data/a/terraform.tfstate"]);
  });

  it("state writes with SSE-KMS need kms:GenerateDataKey through S3, reads kms:Decrypt, with the key's alias", async () => {
    const t = translator();
    const headers = {
      "x-amz-server-side-encryption": "aws:kms",
      "x-amz-server-side-encryption-aws-kms-key-id": STATE_KEY,
    };
    const put = await t.translate(
      call({ service: "s3", method: "PUT", path: "/state/k.tflock", headers, body: { size: 10 } }),
    );
    assert.deepEqual(put.requests.map(brief), [
      "s3:PutObject arn:aws:s3:::state/k.tflock",
      `kms:GenerateDataKey ${STATE_KEY} +`,
    ]);
    assert.equal(put.requests[0]!.context["s3:x-amz-server-side-encryption"], "aws:kms");
    assert.equal(put.requests[1]!.context["kms:ViaService"], "s3.eu-central-1.amazonaws.com");
    assert.deepEqual(put.requests[1]!.context["kms:ResourceAliases"], ["alias/keyless-tfstate"]);
    const get = await t.translate(call({ service: "s3", method: "GET", path: "/state/k", status: 206 }));
    assert.deepEqual(get.requests.map(brief), [
      "s3:GetObject arn:aws:s3:::state/k",
      `kms:Decrypt ${STATE_KEY} +`,
    ]);
  });

  it("PutBucketTagging carries aws:RequestTag; later calls on the bucket carry aws:ResourceTag", async () => {
    const t = translator();
    const text =
      "<Tagging><TagSet><Tag><Key>keyless-scope</Key><Value>terraform</Value></Tag></TagSet></Tagging>";
    const tag = await t.translate(
      call({ service: "s3", method: "PUT", path: "/data", query: { tagging: "" }, body: { text } }),
    );
    assert.equal(tag.requests[0]!.context["aws:RequestTag/keyless-scope"], "terraform");
    assert.deepEqual(tag.requests[0]!.context["aws:TagKeys"], ["keyless-scope"]);
    const policy = await t.translate(
      call({ service: "s3", method: "PUT", path: "/data", query: { policy: "" } }),
    );
    assert.equal(policy.requests[0]!.action, "s3:PutBucketPolicy");
    assert.equal(policy.requests[0]!.context["aws:ResourceTag/keyless-scope"], "terraform");
  });
});

describe("query, JSON and REST-JSON protocols", () => {
  it("EC2 query: the Action names the IAM action; tags on creation need ec2:CreateTags with ec2:CreateAction", async () => {
    const t = translator();
    const create = await t.translate(
      query(
        "ec2",
        {
          Action: "CreateVpc",
          CidrBlock: "10.0.0.0/16",
          "TagSpecification.1.ResourceType": "vpc",
          "TagSpecification.1.Tag.1.Key": "keyless-scope",
          "TagSpecification.1.Tag.1.Value": "terraform",
        },
        { created: ["vpc-0000000a"] },
      ),
    );
    const vpc = `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-0000000a`;
    assert.deepEqual(create.requests.map(brief), [`ec2:CreateVpc ${vpc}`, `ec2:CreateTags ${vpc} +`]);
    assert.equal(create.requests[0]!.context["aws:RequestTag/keyless-scope"], "terraform");
    assert.equal(create.requests[1]!.context["ec2:CreateAction"], "CreateVpc");
    assert.equal(
      create.requests[0]!.context["aws:ResourceTag/keyless-scope"],
      undefined,
      "not tagged before it exists",
    );
    const modify = await t.translate(query("ec2", { Action: "ModifyVpcAttribute", VpcId: "vpc-0000000a" }));
    assert.deepEqual(modify.requests.map(brief), [`ec2:ModifyVpcAttribute ${vpc}`]);
    assert.equal(modify.requests[0]!.context["aws:ResourceTag/keyless-scope"], "terraform");
    assert.equal(modify.requests[0]!.context["ec2:ResourceTag/keyless-scope"], "terraform");
    const describe = await t.translate(query("ec2", { Action: "DescribeVpcs", "VpcId.1": "vpc-0000000a" }));
    assert.deepEqual(describe.requests.map(brief), ["ec2:DescribeVpcs *"]);
  });

  it("EC2 RunInstances: every resource type, iam:PassRole for the instance profile's role, KMS for a CMK volume", async () => {
    const t = translator();
    const key = `arn:aws:kms:${REGION}:${ACCOUNT}:key/00000000-0000-4000-8000-000000000002`;
    const run = await t.translate(
      query(
        "ec2",
        {
          Action: "RunInstances",
          ImageId: "ami-00000003",
          "IamInstanceProfile.Name": "app-instance",
          "BlockDeviceMapping.1.Ebs.Encrypted": "true",
          "BlockDeviceMapping.1.Ebs.KmsKeyId": key,
        },
        { created: ["i-00000004", "subnet-00000005", "sg-00000006", "eni-00000007", "vpc-00000008"] },
      ),
    );
    const actions = run.requests.map(brief);
    for (const expected of [
      `ec2:RunInstances arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-00000004`,
      `ec2:RunInstances arn:aws:ec2:${REGION}::image/ami-00000003`,
      `ec2:RunInstances arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/subnet-00000005`,
      `ec2:RunInstances arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/sg-00000006`,
      `ec2:RunInstances arn:aws:ec2:${REGION}:${ACCOUNT}:network-interface/eni-00000007`,
      `iam:PassRole arn:aws:iam::${ACCOUNT}:role/terraform/app-instance +`,
      `kms:CreateGrant ${key} +`,
    ]) {
      assert.ok(actions.includes(expected), `${expected} in ${actions.join("\n")}`);
    }
    const pass = run.requests.find((r) => r.action === "iam:PassRole")!;
    assert.equal(pass.context["iam:PassedToService"], "ec2.amazonaws.com");
    const grant = run.requests.find((r) => r.action === "kms:CreateGrant")!;
    assert.equal(grant.context["kms:ViaService"], "ec2.eu-central-1.amazonaws.com");
    assert.equal(grant.context["kms:GrantIsForAWSResource"], "true");
  });

  it("EC2: an association id stands for what it associates (DisassociateRouteTable)", async () => {
    const t = translator();
    const tags = {
      "TagSpecification.1.Tag.1.Key": "keyless-scope",
      "TagSpecification.1.Tag.1.Value": "terraform",
    };
    await t.translate(
      query(
        "ec2",
        {
          Action: "CreateRouteTable",
          VpcId: "vpc-0000000a",
          "TagSpecification.1.ResourceType": "route-table",
          ...tags,
        },
        { created: ["rtb-0000000b", "vpc-0000000a"] },
      ),
    );
    await t.translate(
      query(
        "ec2",
        { Action: "AssociateRouteTable", RouteTableId: "rtb-0000000b", SubnetId: "subnet-0000000c" },
        { created: ["rtbassoc-0000000d"] },
      ),
    );
    const dis = await t.translate(
      query("ec2", { Action: "DisassociateRouteTable", AssociationId: "rtbassoc-0000000d" }),
    );
    const rtb = `arn:aws:ec2:${REGION}:${ACCOUNT}:route-table/rtb-0000000b`;
    assert.deepEqual(dis.requests.map(brief).sort(), [
      `ec2:DisassociateRouteTable ${rtb}`,
      `ec2:DisassociateRouteTable arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/subnet-0000000c`,
    ]);
    assert.equal(
      dis.requests.find((r) => r.resource === rtb)!.context["aws:ResourceTag/keyless-scope"],
      "terraform",
    );
  });

  it("CloudWatch signs as `monitoring`: its actions are cloudwatch:*, and tags on PutMetricAlarm need cloudwatch:TagResource", async () => {
    const put = await translator().translate(
      query("monitoring", {
        Action: "PutMetricAlarm",
        AlarmName: "app-errors",
        "Tags.member.1.Key": "keyless-scope",
        "Tags.member.1.Value": "terraform",
      }),
    );
    const alarm = `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:app-errors`;
    assert.deepEqual(put.requests.map(brief), [
      `cloudwatch:PutMetricAlarm ${alarm}`,
      `cloudwatch:TagResource ${alarm} +`,
    ]);
  });

  it("JSON: X-Amz-Target names the operation; the table comes from TableName", async () => {
    const t = await translator().translate(
      json("dynamodb", "DynamoDB_20120810.PutItem", { TableName: "terraform-locks", Item: {} }),
    );
    assert.equal(t.operation, "dynamodb:PutItem");
    assert.deepEqual(t.requests.map(brief), [
      `dynamodb:PutItem arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/terraform-locks`,
    ]);
  });

  it("JSON: a resource named by ARN (Logs ListTagsForResource) is used as it is", async () => {
    const arn = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/app/service`;
    const t = await translator().translate(
      json("logs", "Logs_20140328.ListTagsForResource", { resourceArn: arn }),
    );
    assert.deepEqual(t.requests.map(brief), [`logs:ListTagsForResource ${arn}`]);
  });

  it("REST-JSON Lambda: routes name the operation; code from S3, the role and tags need more; code updates see the tag", async () => {
    const t = translator();
    const create = await t.translate(
      call({
        service: "lambda",
        path: "/2015-03-31/functions",
        status: 201,
        body: {
          json: {
            FunctionName: "app",
            Role: `arn:aws:iam::${ACCOUNT}:role/terraform/app-function`,
            Code: { S3Bucket: "artifacts", S3Key: "app/function.zip" },
            Tags: { "keyless-scope": "terraform" },
          },
        },
      }),
    );
    const fn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:app`;
    assert.deepEqual(create.requests.map(brief), [
      `lambda:CreateFunction ${fn}`,
      `lambda:TagResource ${fn} +`,
      `iam:PassRole arn:aws:iam::${ACCOUNT}:role/terraform/app-function +`,
      "s3:GetObject arn:aws:s3:::artifacts/app/function.zip +",
    ]);
    assert.equal(create.requests[2]!.context["iam:PassedToService"], "lambda.amazonaws.com");
    // Lambda checks the new function's tags as aws:ResourceTag at creation (AWS's Lambda ABAC example).
    for (const r of create.requests.slice(0, 2)) {
      assert.equal(r.context["aws:RequestTag/keyless-scope"], "terraform");
      assert.equal(r.context["aws:ResourceTag/keyless-scope"], "terraform");
    }
    const get = await t.translate(
      call({ service: "lambda", method: "GET", path: "/2015-03-31/functions/app" }),
    );
    assert.deepEqual(get.requests.map(brief), [`lambda:GetFunction ${fn}`, `lambda:ListTags ${fn} +`]);
    const code = await t.translate(
      call({
        service: "lambda",
        method: "PUT",
        path: "/2015-03-31/functions/app/code",
        body: { json: { ZipFile: "<9 chars>" } },
      }),
    );
    assert.deepEqual(code.requests.map(brief), [`lambda:UpdateFunctionCode ${fn}`]);
    assert.equal(code.requests[0]!.context["aws:ResourceTag/keyless-scope"], "terraform");
    const byArn = await t.translate(
      call({
        service: "lambda",
        method: "GET",
        path: `/2015-03-31/functions/${encodeURIComponent(fn)}`,
        query: { Qualifier: "3" },
      }),
    );
    assert.deepEqual(byArn.requests.map(brief), [`lambda:GetFunction ${fn}`, `lambda:ListTags ${fn} +`]);
  });

  it("an operation with no IAM action fails loudly instead of passing unchecked", async () => {
    await assert.rejects(
      translator().translate(json("dynamodb", "DynamoDB_20120810.NoSuchThing", {})),
      /not an IAM action/,
    );
    await assert.rejects(
      translator().translate(call({ service: "lambda", method: "PATCH", path: "/2015-03-31/functions/x" })),
      /Lambda: no operation/,
    );
  });
});

describe("IAM's global endpoint and STS", () => {
  it("IAM is authorized in us-east-1 whatever region signed; role ARNs carry the path from CreateRole", async () => {
    const t = translator();
    const boundary = `arn:aws:iam::${ACCOUNT}:policy/TerraformBoundary`;
    const role = `arn:aws:iam::${ACCOUNT}:role/terraform/app`;
    const create = await t.translate(
      query("iam", {
        Action: "CreateRole",
        RoleName: "app",
        Path: "/terraform/",
        PermissionsBoundary: boundary,
        "Tags.member.1.Key": "keyless-scope",
        "Tags.member.1.Value": "terraform",
      }),
    );
    assert.deepEqual(create.requests.map(brief), [`iam:CreateRole ${role}`, `iam:TagRole ${role} +`]);
    assert.equal(create.requests[0]!.context["aws:RequestedRegion"], "us-east-1");
    assert.equal(create.requests[0]!.context["iam:PermissionsBoundary"], boundary);
    const policyArn = `arn:aws:iam::${ACCOUNT}:policy/terraform/read`;
    const attach = await t.translate(
      query("iam", { Action: "AttachRolePolicy", RoleName: "app", PolicyArn: policyArn }),
    );
    assert.deepEqual(attach.requests.map(brief), [`iam:AttachRolePolicy ${role}`]);
    assert.equal(attach.requests[0]!.context["iam:PolicyARN"], policyArn);
    assert.equal(
      attach.requests[0]!.context["iam:PermissionsBoundary"],
      boundary,
      "the boundary the role carries",
    );
    assert.equal(attach.requests[0]!.context["aws:ResourceTag/keyless-scope"], "terraform");
    const us = await t.translate(
      query("iam", { Action: "GetRole", RoleName: "app" }, { region: "us-east-1" }),
    );
    assert.deepEqual(us.requests.map(brief), [`iam:GetRole ${role}`]);
  });

  it("CreatePolicy with tags also needs iam:TagPolicy, with the request's tags and (undocumented for IAM) no resource tags", async () => {
    const t = await translator().translate(
      query("iam", {
        Action: "CreatePolicy",
        PolicyName: "read",
        Path: "/terraform/",
        "Tags.member.1.Key": "keyless-scope",
        "Tags.member.1.Value": "terraform",
      }),
    );
    const policy = `arn:aws:iam::${ACCOUNT}:policy/terraform/read`;
    assert.deepEqual(t.requests.map(brief), [`iam:CreatePolicy ${policy}`, `iam:TagPolicy ${policy} +`]);
    assert.equal(t.requests[1]!.context["aws:RequestTag/keyless-scope"], "terraform");
    assert.equal(t.requests[1]!.context["aws:ResourceTag/keyless-scope"], undefined);
  });

  it("AddRoleToInstanceProfile passes the role to EC2; a later RunInstances with the profile passes it too", async () => {
    const t = translator();
    await t.translate(query("iam", { Action: "CreateRole", RoleName: "web", Path: "/terraform/" }));
    await t.translate(
      query("iam", { Action: "CreateInstanceProfile", InstanceProfileName: "web", Path: "/terraform/" }),
    );
    const add = await t.translate(
      query("iam", { Action: "AddRoleToInstanceProfile", InstanceProfileName: "web", RoleName: "web" }),
    );
    assert.deepEqual(add.requests.map(brief), [
      `iam:AddRoleToInstanceProfile arn:aws:iam::${ACCOUNT}:instance-profile/terraform/web`,
      `iam:PassRole arn:aws:iam::${ACCOUNT}:role/terraform/web +`,
    ]);
    const run = await t.translate(
      query("ec2", { Action: "RunInstances", ImageId: "ami-1", "IamInstanceProfile.Name": "web" }),
    );
    assert.ok(run.requests.map(brief).includes(`iam:PassRole arn:aws:iam::${ACCOUNT}:role/terraform/web +`));
  });

  it("sts:GetCallerIdentity needs no permission: no request, and the reason", async () => {
    const t = await translator().translate(query("sts", { Action: "GetCallerIdentity" }));
    assert.deepEqual(t.requests, []);
    assert.match(t.unauthorized ?? "", /needs no permission/);
  });
});
