/**
 * sso-admin operations moto 5.2.1 lacks or simplifies, answered by the stand-in:
 * - TagResource / UntagResource / ListTagsForResource (moto: HTTP 500)
 * - Put / Get / DeletePermissionsBoundary*PermissionSet (moto: HTTP 500)
 * - DescribePermissionSetProvisioningStatus (moto: HTTP 500)
 * - ListAccountsForProvisionedPermissionSet / ListPermissionSetsProvisionedToAccount computed from the
 *   assignments and provisioning seen (moto ignores assignments and the ProvisioningStatus filter)
 * - "stale" provisioning: any change to a provisioned permission set marks its accounts
 *   LATEST_PERMISSION_SET_NOT_PROVISIONED until ProvisionPermissionSet succeeds, as in AWS
 * - async mode: CreateAccountAssignment / DeleteAccountAssignment / ProvisionPermissionSet answer
 *   IN_PROGRESS and the Describe*Status calls report IN_PROGRESS for N polls, then SUCCEEDED or FAILED
 * - ListInstances → [] when "Identity Center not enabled" is configured.
 * Everything else about permission sets (existence, names, policies, assignments) stays in moto.
 */
import { randomUUID } from "node:crypto";
import { ok, relay, sendError, sendJson } from "./aws-json-wire.ts";
import type { Call, Handler } from "./handler.ts";
import { parseJson } from "./handler.ts";

const T = "SWBExternalService.";

export interface AsyncConfig {
  /** Describe*Status calls that answer IN_PROGRESS before the final status. */
  polls: number;
  /**
   * Milliseconds an operation stays IN_PROGRESS after it started, on top of `polls` (both must have
   * passed): AWS's operations take time, not a number of polls, so a fast poller sees more
   * IN_PROGRESS answers. Default 0.
   */
  latencyMs?: number;
  /** Clock for `latencyMs` (epoch ms); default Date.now. */
  now?: () => number;
  /** Make this operation end FAILED with this reason (it then changes nothing). */
  fail?: {
    op: "CreateAccountAssignment" | "DeleteAccountAssignment" | "ProvisionPermissionSet";
    reason: string;
  };
}

interface Tracked {
  kind: "creation" | "deletion" | "provisioning";
  status: Record<string, unknown>;
  final: "SUCCEEDED" | "FAILED";
  failureReason?: string;
  pollsLeft: number;
  /** Epoch ms before which the status stays IN_PROGRESS (latencyMs). */
  readyAt: number;
  now: () => number;
}

const notFound = (message: string) => ({ status: 400, type: "ResourceNotFoundException", message });
const invalid = (message: string) => ({ status: 400, type: "ValidationException", message });

