/**
 * Which actions reach beyond what a policy's holder manages, when allowed on resources outside a
 * fence: writes of resource policies and access grants (derived from the IAM catalog, plus a short
 * hand list), credential resets that give data access, and configuration changes that run code
 * with another resource's role (hand lists: the catalog has no data for either).
 */
import type { CatalogAction } from "./catalog.ts";

export type ReachCategory = "resource-policy" | "credential-reset" | "code-execution";

export interface ReachRule {
  /** `service:Action` as the catalog spells it. */
  action: string;
  category: ReachCategory;
  /** What the holder can do with it; completes "… is allowed on X …: it <why>". */
  why: string;
  /** The resource type (catalog key) the risk is about, when not every required type is. */
  target?: string;
  /** Reported only when the policy also lets the holder use one of these on any resource. */
  needs?: string[];
  /** A rule-specific hint, added to the category's fix. */
  fix?: string;
}

/**
 * Resource-policy writes the catalog does not mark as "Permissions management": they hand data or
 * access to someone else through a Write-level call.
 */
const RESOURCE_POLICY_EXTRA: ReachRule[] = [
  {
    // Another account is reached only through a log destination (a stream, Firehose or function
    // must be in the log group's account): the destination is what the fence must keep out.
    action: "logs:PutSubscriptionFilter",
    category: "resource-policy",
    why: "can stream any log group to a destination in another account",
    target: "destination",
  },
  {
    action: "logs:PutAccountPolicy",
    category: "resource-policy",
    why: "can subscribe every log group of the account to a destination in another account",
  },
  {
    action: "logs:PutDestination",
    category: "resource-policy",
    why: "can create a log destination that forwards to a stream in another account",
  },
  {
    action: "logs:PutDestinationPolicy",
    category: "resource-policy",
    why: "can let other accounts subscribe log groups to a destination",
  },
  {
    action: "s3:PutReplicationConfiguration",
    category: "resource-policy",
    why: "can replicate every new object of any bucket to a bucket in another account",
  },
  {
    action: "lambda:CreateFunctionUrlConfig",
    category: "resource-policy",
    why: "can give any function a URL with AuthType NONE, callable from the internet",
    fix: "add a lambda:FunctionUrlAuthType = AWS_IAM condition",
  },
  {
    action: "lambda:UpdateFunctionUrlConfig",
    category: "resource-policy",
    why: "can switch any function URL to AuthType NONE, callable from the internet",
    fix: "add a lambda:FunctionUrlAuthType = AWS_IAM condition",
  },
  {
    action: "ec2:ModifyImageAttribute",
    category: "resource-policy",
    why: "can share any AMI (and the data on its snapshots) with another account or the public",
  },
  {
    action: "rds:ModifyDBSnapshotAttribute",
    category: "resource-policy",
    why: "can share any database snapshot with another account or the public",
  },
  {
    action: "rds:ModifyDBClusterSnapshotAttribute",
    category: "resource-policy",
    why: "can share any cluster snapshot with another account or the public",
  },
  {
    action: "es:UpdateDomainConfig",
    category: "resource-policy",
    why: "can rewrite the access policy of any OpenSearch domain",
  },
  {
    action: "ram:CreateResourceShare",
    category: "resource-policy",
    why: "can share resources (subnets, transit gateways, prefix lists ...) with other accounts",
    fix: "add ram:RequestedAllowsExternalPrincipals = false",
  },
  {
    action: "ram:AssociateResourceShare",
    category: "resource-policy",
    why: "can add principals and resources to any resource share",
    fix: "add ram:AllowsExternalPrincipals = false",
  },
];

/**
 * Catalog-derived writes whose risk is about one of their resource types only: the other type names
 * a collection in which the call creates something new (the holder's own).
 */
const TARGETED: ReachRule[] = [
  {
    // RestApis is the collection: a policy given when a new API is created.
    action: "apigateway:UpdateRestApiPolicy",
    category: "resource-policy",
    why: "can rewrite the resource policy of any REST API and open it to another account or the public",
    target: "restapi",
  },
];

