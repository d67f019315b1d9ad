/**
 * Which preset permission set covers each Terraform AWS resource type: the table behind
 * `keyless suggest`. A type may list several presets; any one of them covers it and the first is
 * preferred when nothing else decides (Lambda: serverless before compute). A type with no preset is
 * listed anyway, with the reason, so suggest can tell "known but deliberately uncovered" from
 * "unknown". `services` names the IAM service prefixes Terraform calls for the type, so the presets'
 * policies can be checked against this table. Data sources use the same type names and need only
 * the read half of the domain. Decisions are explained in docs/suggest.md.
 */

export const TERRAFORM_DOMAINS = [
  "terraform-core",
  "terraform-storage",
  "terraform-compute",
  "terraform-iam",
  "terraform-networking",
  "terraform-database",
  "terraform-serverless",
  "terraform-monitoring",
] as const;

export type TerraformDomain = (typeof TERRAFORM_DOMAINS)[number];

/** Why no preset covers a known type: out of scope for the presets, or denied by all of them. */
export interface Uncovered {
  reason: "no-preset" | "denied";
  note: string;
}

export interface ResourceDomain {
  /** Presets that cover the type, preferred first; empty when none does (see `uncovered`). */
  domains: readonly TerraformDomain[];
  /** IAM service prefixes Terraform calls for this type (`ec2`, `s3`, ...); empty: no AWS call. */
  services: readonly string[];
  uncovered?: Uncovered;
}

export interface ResourceDomainGroup extends ResourceDomain {
  types: readonly string[];
}

const CORE = ["terraform-core"] as const;
const STORAGE = ["terraform-storage"] as const;
const COMPUTE = ["terraform-compute"] as const;
const IAM = ["terraform-iam"] as const;
const NETWORKING = ["terraform-networking"] as const;
const DATABASE = ["terraform-database"] as const;
const SERVERLESS = ["terraform-serverless"] as const;
const MONITORING = ["terraform-monitoring"] as const;

const NO_PRESET = (note: string): Uncovered => ({ reason: "no-preset", note });

/** A type next to a preset's domain that the preset's policy does not grant (yet). */
const NOT_IN = (preset: TerraformDomain, what: string): Uncovered => ({
  reason: "no-preset",
  note: `${preset} does not grant ${what}`,
});

const IDENTITY_DENIED: Uncovered = {
  reason: "denied",
  note: "IAM users, groups and their credentials are what keyless replaces with Identity Center; every preset denies them",
};
const CENTRAL_DENIED: Uncovered = {
  reason: "denied",
  note: "Organizations, Identity Center and the identity store are managed by keyless.yaml; every preset denies changing them",
};

