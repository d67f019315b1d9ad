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
export const PERMISSION_SET_NAME_MAX = 32;
export const PERMISSION_SET_DESCRIPTION_MAX = 700;
export const RELAY_STATE_MAX = 240;
/** sso-admin ManagedPolicyArn (botocore sso-admin 2020-07-20), anchored. */
export const MANAGED_POLICY_ARN =
  /^arn:aws(?:-[a-z]{1,5}){0,3}:iam::aws:policy(?:\/[A-Za-z0-9.,+@=_-]+)*\/[A-Za-z0-9.,+=@_-]+$/;
export const CUSTOMER_POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
export const POLICY_PATH_MAX = 512;
/** IAM's path pattern (iam CreateRole/CreatePolicy Path): starts and ends with "/"; "/" alone is the default. */
export const POLICY_PATH = /^\/(?:[\u0021-\u007E]*\/)?$/;
/**
 * sso-admin ManagedPolicyPath (botocore sso-admin 2020-07-20), for the path of a customer-managed
 * policy reference: stricter than IAM's own path (no "*", no "//").
 */
export const CUSTOMER_POLICY_PATH = /^(?:\/[A-Za-z0-9.,+@=_-]+)*\/$/;
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

/*
 * Character classes, one allowed character each (so a message can name the first one that does not
 * fit). Copied from the "pattern" of the AWS API model shapes as botocore 1.43.11 ships them
 * (botocore/data/identitystore/2020-06-15/service-2.json and sso-admin/2020-07-20/service-2.json; the
 * AWS::IdentityStore CloudFormation schemas carry the same identitystore patterns). AWS matches each
 * pattern against the whole value. The models' patterns are ECMA-262 regular expressions (Smithy's
 * @pattern): \p{..} is a Unicode general category (the u flag here) and \w is ASCII [A-Za-z0-9_].
 */
export interface CharClass {
  /** Matches one allowed character (a whole code point). */
  readonly char: RegExp;
  /** What is allowed, for messages: "letters, digits and + = , . @ _ -". */
  readonly allowed: string;
}

/** identitystore UserName: [\p{L}\p{M}\p{S}\p{N}\p{P}]+ (1-128). No spaces, no control characters. */
export const USER_NAME_CHARS: CharClass = {
  char: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]$/u,
  allowed: "letters, marks, digits, punctuation and symbols (no spaces or control characters)",
};

/**
 * identitystore SensitiveStringType: [\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r \u00A0\u3000]+ (1-1024). The
 * type of a user's DisplayName, Name.GivenName / FamilyName, Emails[].Value and a group's Description.
 */
export const IDENTITY_TEXT_CHARS: CharClass = {
  char: /^[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r \u00A0\u3000]$/u,
  allowed:
    "letters, marks, digits, punctuation, symbols, spaces, tabs and line breaks (no other control or invisible characters)",
};

/** identitystore GroupDisplayName: [\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r \u00A0]+ (1-1024). */
export const GROUP_NAME_CHARS: CharClass = {
  char: /^[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r \u00A0]$/u,
  allowed:
    "letters, marks, digits, punctuation, symbols, spaces, tabs and line breaks (no other control or invisible characters)",
};

/** sso-admin PermissionSetName: [\w+=,.@-]+ (1-32). */
export const PERMISSION_SET_NAME_CHARS: CharClass = {
  char: /^[\w+=,.@-]$/,
  allowed: "letters, digits and + = , . @ _ - (ASCII only)",
};

/** sso-admin PermissionSetDescription: [\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]* (1-700). */
export const PERMISSION_SET_DESCRIPTION_CHARS: CharClass = {
  char: /^[\t\n\r\u0020-\u007E\u00A1-\u00FF]$/,
  allowed: "printable Latin-1 text, tabs and line breaks",
};

/** sso-admin RelayState: [a-zA-Z0-9&$@#\\\/%?=~\-_'"|!:,.;*+\[\]\ \(\)\{\}]+ (1-240). */
export const RELAY_STATE_CHARS: CharClass = {
  char: /^[a-zA-Z0-9&$@#\\/%?=~\-_'"|!:,.;*+[\] (){}]$/,
  allowed: "ASCII letters, digits, spaces and & $ @ # \\ / % ? = ~ - _ ' \" | ! : , . ; * + [ ] ( ) { }",
};

/** sso-admin TagKey and TagValue: [\p{L}\p{Z}\p{N}_.:/=+\-@]* (keys 1-128, values 0-256). */
export const TAG_CHARS: CharClass = {
  char: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]$/u,
  allowed: "letters, digits, spaces and _ . : / = + - @",
};

/**
 * sso-admin PermissionSetPolicyDocument: [\u0009\u000A\u000D\u0020-\u00FF]+ (1-32768). keyless sends
 * the compact JSON, in which JSON.stringify has escaped every control character below U+0020, so what
 * can still fail is a character above U+00FF in a string (a "€" in a condition value, an emoji).
 */
export const POLICY_DOCUMENT_CHARS: CharClass = {
  char: /^[\t\n\r\u0020-\u00FF]$/,
  allowed: "Latin-1 text (U+0020 to U+00FF) in an inline policy",
};