/** Permissions-management actions that do not widen who may access data (excluded from the derived rule). */
const NOT_ACCESS_GRANTS = new Set(
  [
    "s3:BypassGovernanceRetention", // deletes locked objects: destruction, not access
    "fsx:BypassSnaplockEnterpriseRetention",
    "s3:ObjectOwnerOverrideToBucketOwner",
    "xray:PutEncryptionConfig",
    "ec2:AttachResourcesToPlacementGroup",
    "glacier:InitiateVaultLock", // locks restrict
    "glacier:CompleteVaultLock",
    "glacier:SetDataRetrievalPolicy",
    "dynamodb:UpdateAbacStatus",
  ].map((a) => a.toLowerCase()),
);

/** Verbs that take access away, read, or only check: never a widening write. */
const NOT_A_GRANT_VERB =
  /^(Delete|Remove|Revoke|Retire|Cancel|Reject|Disassociate|Dissociate|Detach|Abort|Validate|List|Get|Describe|Search|Check|Withdraw|Deregister)|^Enable\w*BlockPublicAccess$|AllowVendedLogDeliveryForResource$/;

/** Write-level actions whose name says they write a resource policy or a permission. */
const POLICY_WRITE_NAME =
  /^(Put|Set|Create|Update|Add|Associate|Modify)\w*(ResourcePolicy|AccessPolicy|PermissionsPolicy|Permissions?|ResourcePolicyStatement)$/;

/** Credential resets that give whoever makes them the data behind the credential. */
const CREDENTIAL_RESETS: ReachRule[] = [
  ["rds:ModifyDBInstance", "can reset the master password of any database instance and log in to its data"],
  ["rds:ModifyDBCluster", "can reset the master password of any Aurora or DocumentDB/Neptune cluster"],
  ["redshift:ModifyCluster", "can reset the admin password of any Redshift cluster"],
  [
    "redshift-serverless:UpdateNamespace",
    "can reset the admin password of any Redshift Serverless namespace",
  ],
  ["elasticache:ModifyUser", "can set the password or access string of any ElastiCache user"],
  ["elasticache:ModifyReplicationGroup", "can set a new AUTH token on any Redis replication group"],
  ["memorydb:UpdateUser", "can set the password of any MemoryDB user"],
  ["docdb-elastic:UpdateCluster", "can reset the admin password of any DocumentDB elastic cluster"],
  ["mq:UpdateUser", "can reset the password of any Amazon MQ broker user"],
  ["mq:CreateUser", "can add a user to any Amazon MQ broker"],
  ["ds:ResetUserPassword", "can reset the password of any directory user"],
  ["cognito-idp:AdminSetUserPassword", "can set the password of any user of any Cognito user pool"],
  ["lightsail:UpdateRelationalDatabase", "can reset the master password of any Lightsail database"],
].map(([action, why]) => ({ action: action!, category: "credential-reset" as const, why: why! }));
CREDENTIAL_RESETS.push({
  action: "elasticache:ModifyUserGroup",
  category: "credential-reset",
  why: "can add a user it created to any ElastiCache user group",
  target: "usergroup",
});

