/**
 * Finds duplicates in the emulator, read straight from moto (not through any proxy): moto accepts
 * some duplicates AWS would refuse (two identical account assignments, two permission sets with one
 * name, one user twice in a group, any number of KMS keys), so a test of "no duplicates after faults"
 * must look for them itself. Returns one line per duplicated thing, e.g. `permission set "x" ×2`.
 */
import { Identitystore } from "@aws-sdk/client-identitystore";
import { KMS } from "@aws-sdk/client-kms";
import { SSOAdmin } from "@aws-sdk/client-sso-admin";

function counted(label: string, keys: string[]): string[] {
  const n = new Map<string, number>();
  for (const k of keys) n.set(k, (n.get(k) ?? 0) + 1);
  return [...n.entries()].filter(([, c]) => c > 1).map(([k, c]) => `${label} ${k} ×${c}`);
}

async function all<T>(
  page: (token: string | undefined) => Promise<{ items: T[]; next?: string | undefined }>,
) {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const p = await page(token);
    out.push(...p.items);
    token = p.next;
  } while (token);
  return out;
}

export async function findDuplicates(
  motoEndpoint: string,
  region: string,
  opts: { kms?: boolean } = {},
): Promise<string[]> {
  const cfg = {
    region,
    endpoint: motoEndpoint,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  };
  const sso = new SSOAdmin(cfg);
  const ids = new Identitystore(cfg);
  const kms = new KMS(cfg);
  try {
    const out: string[] = [];
    const inst = (await sso.listInstances({})).Instances?.[0];
    const InstanceArn = inst?.InstanceArn ?? "";
    const IdentityStoreId = inst?.IdentityStoreId ?? "";

    const users = await all(async (NextToken) => {
      const r = await ids.listUsers({ IdentityStoreId, NextToken });
      return { items: r.Users ?? [], next: r.NextToken };
    });
    out.push(
      ...counted(
        "user",
        users.map((u) => `"${u.UserName}"`),
      ),
    );
    const groups = await all(async (NextToken) => {
      const r = await ids.listGroups({ IdentityStoreId, NextToken });
      return { items: r.Groups ?? [], next: r.NextToken };
    });
    out.push(
      ...counted(
        "group",
        groups.map((g) => `"${g.DisplayName}"`),
      ),
    );
    for (const g of groups) {
      const members = await all(async (NextToken) => {
        const r = await ids.listGroupMemberships({ IdentityStoreId, GroupId: g.GroupId, NextToken });
        return { items: r.GroupMemberships ?? [], next: r.NextToken };
      });
      out.push(
        ...counted(
          `member of "${g.DisplayName}":`,
          members.map((m) => m.MemberId?.UserId ?? ""),
        ),
      );
    }

    const arns = await all(async (NextToken) => {
      const r = await sso.listPermissionSets({ InstanceArn, NextToken });
      return { items: r.PermissionSets ?? [], next: r.NextToken };
    });
    const names: string[] = [];
    for (const PermissionSetArn of arns) {
      const d = await sso.describePermissionSet({ InstanceArn, PermissionSetArn });
      names.push(`"${d.PermissionSet?.Name}"`);
      const managed = await sso.listManagedPoliciesInPermissionSet({ InstanceArn, PermissionSetArn });
      out.push(
        ...counted(
          `managed policy of ${d.PermissionSet?.Name}:`,
          (managed.AttachedManagedPolicies ?? []).map((p) => p.Arn ?? ""),
        ),
      );
    }
    out.push(...counted("permission set", names));

    const principals = [
      ...users.map((u) => ({ PrincipalType: "USER" as const, PrincipalId: u.UserId ?? "" })),
      ...groups.map((g) => ({ PrincipalType: "GROUP" as const, PrincipalId: g.GroupId ?? "" })),
    ];
    for (const p of principals) {
      const assignments = await all(async (NextToken) => {
        const r = await sso.listAccountAssignmentsForPrincipal({ InstanceArn, ...p, NextToken });
        return { items: r.AccountAssignments ?? [], next: r.NextToken };
      });
      out.push(
        ...counted(
          `assignment of ${p.PrincipalType} ${p.PrincipalId}:`,
          assignments.map((a) => `${a.PermissionSetArn} ${a.AccountId}`),
        ),
      );
    }

    if (opts.kms) {
      // Every key keyless creates has its description (and, since keys are tagged, the alias it is for).
      const keys = await all(async (Marker) => {
        const r = await kms.listKeys({ Marker });
        return { items: r.Keys ?? [], next: r.Truncated ? r.NextMarker : undefined };
      });
      const made: string[] = [];
      for (const k of keys) {
        const meta = (await kms.describeKey({ KeyId: k.KeyId })).KeyMetadata;
        if (meta?.KeyState === "PendingDeletion" || !/managed by keyless/.test(meta?.Description ?? ""))
          continue;
        const tags = (await kms.listResourceTags({ KeyId: k.KeyId })).Tags ?? [];
        made.push(tags.find((t) => t.TagKey === "keyless:alias")?.TagValue ?? "(a state backend)");
      }
      // One state backend per keyless.yaml: more than one key is a duplicate whatever its tags.
      if (made.length > 1 && new Set(made).size > 1) out.push(`KMS keys made by keyless: ${made.join(", ")}`);
      out.push(...counted("KMS key for", made));
    }
    return out;
  } finally {
    sso.destroy();
    ids.destroy();
    kms.destroy();
  }
}
