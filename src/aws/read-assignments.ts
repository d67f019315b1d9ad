/**
 * The two assignment reads the read planner chooses between (read-planner.ts): per principal
 * (ListAccountAssignmentsForPrincipal) and per (permission set × account) (ListAccountAssignments),
 * both at the API's maximum page of 100. What they return is filtered by the caller to what a plan
 * needs, so the Actual does not depend on the strategy.
 */
import type { AccountId, ActualAssignment, PrincipalType } from "../engine/model.ts";
import type { AwsClients } from "./clients.ts";
import { allPages } from "./paging.ts";
import { MAX_RESULTS } from "./read-planner.ts";

export interface AssignmentReader {
  clients: Pick<AwsClients, "ssoAdmin">;
  instanceArn: string;
  limit: <T>(fn: () => Promise<T>) => Promise<T>;
}

export interface PrincipalId {
  type: PrincipalType;
  id: string;
}

interface SdkAssignment {
  AccountId?: string | undefined;
  PermissionSetArn?: string | undefined;
  PrincipalId?: string | undefined;
  PrincipalType?: string | undefined;
}

function toAssignments(raw: SdkAssignment[]): ActualAssignment[] {
  return raw.flatMap((a) =>
    a.AccountId &&
    a.PermissionSetArn &&
    a.PrincipalId &&
    (a.PrincipalType === "USER" || a.PrincipalType === "GROUP")
      ? [
          {
            principalType: a.PrincipalType,
            principalId: a.PrincipalId,
            permissionSetArn: a.PermissionSetArn,
            accountId: a.AccountId,
          },
        ]
      : [],
  );
}

export async function readByPrincipal(
  r: AssignmentReader,
  principals: readonly PrincipalId[],
): Promise<ActualAssignment[]> {
  const all = await Promise.all(
    principals.map((p) =>
      allPages(
        (NextToken) =>
          r.limit(() =>
            r.clients.ssoAdmin.listAccountAssignmentsForPrincipal({
              InstanceArn: r.instanceArn,
              PrincipalId: p.id,
              PrincipalType: p.type,
              MaxResults: MAX_RESULTS,
              NextToken,
            }),
          ),
        (page) => page.AccountAssignments,
      ),
    ),
  );
  return toAssignments(all.flat());
}

export async function readBySetAndAccount(
  r: AssignmentReader,
  pairs: readonly { permissionSetArn: string; accountId: AccountId }[],
): Promise<ActualAssignment[]> {
  const all = await Promise.all(
    pairs.map((pair) =>
      allPages(
        (NextToken) =>
          r.limit(() =>
            r.clients.ssoAdmin.listAccountAssignments({
              InstanceArn: r.instanceArn,
              AccountId: pair.accountId,
              PermissionSetArn: pair.permissionSetArn,
              MaxResults: MAX_RESULTS,
              NextToken,
            }),
          ),
        (page) => page.AccountAssignments,
      ),
    ),
  );
  return toAssignments(all.flat());
}
