/**
 * keyless.yaml `ci` → Desired.ci: providers with their defaults, roles sorted by name with lists
 * as written (their order is the order of the trust policy's subjects), targets resolved like
 * assignment targets, the rendered policy from ci-semantic.ts, and keyless's ownership tags.
 */
import { CI_ROLE_PATH, CI_ROLE_TAG, canonicalUrl, defaultAudience, defaultUrl } from "../ci/providers.ts";
import type {
  CiAccessConfig,
  CiAccessRole,
  CiProviderKind,
  DesiredCi,
  DesiredCiProvider,
  DesiredCiRole,
  PermissionsBoundary,
  TargetRef,
} from "../engine/model.ts";
import type { CiRolePolicy } from "./ci-semantic.ts";
import { DEFAULT_SESSION_DURATION, normaliseSessionDuration } from "./duration.ts";
import { MANAGED_BY_TAG, TARGET } from "./patterns.ts";
import type { CiFile, CiRoleFile, ConfigFile } from "./schema.ts";

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function toDesiredCi(
  ci: CiFile,
  file: ConfigFile,
  policies: ReadonlyMap<string, CiRolePolicy>,
): DesiredCi {
  const providers: DesiredCiProvider[] = [];
  for (const kind of ["github", "gitlab"] as const) {
    if (!ci.providers || !(kind in ci.providers)) continue;
    const given = ci.providers[kind] ?? {};
    const url = canonicalUrl(given.url ?? defaultUrl(kind));
    providers.push({ kind, url, audience: given.audience ?? defaultAudience(kind, url) });
  }
  const roles = Object.entries(ci.roles ?? {})
    .map(([name, r]) => role(name, r, file, policies.get(name)))
    .sort((a, b) => byCodePoint(a.name, b.name));
  return { providers, roles, access: access(ci, file) };
}

export const DEFAULT_ACCESS_ROLE = "OrganizationAccountAccessRole";

type AccessRoleFile = NonNullable<CiFile["accessRole"]>;

function accessRole(a: AccessRoleFile): CiAccessRole {
  if (typeof a === "string") return { roleName: a };
  return { roleName: a.name, ...(a.externalId !== undefined && { externalId: a.externalId }) };
}

/** Per-account keys are account names or ids (checked by ci-semantic.ts); stored by id. */
function access(ci: CiFile, file: ConfigFile): CiAccessConfig {
  const accounts: Record<string, CiAccessRole> = {};
  for (const [key, a] of Object.entries(ci.accessRoles ?? {})) {
    const id = file.accounts?.[key] ?? (/^\d{12}$/.test(key) ? key : undefined);
    if (id === undefined) throw new Error(`internal: unresolved ci.accessRoles key ${key}`);
    accounts[id] = accessRole(a);
  }
  return {
    default: ci.accessRole === undefined ? { roleName: DEFAULT_ACCESS_ROLE } : accessRole(ci.accessRole),
    accounts: Object.fromEntries(Object.entries(accounts).sort(([x], [y]) => byCodePoint(x, y))),
  };
}

function role(
  name: string,
  r: CiRoleFile,
  file: ConfigFile,
  policy: CiRolePolicy | undefined,
): DesiredCiRole {
  if (policy === undefined) throw new Error(`internal: CI role ${name} has no checked policy`);
  return {
    name,
    description: r.description ?? "",
    provider: r.provider as CiProviderKind,
    repository: r.repository,
    branches: [...(r.branches ?? [])],
    gitTags: [...(r.gitTags ?? [])],
    environments: [...(r.environments ?? [])],
    pullRequests: r.pullRequests === true,
    workflows: [...(r.workflows ?? [])],
    targets: r.accounts.map((text) => target(text, file)),
    path: CI_ROLE_PATH,
    sessionDuration: normaliseSessionDuration(r.sessionDuration ?? DEFAULT_SESSION_DURATION),
    inlinePolicy: policy.json,
    managedPolicies: [...new Set(r.managedPolicies ?? [])].sort(byCodePoint),
    permissionsBoundary: boundary(r.permissionsBoundary),
    tags: tags(r.tags ?? {}, name),
    canApply: policy.canApply,
  };
}

/** As assignment targets, plus a bare 12-digit id (named by itself). Checked by ci-semantic.ts. */
function target(text: string, file: ConfigFile): TargetRef {
  const [, prefix, name = ""] = TARGET.exec(text) ?? [];
  if (prefix === "ou") {
    const ouId = file.organizationalUnits?.[name];
    if (ouId === undefined) throw new Error(`internal: unresolved CI role target ${text}`);
    return { kind: "ou", name, ouId };
  }
  const accountId = file.accounts?.[name] ?? (/^\d{12}$/.test(name) ? name : undefined);
  if (accountId === undefined) throw new Error(`internal: unresolved CI role target ${text}`);
  return { kind: "account", name, accountId };
}

type BoundaryFile = CiRoleFile["permissionsBoundary"];

function boundary(b: BoundaryFile): PermissionsBoundary | null {
  if (b?.managedPolicyArn !== undefined) return { kind: "managed", arn: b.managedPolicyArn };
  if (b?.customerManagedPolicy !== undefined) {
    return {
      kind: "customer",
      name: b.customerManagedPolicy.name,
      path: b.customerManagedPolicy.path ?? "/",
    };
  }
  return null;
}

function tags(given: Record<string, string>, name: string): Record<string, string> {
  const all: Record<string, string> = {
    ...given,
    [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value,
    [CI_ROLE_TAG]: name,
  };
  return Object.fromEntries(
    Object.keys(all)
      .sort(byCodePoint)
      .map((k) => [k, all[k]!]),
  );
}
