/**
 * The state backend of a profile set, kept on the engineer's machine as `keyless_state_*` keys of each
 * profile `keyless configure --from` writes (inside keyless's managed block of ~/.aws/config), where
 * `keyless terraform files --profile P` finds it. Every reader of the file ignores keys it does not
 * know: botocore and the AWS CLI (test/interop/consumers/static-profile.test.ts proves they still read
 * such a profile), the JS SDK and the Go SDK. Values are single tokens, as every value keyless writes.
 */
import { KeylessError } from "../../errors/keyless-error.ts";
import type { ProfileSetStateBackend } from "./profile-set.ts";

/** Profile key → field of the profile set's `stateBackend`, in the order they are written. */
export const STATE_KEYS = {
  keyless_state_bucket: "bucket",
  keyless_state_region: "region",
  keyless_state_key_prefix: "keyPrefix",
  keyless_state_locking: "locking",
  keyless_state_dynamodb_table: "dynamodbTable",
  keyless_state_kms_key_id: "kmsKeyId",
} as const satisfies Record<string, keyof ProfileSetStateBackend>;

type StateKey = keyof typeof STATE_KEYS;

/** The keys to write into a profile for a state backend. */
export function stateBackendProfileKeys(sb: ProfileSetStateBackend): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, field] of Object.entries(STATE_KEYS) as [StateKey, keyof ProfileSetStateBackend][]) {
    const v = sb[field];
    if (v !== undefined && v !== "") out[key] = v;
  }
  return out;
}

/**
 * The state backend recorded in a profile's values, or undefined when it has none. A damaged record
 * (a required key missing, an unknown locking) is CONFIG_INVALID naming `where` (file:line).
 */
export function stateBackendFromProfile(
  values: Readonly<Record<string, string>>,
  where: string,
): ProfileSetStateBackend | undefined {
  if (!Object.keys(STATE_KEYS).some((k) => values[k] !== undefined)) return undefined;
  const bucket = values.keyless_state_bucket;
  const region = values.keyless_state_region;
  const locking = values.keyless_state_locking ?? "s3";
  const hint = "Run `keyless configure --from FILE` again with the profile set from your platform team.";
  if (!bucket || !region) {
    throw new KeylessError(
      "CONFIG_INVALID",
      `${where}: the profile's state backend needs both keyless_state_bucket and keyless_state_region`,
      { hint },
    );
  }
  if (locking !== "s3" && locking !== "dynamodb") {
    throw new KeylessError(
      "CONFIG_INVALID",
      `${where}: keyless_state_locking is "${locking}", not s3 or dynamodb`,
      { hint },
    );
  }
  const sb: ProfileSetStateBackend = { bucket, region, locking };
  if (values.keyless_state_key_prefix) sb.keyPrefix = values.keyless_state_key_prefix;
  if (values.keyless_state_dynamodb_table) sb.dynamodbTable = values.keyless_state_dynamodb_table;
  if (values.keyless_state_kms_key_id) sb.kmsKeyId = values.keyless_state_kms_key_id;
  return sb;
}
