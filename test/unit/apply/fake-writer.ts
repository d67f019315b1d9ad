/**
 * An in-memory IdentityCenterWriter for executor tests. Records every call in order (as readable
 * labels), holds state like Identity Center would, and can be told to fail specific calls or to keep
 * asynchronous operations IN_PROGRESS for some polls. Also measures concurrency: in-flight calls and
 * outstanding assignment operations (started, not yet reported finished).
 */

import type {
  AssignmentTarget,
  AsyncOperation,
  AsyncStatus,
  IdentityCenterWriter,
} from "../../../src/apply/ports.ts";
import type { AccountId, PermissionSetSpec, UserSpec } from "../../../src/engine/model.ts";
import type { PermissionSetField } from "../../../src/engine/plan-types.ts";

export type AsyncKind = "provisioning" | "assignment-creation" | "assignment-deletion";

/** How one asynchronous operation behaves. */
export interface AsyncScript {
  /** Status polls that still answer IN_PROGRESS before the final status. Default 0. */
  inProgressPolls?: number;
  /** Final status. Default SUCCEEDED. */
  outcome?: "SUCCEEDED" | "FAILED";
  failureReason?: string;
  /** Never finishes (for timeouts). */
  forever?: boolean;
  /** Finishes this long after it started, on `now` (instead of after a number of polls). */
  takesMs?: number;
  now?: () => number;
}

interface Operation {
  kind: AsyncKind;
  remaining: number;
  startedAt: number;
  script: AsyncScript;
  /** What to do to the state on success. */
  onSuccess: () => void;
}

interface Failure {
  error: () => Error;
  times: number;
}

export function awsError(name: string, message: string): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

export class FakeWriter implements IdentityCenterWriter {
  /** Every call, in order: e.g. `createUser dave`, `addMember g-2 u-1`. */
  readonly calls: string[] = [];
  readonly users = new Map<string, UserSpec>();
  readonly groups = new Map<string, { name: string; description: string }>();
  /** `${groupId}/${userId}` */
  readonly members = new Set<string>();
  readonly permissionSets = new Map<string, PermissionSetSpec>();
  /** `${principalType}/${principalId}/${permissionSetArn}/${accountId}` */
  readonly assignments = new Set<string>();
  /** Request ids of started asynchronous operations, in start order. */
  readonly requests: string[] = [];
  /** ARNs successfully provisioned, in order. */
  readonly provisioned: string[] = [];

  inFlight = 0;
  maxInFlight = 0;
  outstandingAssignments = 0;
  maxOutstandingAssignments = 0;

  /** Decides the behaviour of each asynchronous operation; `subject` is the start call's label. */
  asyncScript: (kind: AsyncKind, subject: string) => AsyncScript = () => ({});

  private seq = 0;
  private readonly finished = new Set<string>();
  private readonly failures = new Map<string, Failure>();
  private readonly ops = new Map<string, Operation>();

  /** Makes calls whose label equals `label` (or starts with `label + " "`) throw, `times` times. */
  failOn(label: string, error: Error | (() => Error), times = Number.POSITIVE_INFINITY): this {
    this.failures.set(label, { error: typeof error === "function" ? error : () => error, times });
    return this;
  }

