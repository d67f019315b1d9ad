/**
 * Opens IAM Identity Center for the commands that talk to AWS: one set of shared clients for the
 * configured region, the discovered instance, and the read/write ports built on them. When
 * keyless.yaml has a stateBackend, reading and writing cover it too, with S3 / DynamoDB / KMS clients
 * in the backend's region (loaded only then). When it has CI roles, they are read and written in their
 * target accounts through the role keyless assumes there (one AssumeRole per account for the run).
 */
import type { KeylessWriter } from "../apply/ports.ts";
import { createCiWriter } from "../aws/ci-writer.ts";
import { type AwsClients, createAwsClients } from "../aws/clients.ts";
import { createIdentityCenterWriter } from "../aws/identity-center-writer.ts";
import { discoverInstance } from "../aws/instance.ts";
import { createMemberAccess, type MemberAccess } from "../aws/member-accounts.ts";
import { readOrganizationAccounts } from "../aws/organization-accounts.ts";
import { type ReadReport, readActualWithReport } from "../aws/read-actual.ts";
import { readCi } from "../aws/read-ci.ts";
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
  const hasCi = (d: Desired) => (d.ci?.roles.length ?? 0) > 0;
  const members: MemberAccess | undefined =
    desired.ci && hasCi(desired) ? createMemberAccess(clients, desired.ci) : undefined;
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
      // After Identity Center: OU targets of CI roles expand with the accounts it read.
      const ci =
        d.ci && hasCi(d)
          ? await readCi(members ?? createMemberAccess(clients, d.ci), d.ci, actual.ouAccounts, onProgress)
          : undefined;
      return {
        ...actual,
        ...(ci ? { ci } : {}),
        ...(stateBackend ? { stateBackend } : {}),
        ...(org?.ok ? { organizationAccounts: org.accounts } : {}),
      };
    },
    writer: () => {
      const ic = createIdentityCenterWriter(clients, instance);
      return {
        ...ic,
        ...(backend &&
          regional && { stateBackend: createStateBackendWriter(regional, { accountId: backend.accountId }) }),
        ...(members && { ci: createCiWriter(members, clients.clock) }),
      };
    },
  };
}
