/**
 * The benchmark's organisation, built straight in the emulator in seconds: accounts through
 * Organizations, users / groups / permission sets by one fast `keyless apply` (no assignments), and
 * the assignments seeded in bulk into the stand-in (seedAssignments; moto would take minutes).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Identitystore } from "@aws-sdk/client-identitystore";
import { SSOAdmin } from "@aws-sdk/client-sso-admin";
import { createOrganization } from "../test/helpers/org-fixture.ts";
import type { IdentityCenterProxy } from "../test/standins/identity-center-proxy.ts";
import type { OrgShape } from "./minimum.ts";

export const REGION = "eu-central-1";
const DOMAINS = ["core", "storage", "compute", "iam", "networking", "database", "serverless", "monitoring"];

export function permissionSetNames(shape: OrgShape): string[] {
  return DOMAINS.slice(0, shape.permissionSets).map((d) => `terraform-${d}`);
}

/** keyless.yaml for the shape; `assignments`: every group × every set × every account, or none. */
export function configFor(shape: OrgShape, accountIds: Record<string, string>, assignments: boolean): string {
  const lines = ["version: 1", "identityCenter:", `  region: ${REGION}`, "accounts:"];
  for (const [name, id] of Object.entries(accountIds)) lines.push(`  ${name}: "${id}"`);
  lines.push("users:");
  for (let g = 0; g < shape.groups; g++) {
    for (let u = 0; u < shape.usersPerGroup; u++) {
      lines.push(
        `  user-${g}-${u}:`,
        `    displayName: User ${g} ${u}`,
        "    givenName: User",
        `    familyName: N${g}${u}`,
        `    email: user-${g}-${u}@example.com`,
      );
    }
  }
  lines.push("groups:");
  for (let g = 0; g < shape.groups; g++) {
    const members = Array.from({ length: shape.usersPerGroup }, (_, u) => `user-${g}-${u}`);
    lines.push(`  team-${g}:`, `    description: Team ${g}`, `    members: [${members.join(", ")}]`);
  }
  lines.push("permissionSets:");
  for (const name of permissionSetNames(shape)) {
    lines.push(
      `  ${name}:`,
      `    description: ${name}`,
      "    sessionDuration: PT8H",
      "    inlinePolicy:",
      '      Version: "2012-10-17"',
      "      Statement:",
      "        - Effect: Allow",
      `          Action: ["sts:GetCallerIdentity"]`,
      '          Resource: "*"',
    );
  }
  if (assignments) {
    lines.push(
      "assignments:",
      `  - principals: [${Array.from({ length: shape.groups }, (_, g) => `group:team-${g}`).join(", ")}]`,
      `    permissionSets: [${permissionSetNames(shape).join(", ")}]`,
      `    targets: [${Object.keys(accountIds).join(", ")}]`,
    );
  }
  return `${lines.join("\n")}\n`;
}

export async function createAccounts(motoEndpoint: string, count: number): Promise<Record<string, string>> {
  const names = Array.from({ length: count }, (_, i) => `acct-${String(i).padStart(3, "0")}`);
  return (await createOrganization(motoEndpoint, { accounts: names })).accounts;
}

/** Every group × set × account as seeded assignments (ids read back from the emulator). */
export async function seedAssignments(
  proxy: IdentityCenterProxy,
  shape: OrgShape,
  accountIds: Record<string, string>,
): Promise<number> {
  const config = {
    region: REGION,
    endpoint: proxy.endpoint,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  };
  const sso = new SSOAdmin(config);
  const ids = new Identitystore(config);
  try {
    const inst = (await sso.listInstances({})).Instances?.[0];
    if (!inst?.InstanceArn || !inst.IdentityStoreId) throw new Error("no Identity Center instance");
    const groups =
      (await ids.listGroups({ IdentityStoreId: inst.IdentityStoreId, MaxResults: 100 })).Groups ?? [];
    const arns =
      (await sso.listPermissionSets({ InstanceArn: inst.InstanceArn, MaxResults: 100 })).PermissionSets ?? [];
    if (groups.length !== shape.groups || arns.length !== shape.permissionSets) {
      throw new Error(`expected ${shape.groups} groups and ${shape.permissionSets} permission sets`);
    }
    const items = groups.flatMap((g) =>
      arns.flatMap((permissionSetArn) =>
        Object.values(accountIds).map((accountId) => ({
          permissionSetArn,
          accountId,
          principalType: "GROUP" as const,
          principalId: g.GroupId ?? "",
        })),
      ),
    );
    proxy.seedAssignments(items);
    return items.length;
  } finally {
    sso.destroy();
    ids.destroy();
  }
}

export async function writeConfig(dir: string, text: string): Promise<string> {
  const path = join(dir, "keyless.yaml");
  await writeFile(path, text);
  return path;
}