  private nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}-${this.seq}`;
  }

  /** Records the call, lets other tasks run (so concurrency is observable) and applies failures. */
  private async enter(label: string): Promise<void> {
    this.calls.push(label);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.inFlight -= 1;
    for (const [key, failure] of this.failures) {
      if ((label === key || label.startsWith(`${key} `)) && failure.times > 0) {
        failure.times -= 1;
        throw failure.error();
      }
    }
  }

  async createUser(spec: UserSpec): Promise<string> {
    await this.enter(`createUser ${spec.userName}`);
    const id = this.nextId("u");
    this.users.set(id, spec);
    return id;
  }
  async updateUser(userId: string, spec: UserSpec): Promise<void> {
    await this.enter(`updateUser ${userId}`);
    this.users.set(userId, spec);
  }
  async deleteUser(userId: string): Promise<void> {
    await this.enter(`deleteUser ${userId}`);
    this.users.delete(userId);
  }

  async createGroup(name: string, description: string): Promise<string> {
    await this.enter(`createGroup ${name}`);
    const id = this.nextId("g");
    this.groups.set(id, { name, description });
    return id;
  }
  async updateGroup(groupId: string, description: string): Promise<void> {
    await this.enter(`updateGroup ${groupId}`);
    const g = this.groups.get(groupId);
    if (g) g.description = description;
  }
  async deleteGroup(groupId: string): Promise<void> {
    await this.enter(`deleteGroup ${groupId}`);
    this.groups.delete(groupId);
  }

  async addMember(groupId: string, userId: string): Promise<void> {
    await this.enter(`addMember ${groupId} ${userId}`);
    this.members.add(`${groupId}/${userId}`);
  }
  async removeMember(groupId: string, userId: string): Promise<void> {
    await this.enter(`removeMember ${groupId} ${userId}`);
    this.members.delete(`${groupId}/${userId}`);
  }

  async createPermissionSet(spec: PermissionSetSpec): Promise<string> {
    await this.enter(`createPermissionSet ${spec.name}`);
    const arn = `arn:aws:sso:::permissionSet/ssoins-test/${this.nextId("ps")}`;
    this.permissionSets.set(arn, spec);
    return arn;
  }
  async updatePermissionSet(
    arn: string,
    _before: PermissionSetSpec,
    after: PermissionSetSpec,
    fields: PermissionSetField[],
  ): Promise<void> {
    await this.enter(`updatePermissionSet ${arn} ${fields.join(",")}`);
    this.permissionSets.set(arn, after);
  }
  async deletePermissionSet(arn: string): Promise<void> {
    await this.enter(`deletePermissionSet ${arn}`);
    this.permissionSets.delete(arn);
  }

  async startProvisioning(
    arn: string,
    target: "ALL_PROVISIONED_ACCOUNTS" | AccountId,
  ): Promise<AsyncOperation> {
    const label = `startProvisioning ${arn} ${target}`;
    await this.enter(label);
    return this.startOperation("provisioning", label, () => this.provisioned.push(arn));
  }
  async provisioningStatus(requestId: string): Promise<AsyncOperation> {
    await this.enter(`provisioningStatus ${requestId}`);
    return this.poll(requestId, "provisioning");
  }

  async startCreateAssignment(t: AssignmentTarget): Promise<AsyncOperation> {
    const label = `startCreateAssignment ${t.principalType} ${t.principalId} ${t.permissionSetArn} ${t.accountId}`;
    await this.enter(label);
    return this.startOperation("assignment-creation", label, () => this.assignments.add(assignmentKey(t)));
  }
  async assignmentCreationStatus(requestId: string): Promise<AsyncOperation> {
    await this.enter(`assignmentCreationStatus ${requestId}`);
    return this.poll(requestId, "assignment-creation");
  }
  async startDeleteAssignment(t: AssignmentTarget): Promise<AsyncOperation> {
    const label = `startDeleteAssignment ${t.principalType} ${t.principalId} ${t.permissionSetArn} ${t.accountId}`;
    await this.enter(label);
    return this.startOperation("assignment-deletion", label, () => this.assignments.delete(assignmentKey(t)));
  }
  async assignmentDeletionStatus(requestId: string): Promise<AsyncOperation> {
    await this.enter(`assignmentDeletionStatus ${requestId}`);
    return this.poll(requestId, "assignment-deletion");
  }

  /** Like AWS: a started operation answers IN_PROGRESS; its status is polled. */
  private startOperation(kind: AsyncKind, subject: string, onSuccess: () => void): AsyncOperation {
    const script = this.asyncScript(kind, subject);
    const requestId = this.nextId("req");
    this.requests.push(requestId);
    const startedAt = script.now?.() ?? 0;
    this.ops.set(requestId, { kind, remaining: script.inProgressPolls ?? 0, startedAt, script, onSuccess });
    if (kind !== "provisioning") {
      this.outstandingAssignments += 1;
      this.maxOutstandingAssignments = Math.max(this.maxOutstandingAssignments, this.outstandingAssignments);
    }
    return { requestId, status: "IN_PROGRESS" };
  }

  private poll(requestId: string, kind: AsyncKind): AsyncOperation {
    const op = this.ops.get(requestId);
    if (!op || op.kind !== kind)
      throw awsError("ResourceNotFoundException", `no ${kind} request ${requestId}`);
    const running =
      op.script.takesMs !== undefined && (op.script.now?.() ?? 0) - op.startedAt < op.script.takesMs;
    if (op.script.forever || op.remaining > 0 || running) {
      op.remaining -= 1;
      return { requestId, status: "IN_PROGRESS" };
    }
    const status: AsyncStatus = op.script.outcome ?? "SUCCEEDED";
    if (!this.finished.has(requestId)) {
      this.finished.add(requestId);
      if (op.kind !== "provisioning") this.outstandingAssignments -= 1;
      if (status === "SUCCEEDED") op.onSuccess();
    }
    if (status === "SUCCEEDED") return { requestId, status };
    return { requestId, status, failureReason: op.script.failureReason ?? "" };
  }
}

export function assignmentKey(t: AssignmentTarget): string {
  return `${t.principalType}/${t.principalId}/${t.permissionSetArn}/${t.accountId}`;
}
