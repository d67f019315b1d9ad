/**
 * Builds an AWS Organization in the emulator: accounts by name, OUs (nested), so tests and the
 * demo work with real, emulator-issued account ids.
 */
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";

export interface OrgFixture {
  rootId: string;
  /** account name → id */
  accounts: Record<string, string>;
  /** ou name → id */
  ous: Record<string, string>;
}

export interface OrgSpec {
  accounts: string[];
  /** ou name → { parent ou name (or root), accounts moved into it } */
  ous?: Record<string, { parent?: string; accounts?: string[] }>;
}

export async function createOrganization(
  endpoint: string,
  spec: OrgSpec,
  region = "us-east-1",
): Promise<OrgFixture> {
  const client = new OrganizationsClient({
    region,
    endpoint,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
  try {
    await client.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
    const roots = await client.send(new ListRootsCommand({}));
    const rootId = roots.Roots?.[0]?.Id;
    if (!rootId) throw new Error("emulator organization has no root");
    const accounts: Record<string, string> = {};
    for (const name of spec.accounts) {
      const res = await client.send(
        new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }),
      );
      const id = res.CreateAccountStatus?.AccountId;
      if (!id) throw new Error(`emulator did not create account ${name}`);
      accounts[name] = id;
    }
    const ous: Record<string, string> = {};
    for (const [name, ou] of Object.entries(spec.ous ?? {})) {
      const parentId = ou.parent ? ous[ou.parent] : rootId;
      if (!parentId) throw new Error(`OU ${name}: parent ${ou.parent} must be declared before it`);
      const res = await client.send(new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: name }));
      const id = res.OrganizationalUnit?.Id;
      if (!id) throw new Error(`emulator did not create OU ${name}`);
      ous[name] = id;
      for (const acct of ou.accounts ?? []) {
        const accountId = accounts[acct];
        if (!accountId) throw new Error(`OU ${name}: unknown account ${acct}`);
        await client.send(
          new MoveAccountCommand({ AccountId: accountId, SourceParentId: rootId, DestinationParentId: id }),
        );
      }
    }
    return { rootId, accounts, ous };
  } finally {
    client.destroy();
  }
}