/** The table, grouped by AWS service. Every type appears once (a test checks it). */
export const RESOURCE_DOMAIN_GROUPS: readonly ResourceDomainGroup[] = [
  // Lookups that call no AWS API, or only sts:GetCallerIdentity: terraform-core is always there.
  {
    domains: CORE,
    services: [],
    types: [
      "aws_region",
      "aws_partition",
      "aws_iam_policy_document",
      "aws_arn",
      "aws_default_tags",
      "aws_ip_ranges",
      "aws_elb_service_account",
      "aws_cloudtrail_service_account",
      "aws_billing_service_account",
      "aws_service_principal",
    ],
  },
  { domains: CORE, services: ["sts"], types: ["aws_caller_identity"] },

  // Storage: S3, EBS, EFS.
  {
    domains: STORAGE,
    services: ["s3"],
    types: [
      "aws_s3_bucket",
      "aws_s3_bucket_policy",
      "aws_s3_bucket_versioning",
      "aws_s3_bucket_server_side_encryption_configuration",
      "aws_s3_bucket_public_access_block",
      "aws_s3_bucket_lifecycle_configuration",
      "aws_s3_bucket_ownership_controls",
      "aws_s3_bucket_acl",
      "aws_s3_bucket_logging",
      "aws_s3_bucket_cors_configuration",
      "aws_s3_bucket_website_configuration",
      "aws_s3_bucket_notification",
      "aws_s3_bucket_replication_configuration",
      "aws_s3_bucket_object_lock_configuration",
      "aws_s3_bucket_intelligent_tiering_configuration",
      "aws_s3_bucket_accelerate_configuration",
      "aws_s3_bucket_request_payment_configuration",
      "aws_s3_bucket_metric",
      "aws_s3_bucket_inventory",
      "aws_s3_bucket_analytics_configuration",
      "aws_s3_objects",
      "aws_s3_bucket_objects",
      "aws_canonical_user_id",
    ],
  },
  {
    domains: STORAGE,
    services: ["ec2"],
    types: [
      "aws_ebs_volume",
      "aws_ebs_snapshot",
      "aws_ebs_snapshot_copy",
      "aws_ebs_encryption_by_default",
      "aws_ebs_default_kms_key",
    ],
  },
  {
    domains: ["terraform-storage", "terraform-compute"],
    services: ["ec2"],
    types: ["aws_volume_attachment"],
  },
  {
    domains: STORAGE,
    services: ["elasticfilesystem"],
    types: [
      "aws_efs_file_system",
      "aws_efs_mount_target",
      "aws_efs_access_point",
      "aws_efs_file_system_policy",
      "aws_efs_backup_policy",
      "aws_efs_replication_configuration",
    ],
  },

  // Compute: EC2 instances, Auto Scaling, load balancers, ECS, ECR.
  {
    domains: COMPUTE,
    services: ["ec2"],
    types: [
      "aws_instance",
      "aws_instances",
      "aws_launch_template",
      "aws_key_pair",
      "aws_ami",
      "aws_ami_ids",
      "aws_placement_group",
      "aws_ec2_instance_state",
      "aws_ec2_instance_type",
      "aws_ec2_tag",
    ],
  },
  {
    domains: COMPUTE,
    services: ["autoscaling"],
    types: [
      "aws_autoscaling_group",
      "aws_autoscaling_policy",
      "aws_autoscaling_schedule",
      "aws_autoscaling_lifecycle_hook",
      "aws_autoscaling_notification",
      "aws_autoscaling_attachment",
      "aws_autoscaling_group_tag",
      "aws_autoscaling_traffic_source_attachment",
      "aws_launch_configuration",
    ],
  },
  {
    domains: COMPUTE,
    services: ["elasticloadbalancing"],
    types: [
      "aws_lb",
      "aws_lb_listener",
      "aws_lb_listener_rule",
      "aws_lb_listener_certificate",
      "aws_lb_target_group",
      "aws_lb_target_group_attachment",
      "aws_alb",
      "aws_alb_listener",
      "aws_alb_listener_rule",
      "aws_alb_target_group",
      "aws_alb_target_group_attachment",
      "aws_elb",
      "aws_elb_attachment",
    ],
  },
  {
    domains: COMPUTE,
    services: ["ecs"],
    types: [
      "aws_ecs_cluster",
      "aws_ecs_service",
      "aws_ecs_task_definition",
      "aws_ecs_capacity_provider",
      "aws_ecs_cluster_capacity_providers",
      "aws_ecs_account_setting_default",
      "aws_ecs_tag",
      "aws_ecs_container_definition",
    ],
  },
  {
    domains: COMPUTE,
    services: ["ecr"],
    types: ["aws_ecr_repository", "aws_ecr_repository_policy", "aws_ecr_lifecycle_policy"],
  },
  {
    // Application Auto Scaling (DynamoDB capacity, also ECS services): only terraform-database grants it.
    domains: DATABASE,
    services: ["application-autoscaling"],
    types: ["aws_appautoscaling_target", "aws_appautoscaling_policy", "aws_appautoscaling_scheduled_action"],
  },

  // Lambda belongs to both compute and serverless; serverless is preferred.
  {
    domains: ["terraform-serverless", "terraform-compute"],
    services: ["lambda"],
    types: [
      "aws_lambda_function",
      "aws_lambda_permission",
      "aws_lambda_alias",
      "aws_lambda_event_source_mapping",
      "aws_lambda_layer_version",
      "aws_lambda_layer_version_permission",
      "aws_lambda_function_url",
      "aws_lambda_function_event_invoke_config",
      "aws_lambda_provisioned_concurrency_config",
      "aws_lambda_code_signing_config",
    ],
  },

  // IAM: roles and policies (terraform-iam keeps them under its path and boundary).
  {
    domains: IAM,
    services: ["iam"],
    types: [
      "aws_iam_role",
      "aws_iam_roles",
      "aws_iam_role_policy",
      "aws_iam_role_policy_attachment",
      "aws_iam_role_policies_exclusive",
      "aws_iam_role_policy_attachments_exclusive",
      "aws_iam_policy",
      "aws_iam_policy_attachment",
      "aws_iam_instance_profile",
      "aws_iam_service_linked_role",
      "aws_iam_session_context",
    ],
  },
  {
    domains: [],
    services: ["iam"],
    types: [
      "aws_iam_openid_connect_provider",
      "aws_iam_saml_provider",
      "aws_iam_account_password_policy",
      "aws_iam_account_alias",
    ],
    uncovered: NO_PRESET(
      "account-wide identity settings (federation trust, password policy) belong to the account baseline",
    ),
  },
  {
    domains: [],
    services: ["iam"],
    types: [
      "aws_iam_user",
      "aws_iam_access_key",
      "aws_iam_user_policy",
      "aws_iam_user_policy_attachment",
      "aws_iam_user_login_profile",
      "aws_iam_user_group_membership",
      "aws_iam_user_ssh_key",
      "aws_iam_service_specific_credential",
      "aws_iam_signing_certificate",
      "aws_iam_virtual_mfa_device",
      "aws_iam_group",
      "aws_iam_group_policy",
      "aws_iam_group_policy_attachment",
      "aws_iam_group_membership",
    ],
    uncovered: IDENTITY_DENIED,
  },
  {
    domains: [],
    services: ["sso"],
    types: [
      "aws_ssoadmin_instances",
      "aws_ssoadmin_permission_set",
      "aws_ssoadmin_account_assignment",
      "aws_ssoadmin_managed_policy_attachment",
      "aws_ssoadmin_customer_managed_policy_attachment",
      "aws_ssoadmin_permission_set_inline_policy",
      "aws_ssoadmin_permissions_boundary_attachment",
    ],
    uncovered: CENTRAL_DENIED,
  },
  {
    domains: [],
    services: ["identitystore"],
    types: ["aws_identitystore_user", "aws_identitystore_group", "aws_identitystore_group_membership"],
    uncovered: CENTRAL_DENIED,
  },
  {
    domains: [],
    services: ["organizations"],
    types: [
      "aws_organizations_organization",
      "aws_organizations_account",
      "aws_organizations_organizational_unit",
      "aws_organizations_policy",
      "aws_organizations_policy_attachment",
    ],
    uncovered: CENTRAL_DENIED,
  },

  // Networking: the VPC and everything in it (the EC2 API).
  {
    domains: NETWORKING,
    services: ["ec2"],
    types: [
      "aws_vpc",
      "aws_vpcs",
      "aws_subnet",
      "aws_subnets",
      "aws_security_group",
      "aws_security_groups",
      "aws_security_group_rule",
      "aws_vpc_security_group_ingress_rule",
      "aws_vpc_security_group_egress_rule",
      "aws_route_table",
      "aws_route_tables",
      "aws_route",
      "aws_route_table_association",
      "aws_main_route_table_association",
      "aws_internet_gateway",
      "aws_internet_gateway_attachment",
      "aws_egress_only_internet_gateway",
      "aws_nat_gateway",
      "aws_eip",
      "aws_eip_association",
      "aws_network_acl",
      "aws_network_acl_rule",
      "aws_network_acl_association",
      "aws_network_interface",
      "aws_network_interface_attachment",
      "aws_network_interface_sg_attachment",
      "aws_vpc_endpoint",
      "aws_vpc_endpoint_service",
      "aws_vpc_endpoint_route_table_association",
      "aws_vpc_endpoint_subnet_association",
      "aws_vpc_endpoint_policy",
      "aws_vpc_peering_connection",
      "aws_vpc_peering_connection_accepter",
      "aws_vpc_peering_connection_options",
      "aws_vpc_dhcp_options",
      "aws_vpc_dhcp_options_association",
      "aws_vpc_ipv4_cidr_block_association",
      "aws_default_vpc",
      "aws_default_subnet",
      "aws_default_security_group",
      "aws_default_route_table",
      "aws_default_network_acl",
      "aws_default_vpc_dhcp_options",
      "aws_customer_gateway",
      "aws_vpn_gateway",
      "aws_vpn_gateway_attachment",
      "aws_vpn_gateway_route_propagation",
      "aws_vpn_connection",
      "aws_vpn_connection_route",
      "aws_ec2_transit_gateway",
      "aws_ec2_transit_gateway_vpc_attachment",
      "aws_ec2_transit_gateway_route_table",
      "aws_ec2_transit_gateway_route",
      "aws_ec2_transit_gateway_route_table_association",
      "aws_ec2_transit_gateway_route_table_propagation",
      "aws_ec2_managed_prefix_list",
      "aws_ec2_managed_prefix_list_entry",
      "aws_prefix_list",
      "aws_availability_zones",
      "aws_availability_zone",
    ],
  },
  { domains: NETWORKING, services: ["ec2"], types: ["aws_flow_log"] },

  // Databases: RDS (and DocumentDB / Neptune, which use the rds API), DynamoDB, ElastiCache.
  {
    domains: DATABASE,
    services: ["rds"],
    types: [
      "aws_db_instance",
      "aws_db_subnet_group",
      "aws_db_parameter_group",
      "aws_db_option_group",
      "aws_db_snapshot",
      "aws_db_cluster_snapshot",
      "aws_db_proxy",
      "aws_db_proxy_default_target_group",
      "aws_db_proxy_target",
      "aws_db_proxy_endpoint",
      "aws_db_instance_role_association",
      "aws_db_event_subscription",
      "aws_rds_cluster",
      "aws_rds_cluster_instance",
      "aws_rds_cluster_parameter_group",
      "aws_rds_cluster_endpoint",
      "aws_rds_cluster_role_association",
      "aws_rds_global_cluster",
      "aws_rds_engine_version",
      "aws_rds_orderable_db_instance",
      "aws_docdb_cluster",
      "aws_docdb_cluster_instance",
      "aws_docdb_subnet_group",
      "aws_docdb_cluster_parameter_group",
      "aws_neptune_cluster",
      "aws_neptune_cluster_instance",
      "aws_neptune_subnet_group",
    ],
  },
  {
    domains: DATABASE,
    services: ["dynamodb"],
    types: [
      "aws_dynamodb_table",
      "aws_dynamodb_global_table",
      "aws_dynamodb_table_replica",
      "aws_dynamodb_contributor_insights",
      "aws_dynamodb_kinesis_streaming_destination",
      "aws_dynamodb_resource_policy",
      "aws_dynamodb_tag",
    ],
  },
  {
    domains: DATABASE,
    services: ["elasticache"],
    types: [
      "aws_elasticache_cluster",
      "aws_elasticache_replication_group",
      "aws_elasticache_global_replication_group",
      "aws_elasticache_subnet_group",
      "aws_elasticache_parameter_group",
      "aws_elasticache_user",
      "aws_elasticache_user_group",
      "aws_elasticache_serverless_cache",
    ],
  },

  // Serverless: API Gateway, EventBridge, EventBridge Scheduler (and Lambda above).
  {
    domains: SERVERLESS,
    services: ["apigateway"],
    types: [
      "aws_api_gateway_rest_api",
      "aws_api_gateway_rest_api_policy",
      "aws_api_gateway_resource",
      "aws_api_gateway_method",
      "aws_api_gateway_method_response",
      "aws_api_gateway_method_settings",
      "aws_api_gateway_integration",
      "aws_api_gateway_integration_response",
      "aws_api_gateway_deployment",
      "aws_api_gateway_stage",
      "aws_api_gateway_domain_name",
      "aws_api_gateway_base_path_mapping",
      "aws_api_gateway_api_key",
      "aws_api_gateway_usage_plan",
      "aws_api_gateway_usage_plan_key",
      "aws_api_gateway_authorizer",
      "aws_api_gateway_account",
      "aws_api_gateway_vpc_link",
      "aws_api_gateway_gateway_response",
      "aws_api_gateway_model",
      "aws_api_gateway_request_validator",
      "aws_apigatewayv2_api",
      "aws_apigatewayv2_api_mapping",
      "aws_apigatewayv2_authorizer",
      "aws_apigatewayv2_deployment",
      "aws_apigatewayv2_domain_name",
      "aws_apigatewayv2_integration",
      "aws_apigatewayv2_integration_response",
      "aws_apigatewayv2_route",
      "aws_apigatewayv2_route_response",
      "aws_apigatewayv2_stage",
      "aws_apigatewayv2_vpc_link",
    ],
  },
  {
    domains: SERVERLESS,
    services: ["events"],
    types: [
      "aws_cloudwatch_event_rule",
      "aws_cloudwatch_event_target",
      "aws_cloudwatch_event_bus",
      "aws_cloudwatch_event_bus_policy",
      "aws_cloudwatch_event_permission",
      "aws_cloudwatch_event_archive",
    ],
  },
  {
    domains: SERVERLESS,
    services: ["scheduler"],
    types: ["aws_scheduler_schedule", "aws_scheduler_schedule_group"],
  },

  // Monitoring: CloudWatch (metrics, alarms, logs), X-Ray, CloudTrail.
  {
    domains: MONITORING,
    services: ["logs"],
    types: [
      "aws_cloudwatch_log_group",
      "aws_cloudwatch_log_subscription_filter",
      "aws_cloudwatch_log_metric_filter",
      "aws_cloudwatch_log_resource_policy",
      "aws_cloudwatch_log_data_protection_policy",
    ],
  },
  {
    domains: MONITORING,
    services: ["cloudwatch"],
    types: [
      "aws_cloudwatch_metric_alarm",
      "aws_cloudwatch_composite_alarm",
      "aws_cloudwatch_dashboard",
      "aws_cloudwatch_metric_stream",
    ],
  },
  {
    domains: MONITORING,
    services: ["xray"],
    types: ["aws_xray_sampling_rule", "aws_xray_group", "aws_xray_encryption_config"],
  },
  { domains: MONITORING, services: ["cloudtrail"], types: ["aws_cloudtrail"] },

  // Known types no preset covers, with the reason (suggest lists them as uncovered).
  // First: services next to a preset's domain that its policy does not grant (today's preset scope).
  {
    domains: [],
    services: ["s3"],
    types: ["aws_s3_object", "aws_s3_object_copy", "aws_s3_bucket_object"],
    uncovered: NOT_IN(
      "terraform-storage",
      "the objects in buckets (it manages buckets and their settings, not their contents)",
    ),
  },
  {
    domains: [],
    services: ["s3", "s3express"],
    types: ["aws_s3_access_point", "aws_s3_account_public_access_block", "aws_s3_directory_bucket"],
    uncovered: NOT_IN("terraform-storage", "access points, account-wide S3 settings and directory buckets"),
  },
  {
    domains: [],
    services: ["ec2"],
    types: [
      "aws_ami_copy",
      "aws_ami_from_instance",
      "aws_spot_instance_request",
      "aws_ec2_capacity_reservation",
    ],
    uncovered: NOT_IN("terraform-compute", "creating images, spot requests and capacity reservations"),
  },
  {
    domains: [],
    services: ["ecr"],
    types: [
      "aws_ecr_replication_configuration",
      "aws_ecr_registry_scanning_configuration",
      "aws_ecr_pull_through_cache_rule",
      "aws_ecr_image",
      "aws_ecr_authorization_token",
    ],
    uncovered: NOT_IN("terraform-compute", "registry-wide ECR settings, image reads and registry tokens"),
  },
  {
    domains: [],
    services: ["eks", "batch"],
    types: [
      "aws_eks_cluster",
      "aws_eks_node_group",
      "aws_eks_addon",
      "aws_eks_fargate_profile",
      "aws_eks_access_entry",
      "aws_eks_access_policy_association",
      "aws_eks_identity_provider_config",
      "aws_eks_pod_identity_association",
      "aws_eks_cluster_auth",
      "aws_batch_compute_environment",
      "aws_batch_job_queue",
      "aws_batch_job_definition",
    ],
    uncovered: NOT_IN(
      "terraform-compute",
      "EKS and AWS Batch (it covers EC2, Auto Scaling, load balancers, Lambda, ECS, ECR)",
    ),
  },
  {
    domains: [],
    services: ["lambda"],
    types: ["aws_lambda_invocation"],
    uncovered: NOT_IN("terraform-serverless", "invoking functions from Terraform (lambda:InvokeFunction)"),
  },
  {
    domains: [],
    services: [
      "route53",
      "route53resolver",
      "acm",
      "cloudfront",
      "wafv2",
      "servicediscovery",
      "network-firewall",
    ],
    types: [
      "aws_route53_zone",
      "aws_route53_record",
      "aws_route53_health_check",
      "aws_route53_zone_association",
      "aws_route53_vpc_association_authorization",
      "aws_route53_delegation_set",
      "aws_route53_query_log",
      "aws_route53_key_signing_key",
      "aws_route53_hosted_zone_dnssec",
      "aws_route53_resolver_endpoint",
      "aws_route53_resolver_rule",
      "aws_route53_resolver_rule_association",
      "aws_acm_certificate",
      "aws_acm_certificate_validation",
      "aws_cloudfront_distribution",
      "aws_cloudfront_origin_access_control",
      "aws_cloudfront_origin_access_identity",
      "aws_cloudfront_function",
      "aws_cloudfront_cache_policy",
      "aws_cloudfront_origin_request_policy",
      "aws_cloudfront_response_headers_policy",
      "aws_cloudfront_public_key",
      "aws_cloudfront_key_group",
      "aws_cloudfront_monitoring_subscription",
      "aws_cloudfront_realtime_log_config",
      "aws_wafv2_web_acl",
      "aws_wafv2_web_acl_association",
      "aws_wafv2_ip_set",
      "aws_wafv2_rule_group",
      "aws_wafv2_regex_pattern_set",
      "aws_wafv2_web_acl_logging_configuration",
      "aws_service_discovery_private_dns_namespace",
      "aws_service_discovery_public_dns_namespace",
      "aws_service_discovery_http_namespace",
      "aws_service_discovery_service",
      "aws_networkfirewall_firewall",
      "aws_networkfirewall_firewall_policy",
      "aws_networkfirewall_rule_group",
    ],
    uncovered: NOT_IN(
      "terraform-networking",
      "DNS (Route 53), certificates (ACM), CloudFront, WAF, Cloud Map and Network Firewall (it covers the VPC through the EC2 API)",
    ),
  },
  {
    domains: [],
    services: ["dynamodb"],
    types: ["aws_dynamodb_table_item"],
    uncovered: NOT_IN("terraform-database", "table items, which are data (no dynamodb:PutItem)"),
  },
  {
    domains: [],
    services: ["memorydb", "dax", "redshift", "es"],
    types: [
      "aws_memorydb_cluster",
      "aws_memorydb_subnet_group",
      "aws_dax_cluster",
      "aws_dax_subnet_group",
      "aws_redshift_cluster",
      "aws_redshift_subnet_group",
      "aws_redshift_parameter_group",
      "aws_opensearch_domain",
      "aws_opensearch_domain_policy",
      "aws_elasticsearch_domain",
    ],
    uncovered: NOT_IN(
      "terraform-database",
      "MemoryDB, DAX, Redshift and OpenSearch (it covers RDS, DynamoDB, ElastiCache)",
    ),
  },
  {
    domains: [],
    services: ["sns", "sqs", "states", "pipes", "appsync", "cognito-idp", "kinesis", "firehose"],
    types: [
      "aws_sns_topic",
      "aws_sns_topic_subscription",
      "aws_sns_topic_policy",
      "aws_sns_topic_data_protection_policy",
      "aws_sns_platform_application",
      "aws_sqs_queue",
      "aws_sqs_queue_policy",
      "aws_sqs_queue_redrive_policy",
      "aws_sqs_queue_redrive_allow_policy",
      "aws_sfn_state_machine",
      "aws_sfn_activity",
      "aws_sfn_alias",
      "aws_pipes_pipe",
      "aws_appsync_graphql_api",
      "aws_appsync_datasource",
      "aws_appsync_resolver",
      "aws_appsync_function",
      "aws_appsync_api_key",
      "aws_cognito_user_pool",
      "aws_cognito_user_pool_client",
      "aws_cognito_user_pool_domain",
      "aws_cognito_identity_provider",
      "aws_cognito_resource_server",
      "aws_cognito_user_group",
      "aws_kinesis_stream",
      "aws_kinesis_stream_consumer",
      "aws_kinesis_firehose_delivery_stream",
    ],
    uncovered: NOT_IN(
      "terraform-serverless",
      "SNS, SQS, Step Functions, EventBridge Pipes, AppSync, Cognito user pools and Kinesis (it covers Lambda, API Gateway, EventBridge)",
    ),
  },
  {
    domains: [],
    services: ["events"],
    types: [
      "aws_cloudwatch_event_connection",
      "aws_cloudwatch_event_api_destination",
      "aws_cloudwatch_event_endpoint",
    ],
    uncovered: NOT_IN(
      "terraform-serverless",
      "EventBridge connections, API destinations and global endpoints",
    ),
  },
  {
    domains: [],
    services: ["logs", "cloudtrail", "synthetics"],
    types: [
      "aws_cloudwatch_log_stream",
      "aws_cloudwatch_log_destination",
      "aws_cloudwatch_log_destination_policy",
      "aws_cloudwatch_query_definition",
      "aws_cloudtrail_event_data_store",
      "aws_synthetics_canary",
    ],
    uncovered: NOT_IN(
      "terraform-monitoring",
      "log streams, cross-account log destinations, saved queries, CloudTrail Lake and Synthetics",
    ),
  },

  // Then: services outside every preset's domain, on purpose.
  {
    domains: [],
    services: ["kms"],
    types: ["aws_kms_key", "aws_kms_alias", "aws_kms_grant", "aws_kms_key_policy", "aws_kms_replica_key"],
    uncovered: NO_PRESET(
      "KMS keys and their key policies decide who can decrypt data; grant them deliberately (terraform-core uses only the state key)",
    ),
  },
  {
    domains: [],
    services: ["secretsmanager"],
    types: [
      "aws_secretsmanager_secret",
      "aws_secretsmanager_secret_version",
      "aws_secretsmanager_secret_policy",
      "aws_secretsmanager_secret_rotation",
    ],
    uncovered: NO_PRESET(
      "no preset reads or writes secret values; add a statement scoped to this module's secrets",
    ),
  },
  {
    domains: [],
    services: ["ssm"],
    types: ["aws_ssm_parameter", "aws_ssm_document", "aws_ssm_association", "aws_ssm_maintenance_window"],
    uncovered: NO_PRESET(
      "Parameter Store can hold SecureString secrets; add a statement scoped to a parameter path",
    ),
  },
  {
    domains: [],
    services: ["backup"],
    types: ["aws_backup_vault", "aws_backup_plan", "aws_backup_selection"],
    uncovered: NO_PRESET("AWS Backup has no preset"),
  },
  {
    domains: [],
    services: ["guardduty", "securityhub", "config"],
    types: [
      "aws_guardduty_detector",
      "aws_securityhub_account",
      "aws_config_configuration_recorder",
      "aws_config_delivery_channel",
      "aws_config_config_rule",
    ],
    uncovered: NO_PRESET("security and compliance services belong to the account baseline, not to a module"),
  },
  {
    domains: [],
    services: ["cognito-identity"],
    types: ["aws_cognito_identity_pool", "aws_cognito_identity_pool_roles_attachment"],
    uncovered: NO_PRESET("identity pools hand out AWS credentials to application users; grant deliberately"),
  },
  {
    domains: [],
    services: ["ses"],
    types: ["aws_ses_domain_identity", "aws_ses_email_identity", "aws_sesv2_email_identity"],
    uncovered: NO_PRESET("SES has no preset"),
  },
  {
    domains: [],
    services: ["glue", "athena"],
    types: [
      "aws_glue_catalog_database",
      "aws_glue_catalog_table",
      "aws_glue_job",
      "aws_glue_crawler",
      "aws_athena_workgroup",
      "aws_athena_database",
    ],
    uncovered: NO_PRESET("analytics services have no preset"),
  },
  {
    domains: [],
    services: ["codebuild", "codepipeline", "codestar-connections"],
    types: ["aws_codebuild_project", "aws_codepipeline", "aws_codestarconnections_connection"],
    uncovered: NO_PRESET("CI/CD services have no preset"),
  },
  {
    domains: [],
    services: ["ram"],
    types: ["aws_ram_resource_share", "aws_ram_resource_association", "aws_ram_principal_association"],
    uncovered: NO_PRESET("sharing resources with other accounts is an account-baseline decision"),
  },
];

function buildTable(): ReadonlyMap<string, ResourceDomain> {
  const table = new Map<string, ResourceDomain>();
  for (const { types, ...entry } of RESOURCE_DOMAIN_GROUPS) for (const type of types) table.set(type, entry);
  return table;
}

/** Every known type → its entry. */
export const RESOURCE_DOMAINS: ReadonlyMap<string, ResourceDomain> = buildTable();

/** The entry for a resource or data source type, or undefined when the table does not know it. */
export function resourceDomain(type: string): ResourceDomain | undefined {
  return RESOURCE_DOMAINS.get(type);
}

export function isTerraformDomain(name: string): name is TerraformDomain {
  return (TERRAFORM_DOMAINS as readonly string[]).includes(name);
}
