/**
 * Opens IAM Identity Center for the commands that talk to AWS: one set of shared clients for the
 * configured region, the discovered instance, and the read/write ports built on them. When
 * keyless.yaml has a stateBackend, reading and writing cover it too, with S3 / DynamoDB / KMS clients
 * in the backend's region (loaded only then).
 */
import type { KeylessWriter } from "../apply/ports.ts";
import { type AwsClients, createAwsClients } from "../aws/clients.ts";
import { createIdentityCenterWriter } from "../aws/identity-center-writer.ts";
import { discoverInstance } from "../aws/instance.ts";
import { readOrganizationAccounts } from "../aws/organization-accounts.ts";
import { type ReadReport, readActualWithReport } from "../aws/read-actual.ts";
import { readStateBackend } from "../aws/read-state-backend.ts";
import { createStateBackendWriter } from "../aws/state-backend-writer.ts";
import type { Actual, Desired, DesiredStateBackend } from "../engine/model.ts";

export interface IdentityCenterSession {
  clients: AwsClients;
  instanceArn: string;
  identityStoreId: string;
  read(desired: Desired, onProgress?: (message: string) => void, opts?: SessionReadOptions): Promise<Actual>;
  /** Identity Center writes, plus the state backend's when the session's keyless.yaml has one. */
  writer(): KeylessWriter;
}

export interface SessionReadOptions {
  /** List the identity store whole so that unmanaged users and groups are counted. */
  countUnmanaged?: boolean;
  /** Receives how Identity Center was read (strategy, calls) for --debug / --json. */
  onReport?(report: ReadReport): void;
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
  const backend: DesiredStateBackend | undefined = desired.stateBackend;
  const regional = backend ? await clients.stateBackend(backend.region) : undefined;
  return {
    clients,
    ...instance,
    read: async (d, onProgress, opts = {}) => {
      const [{ actual, report }, stateBackend, org] = await Promise.all([
        readActualWithReport(clients, withInstance(d), {
          ...(onProgress ? { onProgress } : {}),
          ...(opts.countUnmanaged ? { countUnmanaged: true } : {}),
        }),
        d.stateBackend ? readStateBackend(clients, d.stateBackend) : Promise.resolve(undefined),
        // The file's account ids are checked against the organization (engine/account-check.ts).
        Object.keys(d.accounts).length > 0 ? readOrganizationAccounts(clients) : Promise.resolve(undefined),
      ]);
      opts.onReport?.(report);
      if (org && !org.ok) onProgress?.(`Account ids not checked against the organization: ${org.reason}`);
      return {
        ...actual,
        ...(stateBackend ? { stateBackend } : {}),
        ...(org?.ok ? { organizationAccounts: org.accounts } : {}),
      };
    },
    writer: () => {
      const ic = createIdentityCenterWriter(clients, instance);
      if (!backend || !regional) return ic;
      return { ...ic, stateBackend: createStateBackendWriter(regional, { accountId: backend.accountId }) };
    },
  };
}