export function createSsoAdminStandin() {
  const tags = new Map<string, Map<string, string>>();
  const boundaries = new Map<string, Record<string, unknown>>();
  const provisioned = new Map<string, Set<string>>();
  const stale = new Map<string, Set<string>>();
  const tracked = new Map<string, Tracked>();
  const state = { async: null as AsyncConfig | null, noInstance: false };

  const setOf = (m: Map<string, Set<string>>, k: string) => {
    let s = m.get(k);
    if (!s) {
      s = new Set();
      m.set(k, s);
    }
    return s;
  };

  /** 4xx answer from moto when the permission set does not exist, else null. */
  async function missingPermissionSet(call: Call, arn: unknown) {
    if (typeof arn !== "string" || !arn) return null;
    const found = await call.moto(`${T}DescribePermissionSet`, {
      InstanceArn: call.input.InstanceArn ?? instanceOf(arn),
      PermissionSetArn: arn,
    });
    return ok(found.status) ? null : found.raw;
  }

  function markStale(psArn: string) {
    for (const account of provisioned.get(psArn) ?? []) setOf(stale, psArn).add(account);
  }

  function track(kind: Tracked["kind"], status: Record<string, unknown>, fail: boolean, reason?: string) {
    const requestId = randomUUID();
    const polls = state.async?.polls ?? 0;
    const now = state.async?.now ?? Date.now;
    const entry: Tracked = {
      kind,
      status: { ...status, RequestId: requestId, CreatedDate: Date.now() / 1000 },
      final: fail ? "FAILED" : "SUCCEEDED",
      ...(fail && reason ? { failureReason: reason } : {}),
      pollsLeft: polls,
      readyAt: now() + (state.async?.latencyMs ?? 0),
      now,
    };
    tracked.set(requestId, entry);
    return { ...describe(entry, false) };
  }

  /** The status object as AWS shows it now; `poll` consumes one IN_PROGRESS answer. */
  function describe(t: Tracked, poll: boolean): Record<string, unknown> {
    if (t.pollsLeft > 0 || t.now() < t.readyAt) {
      if (poll && t.pollsLeft > 0) t.pollsLeft -= 1;
      return { ...t.status, Status: "IN_PROGRESS" };
    }
    return {
      ...t.status,
      Status: t.final,
      ...(t.failureReason ? { FailureReason: t.failureReason } : {}),
    };
  }

  const failing = (op: NonNullable<AsyncConfig["fail"]>["op"]) =>
    state.async?.fail?.op === op ? state.async.fail.reason : undefined;

  // --- tags -------------------------------------------------------------------------------
  const tagResource: Handler = async (call) => {
    const { ResourceArn, Tags } = call.input;
    if (!Array.isArray(Tags)) return sendError(call.res, invalid("Tags is required"));
    for (const t of Tags) {
      if (typeof t?.Key !== "string" || t.Key.length < 1 || t.Key.length > 128) {
        return sendError(call.res, invalid("Tag keys must be 1-128 characters"));
      }
      if (typeof t.Value !== "string" || t.Value.length > 256) {
        return sendError(call.res, invalid("Tag values must be at most 256 characters"));
      }
    }
    const missing = await missingPermissionSet(call, ResourceArn);
    if (missing) return relay(call.res, missing);
    const current = tags.get(ResourceArn) ?? new Map<string, string>();
    const merged = new Map(current);
    for (const t of Tags) merged.set(t.Key, t.Value);
    if (merged.size > 75) {
      return sendError(call.res, {
        status: 400,
        type: "ServiceQuotaExceededException",
        message: "Too many tags",
      });
    }
    tags.set(ResourceArn, merged);
    sendJson(call.res, 200, {});
  };

  const untagResource: Handler = async (call) => {
    const { ResourceArn, TagKeys } = call.input;
    if (!Array.isArray(TagKeys) || TagKeys.length === 0)
      return sendError(call.res, invalid("TagKeys is required"));
    const missing = await missingPermissionSet(call, ResourceArn);
    if (missing) return relay(call.res, missing);
    for (const k of TagKeys) tags.get(ResourceArn)?.delete(k);
    sendJson(call.res, 200, {});
  };

  const listTags: Handler = async (call) => {
    const missing = await missingPermissionSet(call, call.input.ResourceArn);
    if (missing) return relay(call.res, missing);
    const list = [...(tags.get(call.input.ResourceArn) ?? new Map()).entries()].map(([Key, Value]) => ({
      Key,
      Value,
    }));
    sendJson(call.res, 200, { Tags: list });
  };

  // --- permissions boundary ----------------------------------------------------------------
  const putBoundary: Handler = async (call) => {
    const { PermissionSetArn, PermissionsBoundary: b } = call.input;
    const hasManaged = typeof b?.ManagedPolicyArn === "string";
    const hasCustomer = typeof b?.CustomerManagedPolicyReference?.Name === "string";
    if (hasManaged === hasCustomer) {
      return sendError(
        call.res,
        invalid(
          "PermissionsBoundary needs exactly one of ManagedPolicyArn or CustomerManagedPolicyReference",
        ),
      );
    }
    const missing = await missingPermissionSet(call, PermissionSetArn);
    if (missing) return relay(call.res, missing);
    boundaries.set(
      PermissionSetArn,
      hasManaged
        ? { ManagedPolicyArn: b.ManagedPolicyArn }
        : {
            CustomerManagedPolicyReference: {
              Name: b.CustomerManagedPolicyReference.Name,
              Path: b.CustomerManagedPolicyReference.Path ?? "/",
            },
          },
    );
    markStale(PermissionSetArn);
    sendJson(call.res, 200, {});
  };

  const getBoundary: Handler = async (call) => {
    const missing = await missingPermissionSet(call, call.input.PermissionSetArn);
    if (missing) return relay(call.res, missing);
    const b = boundaries.get(call.input.PermissionSetArn);
    if (!b) return sendError(call.res, notFound("Permissions boundary not found for the permission set"));
    sendJson(call.res, 200, { PermissionsBoundary: b });
  };

  const deleteBoundary: Handler = async (call) => {
    const missing = await missingPermissionSet(call, call.input.PermissionSetArn);
    if (missing) return relay(call.res, missing);
    if (!boundaries.delete(call.input.PermissionSetArn)) {
      return sendError(call.res, notFound("Permissions boundary not found for the permission set"));
    }
    markStale(call.input.PermissionSetArn);
    sendJson(call.res, 200, {});
  };

  // --- permission set lifecycle -------------------------------------------------------------
  const createPermissionSet: Handler = async (call) => {
    const up = await call.forward();
    if (ok(up.status)) {
      const arn = parseJson(up.body).PermissionSet?.PermissionSetArn;
      const given = Array.isArray(call.input.Tags) ? call.input.Tags : [];
      if (arn) tags.set(arn, new Map(given.map((t: { Key: string; Value: string }) => [t.Key, t.Value])));
    }
    relay(call.res, up);
  };

  const deletePermissionSet: Handler = async (call) => {
    const arn = call.input.PermissionSetArn;
    const up = await call.forward();
    if (ok(up.status)) {
      tags.delete(arn);
      boundaries.delete(arn);
      provisioned.delete(arn);
      stale.delete(arn);
    }
    relay(call.res, up);
  };

  /** Forwarded changes that make every provisioned account's role outdated. */
  const modifying: Handler = async (call) => {
    const up = await call.forward();
    if (ok(up.status)) markStale(call.input.PermissionSetArn);
    relay(call.res, up);
  };

  // --- provisioning ---------------------------------------------------------------------------
  const provision: Handler = async (call) => {
    const { PermissionSetArn, TargetType, TargetId } = call.input;
    if (TargetType === "AWS_ACCOUNT" && !/^\d{12}$/.test(TargetId ?? "")) {
      return sendError(
        call.res,
        invalid("TargetId must be a 12-digit account id for TargetType AWS_ACCOUNT"),
      );
    }
    if (TargetType !== "AWS_ACCOUNT" && TargetType !== "ALL_PROVISIONED_ACCOUNTS") {
      return sendError(call.res, invalid("TargetType must be AWS_ACCOUNT or ALL_PROVISIONED_ACCOUNTS"));
    }
    const missing = await missingPermissionSet(call, PermissionSetArn);
    if (missing) return relay(call.res, missing);
    const reason = failing("ProvisionPermissionSet");
    if (!reason) {
      // moto provisions to the caller's account whatever the target; its answer is not used.
      const up = await call.forward();
      if (!ok(up.status)) return relay(call.res, up);
      const targets =
        TargetType === "AWS_ACCOUNT" ? [TargetId] : [...(provisioned.get(PermissionSetArn) ?? [])];
      for (const account of targets) {
        setOf(provisioned, PermissionSetArn).add(account);
        stale.get(PermissionSetArn)?.delete(account);
      }
    }
    const status = track(
      "provisioning",
      { PermissionSetArn, ...(TargetType === "AWS_ACCOUNT" ? { AccountId: TargetId } : {}) },
      reason !== undefined,
      reason,
    );
    sendJson(call.res, 200, { PermissionSetProvisioningStatus: status });
  };

  const describeTracked =
    (kind: Tracked["kind"], idField: string, outField: string, fallbackToMoto: boolean): Handler =>
    async (call) => {
      const t = tracked.get(call.input[idField]);
      if (!t || t.kind !== kind) {
        if (fallbackToMoto) return relay(call.res, await call.forward());
        return sendError(call.res, notFound(`Request ${String(call.input[idField])} not found`));
      }
      sendJson(call.res, 200, { [outField]: describe(t, true) });
    };

  // --- assignments ----------------------------------------------------------------------------
  const createAssignment: Handler = async (call) => {
    const { PermissionSetArn, TargetId, PrincipalType, PrincipalId, TargetType } = call.input;
    const reason = failing("CreateAccountAssignment");
    if (reason) {
      const missing = await missingPermissionSet(call, PermissionSetArn);
      if (missing) return relay(call.res, missing);
    } else {
      const up = await call.forward();
      if (!ok(up.status)) return relay(call.res, up);
      setOf(provisioned, PermissionSetArn).add(TargetId);
      if (!state.async) return relay(call.res, up);
    }
    const status = track(
      "creation",
      { TargetId, TargetType, PermissionSetArn, PrincipalType, PrincipalId },
      reason !== undefined,
      reason,
    );
    sendJson(call.res, 200, { AccountAssignmentCreationStatus: status });
  };

  const deleteAssignment: Handler = async (call) => {
    const { InstanceArn, PermissionSetArn, TargetId, PrincipalType, PrincipalId, TargetType } = call.input;
    const reason = failing("DeleteAccountAssignment");
    if (reason) {
      const missing = await missingPermissionSet(call, PermissionSetArn);
      if (missing) return relay(call.res, missing);
    } else {
      const up = await call.forward();
      if (!ok(up.status)) return relay(call.res, up);
      // AWS removes the role from the account when its last assignment goes.
      const left = await call.moto(`${T}ListAccountAssignments`, {
        InstanceArn,
        AccountId: TargetId,
        PermissionSetArn,
      });
      if (ok(left.status) && (left.json.AccountAssignments ?? []).length === 0) {
        provisioned.get(PermissionSetArn)?.delete(TargetId);
        stale.get(PermissionSetArn)?.delete(TargetId);
      }
      if (!state.async) return relay(call.res, up);
    }
    const status = track(
      "deletion",
      { TargetId, TargetType, PermissionSetArn, PrincipalType, PrincipalId },
      reason !== undefined,
      reason,
    );
    sendJson(call.res, 200, { AccountAssignmentDeletionStatus: status });
  };

  // --- provisioned lists -----------------------------------------------------------------------
  function filterByStatus(psArn: string, accounts: Iterable<string>, status: unknown): string[] {
    const s = stale.get(psArn) ?? new Set<string>();
    return [...accounts].filter((a) =>
      status === "LATEST_PERMISSION_SET_NOT_PROVISIONED"
        ? s.has(a)
        : status === "LATEST_PERMISSION_SET_PROVISIONED"
          ? !s.has(a)
          : true,
    );
  }

  function page<T>(items: T[], input: { MaxResults?: number; NextToken?: string }) {
    const start = input.NextToken ? Number(Buffer.from(input.NextToken, "base64").toString("utf8")) : 0;
    const size = input.MaxResults ?? 100;
    const slice = items.slice(start, start + size);
    const next =
      start + size < items.length ? Buffer.from(String(start + size)).toString("base64") : undefined;
    return { slice, ...(next ? { NextToken: next } : {}) };
  }

  const accountsForPs: Handler = async (call) => {
    const { PermissionSetArn, ProvisioningStatus, MaxResults } = call.input;
    if (MaxResults !== undefined && (MaxResults < 1 || MaxResults > 100)) {
      return sendError(call.res, invalid("MaxResults must be between 1 and 100"));
    }
    const missing = await missingPermissionSet(call, PermissionSetArn);
    if (missing) return relay(call.res, missing);
    const all = filterByStatus(
      PermissionSetArn,
      provisioned.get(PermissionSetArn) ?? [],
      ProvisioningStatus,
    ).sort();
    const { slice, ...rest } = page(all, call.input);
    sendJson(call.res, 200, { AccountIds: slice, ...rest });
  };

  const psForAccount: Handler = async (call) => {
    const { AccountId, ProvisioningStatus } = call.input;
    const arns = [...provisioned.entries()]
      .filter(
        ([arn, accounts]) =>
          accounts.has(AccountId) && filterByStatus(arn, [AccountId], ProvisioningStatus).length,
      )
      .map(([arn]) => arn)
      .sort();
    const { slice, ...rest } = page(arns, call.input);
    sendJson(call.res, 200, { PermissionSets: slice, ...rest });
  };

  const listInstances: Handler = async (call) => {
    if (state.noInstance) return sendJson(call.res, 200, { Instances: [] });
    relay(call.res, await call.forward());
  };

  const handlers: Record<string, Handler> = {
    [`${T}ListInstances`]: listInstances,
    [`${T}TagResource`]: tagResource,
    [`${T}UntagResource`]: untagResource,
    [`${T}ListTagsForResource`]: listTags,
    [`${T}PutPermissionsBoundaryToPermissionSet`]: putBoundary,
    [`${T}GetPermissionsBoundaryForPermissionSet`]: getBoundary,
    [`${T}DeletePermissionsBoundaryFromPermissionSet`]: deleteBoundary,
    [`${T}CreatePermissionSet`]: createPermissionSet,
    [`${T}DeletePermissionSet`]: deletePermissionSet,
    [`${T}UpdatePermissionSet`]: modifying,
    [`${T}PutInlinePolicyToPermissionSet`]: modifying,
    [`${T}DeleteInlinePolicyFromPermissionSet`]: modifying,
    [`${T}AttachManagedPolicyToPermissionSet`]: modifying,
    [`${T}DetachManagedPolicyFromPermissionSet`]: modifying,
    [`${T}AttachCustomerManagedPolicyReferenceToPermissionSet`]: modifying,
    [`${T}DetachCustomerManagedPolicyReferenceFromPermissionSet`]: modifying,
    [`${T}ProvisionPermissionSet`]: provision,
    [`${T}DescribePermissionSetProvisioningStatus`]: describeTracked(
      "provisioning",
      "ProvisionPermissionSetRequestId",
      "PermissionSetProvisioningStatus",
      false,
    ),
    [`${T}CreateAccountAssignment`]: createAssignment,
    [`${T}DeleteAccountAssignment`]: deleteAssignment,
    [`${T}DescribeAccountAssignmentCreationStatus`]: describeTracked(
      "creation",
      "AccountAssignmentCreationRequestId",
      "AccountAssignmentCreationStatus",
      true,
    ),
    [`${T}DescribeAccountAssignmentDeletionStatus`]: describeTracked(
      "deletion",
      "AccountAssignmentDeletionRequestId",
      "AccountAssignmentDeletionStatus",
      true,
    ),
    [`${T}ListAccountsForProvisionedPermissionSet`]: accountsForPs,
    [`${T}ListPermissionSetsProvisionedToAccount`]: psForAccount,
  };

  return {
    handlers,
    setAsync(config: AsyncConfig | null) {
      state.async = config;
    },
    setNoInstance(value: boolean) {
      state.noInstance = value;
    },
    /** The account's role for this permission set is outdated (it is provisioned, but not the latest). */
    markStale(psArn: string, accountId: string) {
      setOf(provisioned, psArn).add(accountId);
      setOf(stale, psArn).add(accountId);
    },
    /**
     * The permission set is provisioned to these accounts: for assignments written straight into moto
     * (benchmarks seed thousands at once), which the stand-in would otherwise not know of.
     */
    seedProvisioned(psArn: string, accountIds: readonly string[]) {
      const s = setOf(provisioned, psArn);
      for (const a of accountIds) s.add(a);
    },
    reset() {
      tags.clear();
      boundaries.clear();
      provisioned.clear();
      stale.clear();
      tracked.clear();
      state.async = null;
      state.noInstance = false;
    },
  };
}

/** moto's permission set ARNs are `<instanceArn>/ps-...`; AWS's are `...:permissionSet/ssoins-.../ps-...`. */
function instanceOf(psArn: string): string {
  const m = /^(arn:[^:]+:sso:::)(?:instance|permissionSet)\/(ssoins-[^/]+)\//.exec(psArn);
  return m ? `${m[1]}instance/${m[2]}` : psArn;
}
