/**
 * Whether a CI role "can apply": its policies grant some write. A role that can apply may change the
 * infrastructure, so it must never be assumable from a pull request (whose code anyone who opens one
 * controls). A read-only plan role may be.
 *
 * A write is an allowed action whose access level in the IAM catalog (the Service Authorization
 * Reference) is anything but Read or List: Write, Permissions management, Tagging. `*`, NotAction and
 * actions the catalog cannot resolve count as writes (when in doubt, the stricter rule). One write is
 * not counted: the Terraform state lock (s3:PutObject / s3:DeleteObject on `*.tflock` objects, item
 * writes on the DynamoDB lock table), which `terraform plan` needs to hold the lock.
 * AWS-managed policies count as writes except the read-only ones listed here.
 */
import { resolveAction } from "../policy/actions.ts";

export interface CanApply {
  canApply: boolean;
  /** The first write found, for messages: `s3:PutBucketPolicy (statement 3)`. */
  because?: string;
}

/** AWS-managed policies that grant no write (by their documented purpose). */
const READ_ONLY_MANAGED = [
  /:iam::aws:policy\/ReadOnlyAccess$/,
  /:iam::aws:policy\/job-function\/ViewOnlyAccess$/,
  /:iam::aws:policy\/SecurityAudit$/,
];

const LOCK_OBJECT_ACTIONS = new Set(["s3:putobject", "s3:deleteobject"]);
const LOCK_TABLE_ACTIONS = new Set(["dynamodb:putitem", "dynamodb:deleteitem", "dynamodb:updateitem"]);

type Raw = Record<string, unknown>;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

export function canApply(policy: unknown, managedPolicies: readonly string[], lockTable?: string): CanApply {
  for (const arn of managedPolicies) {
    if (!READ_ONLY_MANAGED.some((re) => re.test(arn))) {
      return { canApply: true, because: `managed policy ${arn}` };
    }
  }
  const statements = policy && typeof policy === "object" ? list((policy as Raw).Statement) : [];
  for (const [i, s] of statements.entries()) {
    if (!s || typeof s !== "object") continue;
    const st = s as Raw;
    if (st.Effect !== "Allow") continue;
    const where = typeof st.Sid === "string" ? `statement ${st.Sid}` : `statement ${i + 1}`;
    if (st.NotAction !== undefined) return { canApply: true, because: `NotAction in ${where}` };
    const resources = list(st.Resource).map(String);
    for (const text of list(st.Action).map(String)) {
      const write = firstWrite(text);
      if (write === undefined) continue;
      if (isLockOnly(text, resources, lockTable)) continue;
      return { canApply: true, because: `${write} (${where})` };
    }
  }
  return { canApply: false };
}

/** The first write action `text` grants (`service:Action`), or undefined when it only reads. */
function firstWrite(text: string): string | undefined {
  const r = resolveAction(text);
  if (r.kind !== "ok") return text;
  const w = r.actions.find((a) => !/^(Read|List)$/.test(a.action.accessLevel));
  return w ? `${w.service}:${w.action.name}` : undefined;
}

/** Every write `text` grants is a lock write, and every resource of the statement is a lock. */
function isLockOnly(text: string, resources: string[], lockTable?: string): boolean {
  const r = resolveAction(text);
  if (r.kind !== "ok" || resources.length === 0) return false;
  const writes = r.actions
    .filter((a) => !/^(Read|List)$/.test(a.action.accessLevel))
    .map((a) => `${a.service}:${a.action.name}`.toLowerCase());
  if (writes.every((w) => LOCK_OBJECT_ACTIONS.has(w))) {
    return resources.every((res) => /^arn:[^:]+:s3:::[^*/]+\/.*\.tflock$/.test(res));
  }
  if (lockTable !== undefined && writes.every((w) => LOCK_TABLE_ACTIONS.has(w))) {
    const table = new RegExp(`^arn:[^:]+:dynamodb:[^:]+:[^:]+:table/${escapeRegExp(lockTable)}$`);
    return resources.every((res) => table.test(res));
  }
  return false;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
