/**
 * Opens IAM Identity Center for the commands that talk to AWS: one set of shared clients for the
 * configured region, the discovered instance, and the read/write ports built on them.
 */
import type { IdentityCenterWriter } from "../apply/ports.ts";
import { type AwsClients, createAwsClients } from "../aws/clients.ts";
import { createIdentityCenterWriter } from "../aws/identity-center-writer.ts";
import { discoverInstance } from "../aws/instance.ts";
import { readActual } from "../aws/read-actual.ts";
import type { Actual, Desired } from "../engine/model.ts";

export interface IdentityCenterSession {
  clients: AwsClients;
  instanceArn: string;
  identityStoreId: string;
  read(desired: Desired, onProgress?: (message: string) => void): Promise<Actual>;
  writer(): IdentityCenterWriter;
}

export async function openIdentityCenter(
  desired: Desired,
  opts: { requestsPerSecond?: number } = {},
): Promise<IdentityCenterSession> {
  const clients = await createAwsClients({
    region: desired.identityCenter.region,
    ...(opts.requestsPerSecond ? { requestsPerSecond: opts.requestsPerSecond } : {}),
  });
  const instance = await discoverInstance(clients, desired.identityCenter);
  const withInstance = (d: Desired): Desired => ({
    ...d,
    identityCenter: { ...d.identityCenter, ...instance },
  });
  return {
    clients,
    ...instance,
    read: (d, onProgress) => readActual(clients, withInstance(d), onProgress ? { onProgress } : {}),
    writer: () => createIdentityCenterWriter(clients, instance),
  };
}
