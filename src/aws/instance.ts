/**
 * Finds the Identity Center instance to manage. An organization instance can only be enabled in the
 * console (there is no API for it, aws-facts.md §8), so "not enabled" gets a hint with that one step.
 */
import { KeylessError } from "../errors/keyless-error.ts";
import type { AwsClients } from "./clients.ts";
import { withAwsErrors } from "./errors.ts";
import { allPages } from "./paging.ts";

export interface InstanceRef {
  instanceArn: string;
  identityStoreId: string;
}

export const ENABLE_IDENTITY_CENTER_HINT =
  "Enable it once in the console: sign in to the AWS Organizations management account, open " +
  "IAM Identity Center, choose Enable (this creates the organization instance), and note the " +
  "AWS access portal URL (the start URL) shown on the dashboard. Everything after that keyless automates.";

export async function discoverInstance(
  clients: AwsClients,
  given: { instanceArn?: string | undefined; identityStoreId?: string | undefined } = {},
): Promise<InstanceRef> {
  if (given.instanceArn && given.identityStoreId) {
    return { instanceArn: given.instanceArn, identityStoreId: given.identityStoreId };
  }
  const instances = await withAwsErrors(() =>
    allPages(
      (NextToken) => clients.ssoAdmin.listInstances({ NextToken }),
      (p) => p.Instances,
    ),
  );
  if (instances.length === 0) {
    throw new KeylessError(
      "IDENTITY_CENTER_NOT_ENABLED",
      `IAM Identity Center is not enabled in ${clients.region} for these credentials (ListInstances returned no instance).`,
      { hint: ENABLE_IDENTITY_CENTER_HINT },
    );
  }
  if (given.instanceArn) {
    const found = instances.find((i) => i.InstanceArn === given.instanceArn);
    if (!found?.IdentityStoreId) {
      throw new KeylessError(
        "CONFIG_INVALID",
        `identityCenter.instanceArn ${given.instanceArn} is not an Identity Center instance visible in ${clients.region}.`,
        {
          hint: "Check identityCenter.region and instanceArn in keyless.yaml.",
          details: instances.map((i) => `${i.InstanceArn} (identity store ${i.IdentityStoreId})`),
        },
      );
    }
    return { instanceArn: given.instanceArn, identityStoreId: found.IdentityStoreId };
  }
  if (instances.length > 1) {
    throw new KeylessError(
      "CONFIG_INVALID",
      `${instances.length} Identity Center instances are visible in ${clients.region}; keyless cannot choose.`,
      {
        hint: "Set identityCenter.instanceArn in keyless.yaml to the organization instance to manage.",
        details: instances.map(
          (i) => `${i.InstanceArn} (identity store ${i.IdentityStoreId}, owner ${i.OwnerAccountId ?? "?"})`,
        ),
      },
    );
  }
  const only = instances[0]!;
  if (!only.InstanceArn || !only.IdentityStoreId) {
    throw new KeylessError(
      "AWS_ERROR",
      "ListInstances returned an instance without InstanceArn/IdentityStoreId.",
    );
  }
  return { instanceArn: only.InstanceArn, identityStoreId: only.IdentityStoreId };
}
