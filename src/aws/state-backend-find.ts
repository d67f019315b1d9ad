/**
 * Look-ups the state backend writer makes when a create's reply was lost or AWS answered "already
 * exists" (idempotent.ts), and before creating a KMS key.
 *
 * A KMS key has no name: CreateKey sent twice makes two keys, and a run killed between CreateKey and
 * CreateAlias leaves a key the next plan cannot see (it finds the key by its alias). So keyless tags
 * every key it creates with the alias it is for (KEY_ALIAS_TAG), and before creating one looks for a
 * key with that tag and no alias: one made by an earlier attempt, which is adopted instead. This costs
 * ListAliases + ListKeys + one ListResourceTags per key without an alias, once per key creation
 * (AWS-managed keys all have aliases).
 */
import { KeylessError } from "../errors/keyless-error.ts";
import type { StateBackendClients } from "./clients.ts";
import { isAwsError } from "./errors.ts";
import { unlessNotFound } from "./idempotent.ts";

/** Tag on every KMS key keyless creates: the alias it was created for. */
export const KEY_ALIAS_TAG = "keyless:alias";

export interface FoundKey {
  keyId: string;
  arn: string;
}

export function createStateBackendFinders(b: StateBackendClients, expectedBucketOwner: string) {
  const { kms, s3, dynamodb } = b;

  async function aliases(): Promise<Array<{ name: string; target: string | undefined }>> {
    const out: Array<{ name: string; target: string | undefined }> = [];
    let Marker: string | undefined;
    do {
      const page = await kms.listAliases({ Marker, Limit: 100 });
      for (const a of page.Aliases ?? []) out.push({ name: a.AliasName ?? "", target: a.TargetKeyId });
      Marker = page.Truncated ? page.NextMarker : undefined;
    } while (Marker);
    return out;
  }

  return {
    /** An enabled key tagged for `alias` that no alias points to yet (made by an earlier attempt). */
    async orphanKey(alias: string): Promise<FoundKey | undefined> {
      const aliased = new Set((await aliases()).map((a) => a.target).filter((t) => t !== undefined));
      let Marker: string | undefined;
      do {
        const page = await kms.listKeys({ Marker, Limit: 100 });
        for (const k of page.Keys ?? []) {
          if (!k.KeyId || aliased.has(k.KeyId)) continue;
          let tags: Array<{ TagKey?: string | undefined; TagValue?: string | undefined }>;
          try {
            tags = (await kms.listResourceTags({ KeyId: k.KeyId })).Tags ?? [];
          } catch (err) {
            // Keys of others whose policy does not let us read them are not ours.
            if (isAwsError(err, "AccessDeniedException")) continue;
            throw err;
          }
          if (!tags.some((t) => t.TagKey === KEY_ALIAS_TAG && t.TagValue === alias)) continue;
          const meta = (await kms.describeKey({ KeyId: k.KeyId })).KeyMetadata;
          if (meta?.KeyState === "Enabled" && meta.Arn) return { keyId: k.KeyId, arn: meta.Arn };
        }
        Marker = page.Truncated ? page.NextMarker : undefined;
      } while (Marker);
      return undefined;
    },

    /** true when `alias` points to `keyId`; undefined when there is no such alias. */
    async aliasOf(alias: string, keyId: string): Promise<true | undefined> {
      const found = (await aliases()).find((a) => a.name === alias);
      if (!found) return undefined;
      if (found.target === keyId) return true;
      throw new KeylessError("APPLY_FAILED", `the KMS alias ${alias} already points to another key`, {
        hint: "Something else created it meanwhile. Run `keyless plan` again to see the key it names.",
      });
    },

    /** true when this account owns the bucket; undefined when it does not exist or is not ours. */
    async bucket(Bucket: string): Promise<true | undefined> {
      try {
        await s3.headBucket({ Bucket, ExpectedBucketOwner: expectedBucketOwner });
        return true;
      } catch (err) {
        const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (status === 403 || status === 404) return undefined;
        throw err;
      }
    },

    /** true when the table exists with keyless's key (LockID, string, hash). */
    async lockTable(TableName: string): Promise<true | undefined> {
      const t = (await unlessNotFound(() => dynamodb.describeTable({ TableName })))?.Table;
      if (!t) return undefined;
      const key = t.KeySchema ?? [];
      if (key.length === 1 && key[0]?.AttributeName === "LockID" && key[0]?.KeyType === "HASH") return true;
      throw new KeylessError(
        "APPLY_FAILED",
        `the DynamoDB table ${TableName} already exists with another key`,
        {
          hint: "Something else created it meanwhile. Run `keyless plan` again to see it as it is now.",
        },
      );
    },
  };
}