/** Changes of configuration that make existing compute run the holder's code with its role. */
const CODE_EXECUTION: ReachRule[] = [
  {
    action: "lambda:UpdateFunctionConfiguration",
    category: "code-execution",
    why: "can add a layer and AWS_LAMBDA_EXEC_WRAPPER (or change the handler) of any function and run code with its role",
    fix: "a lambda:Layer condition limits the layers, not environment variables",
  },
  {
    action: "lambda:UpdateFunctionCode",
    category: "code-execution",
    why: "can run its own code with the role of any function",
  },
  {
    action: "ec2:ModifyInstanceAttribute",
    category: "code-execution",
    why: "can replace the user data of any instance, which runs as root with the instance's role at its next start",
  },
  {
    action: "ec2:ModifyInstanceMetadataOptions",
    category: "code-execution",
    why: "can re-enable IMDSv1 or raise the hop limit on any instance, exposing its role's credentials to its containers and to SSRF",
  },
  ...["ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate"].map((action) => ({
    action,
    category: "code-execution" as const,
    why: "can give any launch template a version with its own user data, which Auto Scaling then launches with the template's role",
    needs: [
      "autoscaling:StartInstanceRefresh",
      "autoscaling:UpdateAutoScalingGroup",
      "autoscaling:SetDesiredCapacity",
      "autoscaling:TerminateInstanceInAutoScalingGroup",
    ],
  })),
  {
    action: "ssm:SendCommand",
    category: "code-execution",
    why: "can run shell commands on any managed instance, as root with its role",
    target: "instance",
  },
  {
    action: "ssm:StartSession",
    category: "code-execution",
    why: "can open a shell on any managed instance",
    target: "instance",
  },
  {
    action: "ec2-instance-connect:SendSSHPublicKey",
    category: "code-execution",
    why: "can log in to any instance with its own SSH key",
  },
  {
    action: "ecs:RegisterTaskDefinition",
    category: "code-execution",
    why: "can register a revision of any task family with its own image or command, which a service update then runs with the task role",
    needs: ["ecs:UpdateService", "ecs:CreateService", "ecs:RunTask", "ecs:StartTask"],
  },
  ...["ecs:RunTask", "ecs:StartTask"].map((action) => ({
    action,
    category: "code-execution" as const,
    why: "can run any task definition with a command override, with its task role",
  })),
  {
    action: "ecs:ExecuteCommand",
    category: "code-execution",
    why: "can open a shell in any running container",
  },
  ...["codebuild:StartBuild", "codebuild:StartBuildBatch", "codebuild:UpdateProject"].map((action) => ({
    action,
    category: "code-execution" as const,
    why: "can run its own buildspec in any CodeBuild project, with the project's role",
  })),
  {
    action: "glue:UpdateDevEndpoint",
    category: "code-execution",
    why: "can add its SSH key to any Glue development endpoint and act with its role",
  },
  {
    action: "glue:UpdateJob",
    category: "code-execution",
    why: "can point any Glue job at its own script, run with the job's role",
  },
  {
    action: "sagemaker:CreatePresignedNotebookInstanceUrl",
    category: "code-execution",
    why: "can open any notebook instance and run code with its role",
  },
  {
    action: "sagemaker:UpdateNotebookInstanceLifecycleConfig",
    category: "code-execution",
    why: "can change the start-up script of notebook instances, run with their role",
  },
  {
    action: "cloudformation:UpdateStack",
    category: "code-execution",
    why: "can change any stack, which CloudFormation applies with the stack's service role",
  },
  {
    action: "states:UpdateStateMachine",
    category: "code-execution",
    why: "can rewrite any state machine, which calls AWS APIs with its role",
  },
];

const HAND_RULES = new Map(
  [...RESOURCE_POLICY_EXTRA, ...TARGETED, ...CREDENTIAL_RESETS, ...CODE_EXECUTION].map((r) => [
    r.action.toLowerCase(),
    r,
  ]),
);

/** Every hand-listed rule (tests check that each names a real action). */
export const REACH_HAND_RULES: readonly ReachRule[] = [...HAND_RULES.values()];

/**
 * The rule for a catalog action, or undefined when it is not a reach risk. IAM's own actions are left
 * to the escalation checks.
 */
export function reachRule(service: string, action: CatalogAction): ReachRule | undefined {
  const qualified = `${service}:${action.name}`;
  const hand = HAND_RULES.get(qualified.toLowerCase());
  if (hand) return hand;
  if (service === "iam" || service === "sts") return undefined;
  if (NOT_ACCESS_GRANTS.has(qualified.toLowerCase()) || NOT_A_GRANT_VERB.test(action.name)) return undefined;
  if (action.accessLevel.includes("Permissions management") || POLICY_WRITE_NAME.test(action.name)) {
    return {
      action: qualified,
      category: "resource-policy",
      why: "can change who else may use the resource (a resource policy, ACL, grant or share) and open it to another account or the public",
    };
  }
  return undefined;
}
