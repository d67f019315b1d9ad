/**
 * Formats and limits of the values keyless.yaml holds, from the AWS API models (see
 * shared docs aws-facts.md §8). One place, so the schema, the semantic checks and docs/config.md agree.
 */

/** AWS region names: eu-central-1, us-gov-west-1, cn-north-1, us-isob-east-1. */
export const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
/** Lenient on the instance id alphabet: AWS documents hex, but [a-z0-9] costs nothing. */
export const INSTANCE_ARN = /^arn:aws[-a-z]*:sso:::instance\/ssoins-[a-z0-9]{16}$/;
export const IDENTITY_STORE_ID = /^d-[0-9a-z]{10}$/;
export const ACCOUNT_ID = /^\d{12}$/;
/** An organizational unit id or the organization root id. */
export const OU_ID = /^(?:ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;
/** Account and OU names are ours (they only name targets), so keep them simple: no ":" or spaces. */
export const TARGET_NAME = /^[A-Za-z0-9][\w.@+-]{0,63}$/;

export const USER_NAME_MAX = 128;
/** Identity Center refuses these user names. Compared case-insensitively to be safe. */
export const RESERVED_USER_NAMES = ["Administrator", "AWSAdministrators"];
/** Identity store display names, given/family names, emails and group descriptions. */
export const IDENTITY_TEXT_MAX = 1024;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const PERMISSION_SET_NAME = /^[\w+=,.@-]{1,32}$/;
export const PERMISSION_SET_DESCRIPTION_MAX = 700;
export const PERMISSION_SET_DESCRIPTION_CHARS = /^[\t\n\r\u0020-\u007E\u00A1-\u00FF]*$/;
export const RELAY_STATE_MAX = 240;
export const MANAGED_POLICY_ARN = /^arn:aws[-a-z]*:iam::aws:policy\/[\w+=,.@/-]+$/;
export const CUSTOMER_POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
export const POLICY_PATH_MAX = 512;
/** Starts and ends with "/"; "/" alone is the default. */
export const POLICY_PATH = /^\/(?:[\u0021-\u007E]*\/)?$/;
/** AWS-managed plus customer-managed policies attached to one permission set. */
export const MAX_ATTACHED_POLICIES = 20;
/** Inline policy quota: non-whitespace characters of the document. */
export const INLINE_POLICY_MAX_CHARS = 10_240;
/** Inline policy API limit, in bytes. */
export const INLINE_POLICY_MAX_BYTES = 32_768;
export const POLICY_VERSIONS = ["2012-10-17", "2008-10-17"];

export const MAX_TAGS = 75;
export const TAG_KEY_MAX = 128;
export const TAG_VALUE_MAX = 256;
/** The ownership tag keyless puts on every permission set it manages. */
export const MANAGED_BY_TAG = { key: "managed-by", value: "keyless" } as const;

export const PRINCIPAL = /^(user|group):(.+)$/;
export const TARGET = /^(?:(account|ou):)?(.+)$/;
