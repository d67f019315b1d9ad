/**
 * fast-check generators of whole Identity Center instances as `keyless import` reads them: users
 * (managed, synced from an IdP, or with a record keyless cannot manage), groups with members,
 * permission sets of every kind (catalog presets as rendered, presets plus statements, hand-written
 * policies in both statement shapes, attached and customer-managed policies, boundaries, tags with
 * and without the ownership tag), an organization tree (nested OUs, suspended accounts, duplicate and
 * odd account names) and assignments on its accounts. Names include what stresses YAML: `yes`, `123`,
 * `null`, `a: b`, `#x`, quotes, non-ASCII.
 */
import fc from "fast-check";
import type { ActualAssignment, PermissionSetSpec, PermissionsBoundary } from "../../../src/engine/model.ts";
import { renderedPresets } from "../../../src/import/presets.ts";
import type { ImportGroup, ImportSnapshot, ImportUser, Organization } from "../../../src/import/snapshot.ts";

const PRESETS = renderedPresets();
const TRICKY = ["yes", "no", "123", "0123", "null", "true", "1.5", "2012-10-17", "~"];

const userNameArb = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[a-z][a-z0-9._-]{0,8}$/) },
  { weight: 1, arbitrary: fc.constantFrom(...TRICKY, "o'neil", "x:y", "a#b", "jürgen", "@dmin", '"q"') },
);
const groupNameArb = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[a-z][a-z0-9 ._-]{0,10}[a-z0-9]$/) },
  { weight: 1, arbitrary: fc.constantFrom(...TRICKY, "a: b", "#ops", "- dash", "x, y", "[brackets]", "ünï") },
);
const psNameArb = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[A-Za-z0-9][\w+=,.@-]{0,20}$/) },
  { weight: 1, arbitrary: fc.constantFrom("123", "yes", "null", "1.5", "a=b", "x@y") },
);
const textArb = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9 .,:'#-]{0,20}$/) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...TRICKY, "Café ünd", "a: b", "- x", "# hash", '"quoted"', "line\nbreak"),
  },
);

/** Actions with resources they apply to (the policy linter refuses an ARN no resource type of the action has). */
const GRANTS: { Action: string | string[]; Resource: string | string[] }[] = [
  { Action: "s3:GetObject", Resource: "arn:aws:s3:::state/*" },
  { Action: ["s3:ListBucket"], Resource: ["arn:aws:s3:::a", "arn:aws:s3:::b"] },
  { Action: ["ec2:DescribeInstances", "dynamodb:ListTables"], Resource: "*" },
  { Action: "kms:Decrypt", Resource: "*" },
];
const statementArb = fc
  .record(
    {
      Sid: fc.stringMatching(/^[A-Za-z0-9]{1,6}$/),
      Effect: fc.constantFrom("Allow", "Deny"),
      grant: fc.constantFrom(...GRANTS),
      Condition: fc.constantFrom(
        { Bool: { "aws:SecureTransport": "true" } },
        { NumericLessThan: { "aws:MultiFactorAuthAge": 3600 } },
        { StringEquals: { "aws:RequestedRegion": ["eu-central-1", "yes"] } },
      ),
    },
    { requiredKeys: ["Effect", "grant"] },
  )
  .map(({ grant, ...rest }) => {
    const { Sid, Effect, Condition } = rest;
    return { ...(Sid ? { Sid } : {}), Effect, ...grant, ...(Condition ? { Condition } : {}) };
  });

const policyArb: fc.Arbitrary<string> = fc.oneof(
  fc.constant(""),
  fc.constantFrom(...PRESETS).map((p) => JSON.stringify(p.document)),
  fc
    .tuple(fc.constantFrom(...PRESETS), fc.array(statementArb, { minLength: 1, maxLength: 2 }))
    .map(([p, extra]) => JSON.stringify({ ...p.document, Statement: [...p.document.Statement, ...extra] })),
  fc
    .array(statementArb, { minLength: 1, maxLength: 3 })
    .map((Statement) => JSON.stringify({ Version: "2012-10-17", Statement })),
  statementArb.map((Statement) => JSON.stringify({ Version: "2012-10-17", Statement })),
);

const MANAGED = [
  "arn:aws:iam::aws:policy/AdministratorAccess",
  "arn:aws:iam::aws:policy/ReadOnlyAccess",
  "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
];
const boundaryArb: fc.Arbitrary<PermissionsBoundary | null> = fc.oneof(
  fc.constant(null),
  fc.constantFrom(...MANAGED).map((arn) => ({ kind: "managed" as const, arn })),
  fc.record({
    kind: fc.constant("customer" as const),
    name: fc.constantFrom("Boundary", "B.2"),
    path: fc.constantFrom("/", "/fence/", "/a/b/"),
  }),
);

function specArb(name: string): fc.Arbitrary<PermissionSetSpec> {
  return fc.record({
    name: fc.constant(name),
    description: fc.oneof(fc.constant(""), textArb),
    sessionDuration: fc.constantFrom("PT1H", "PT2H", "PT8H", "PT12H", "PT1H30M"),
    relayState: fc.constantFrom("", "https://console.aws.amazon.com/", "https://x.example/?a=1&b=yes"),
    inlinePolicy: policyArb,
    managedPolicies: fc.subarray(MANAGED).map((l) => [...l].sort()),
    customerManagedPolicies: fc
      .uniqueArray(
        fc.record({ name: fc.constantFrom("Team", "Common", "123"), path: fc.constantFrom("/", "/teams/") }),
        { selector: (c) => `${c.path}${c.name}`, maxLength: 3 },
      )
      .map((l) => [...l].sort((a, b) => (`${a.path}${a.name}` < `${b.path}${b.name}` ? -1 : 1))),
    permissionsBoundary: boundaryArb,
    tags: fc.dictionary(
      fc.constantFrom("team", "cost center", "managed-by", "tier", "env:name"),
      fc.constantFrom("", "platform", "yes", "123", "a=b", "keyless"),
      { maxKeys: 4 },
    ),
  });
}

const accountIdArb = fc.stringMatching(/^\d{12}$/);

function organizationArb(): fc.Arbitrary<Organization> {
  return fc
    .record({
      ids: fc.uniqueArray(accountIdArb, { minLength: 1, maxLength: 8 }),
      ouCount: fc.integer({ min: 0, max: 5 }),
    })
    .chain(({ ids, ouCount }) => {
      const ouIds = Array.from({ length: ouCount }, (_, i) => `ou-ab12-${String(i).padStart(8, "0")}`);
      const parents = ["r-ab12", ...ouIds];
      return fc.record({
        rootId: fc.constant("r-ab12"),
        // Each OU's parent comes before it: a tree.
        units: fc.tuple(
          ...ouIds.map((id, i) =>
            fc.record({
              id: fc.constant(id),
              name: fc.constantFrom("Work loads", "prod", "prod", "dev", "ünits", "a/b"),
              parentId: fc.constantFrom(...parents.slice(0, i + 1)),
            }),
          ),
        ),
        accounts: fc.tuple(
          ...ids.map((id) =>
            fc.record({
              id: fc.constant(id),
              name: fc.constantFrom(
                "Dev Account",
                "prod",
                "prod",
                "shared-services",
                "???",
                "Ünïcode",
                "123",
              ),
              status: fc.oneof(
                { weight: 6, arbitrary: fc.constant("ACTIVE") },
                { weight: 1, arbitrary: fc.constant("SUSPENDED") },
              ),
              parentId: fc.constantFrom(...parents),
            }),
          ),
        ),
      });
    });
}

function userArb(userName: string, i: number): fc.Arbitrary<ImportUser> {
  return fc.record({
    userId: fc.constant(`user-${i}`),
    userName: fc.constant(userName),
    displayName: fc.oneof({ weight: 8, arbitrary: textArb }, { weight: 1, arbitrary: fc.constant("") }),
    givenName: textArb,
    familyName: textArb,
    email: fc.oneof(
      { weight: 8, arbitrary: fc.stringMatching(/^[a-z]{1,5}@example\.com$/) },
      { weight: 1, arbitrary: fc.constantFrom("", "not-an-address") },
    ),
    external: fc.boolean(),
  });
}

export const snapshotArb: fc.Arbitrary<ImportSnapshot> = fc
  .record({
    userNames: fc.uniqueArray(userNameArb, { maxLength: 6 }),
    groupNames: fc.uniqueArray(groupNameArb, { maxLength: 4 }),
    psNames: fc.uniqueArray(psNameArb, { maxLength: 5 }),
    organization: organizationArb(),
  })
  .chain(({ userNames, groupNames, psNames, organization }) => {
    const active = organization.accounts.filter((a) => a.status === "ACTIVE").map((a) => a.id);
    const userIds = userNames.map((_, i) => `user-${i}`);
    const groupIds = groupNames.map((_, i) => `group-${i}`);
    const arns = psNames.map((_, i) => `arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-${i}`);
    const principals: [ActualAssignment["principalType"], string][] = [
      ...userIds.map((id) => ["USER", id] as [ActualAssignment["principalType"], string]),
      ...groupIds.map((id) => ["GROUP", id] as [ActualAssignment["principalType"], string]),
    ];
    const assignmentArb =
      principals.length > 0 && arns.length > 0 && active.length > 0
        ? fc.uniqueArray(
            fc.record({
              p: fc.constantFrom(...principals),
              permissionSetArn: fc.constantFrom(...arns),
              accountId: fc.constantFrom(...active),
            }),
            { selector: (a) => `${a.p.join("|")}|${a.permissionSetArn}|${a.accountId}`, maxLength: 40 },
          )
        : fc.constant([]);
    // Grants of a set on every active account under an OU (nested ones included): what OU targets are for.
    const under = (ou: string): string[] => {
      const kids = organization.units.filter((u) => u.parentId === ou).map((u) => u.id);
      return [
        ...organization.accounts.filter((a) => a.parentId === ou && a.status === "ACTIVE").map((a) => a.id),
        ...kids.flatMap(under),
      ];
    };
    const ouGrantsArb =
      principals.length > 0 && arns.length > 0 && organization.units.length > 0
        ? fc.array(
            fc.record({
              p: fc.constantFrom(...principals),
              permissionSetArn: fc.constantFrom(...arns),
              ou: fc.constantFrom(...organization.units.map((u) => u.id)),
            }),
            { maxLength: 3 },
          )
        : fc.constant([]);
    const allAssignmentsArb = fc.tuple(assignmentArb, ouGrantsArb).map(([list, grants]) => {
      const out = new Map<
        string,
        { p: [ActualAssignment["principalType"], string]; permissionSetArn: string; accountId: string }
      >();
      for (const a of list) out.set(`${a.p.join("|")}|${a.permissionSetArn}|${a.accountId}`, a);
      for (const g of grants)
        for (const accountId of under(g.ou))
          out.set(`${g.p.join("|")}|${g.permissionSetArn}|${accountId}`, {
            p: g.p,
            permissionSetArn: g.permissionSetArn,
            accountId,
          });
      return [...out.values()];
    });
    return fc.record({
      region: fc.constant("eu-central-1"),
      instanceArn: fc.constant("arn:aws:sso:::instance/ssoins-1234567890abcdef"),
      identityStoreId: fc.constant("d-1234567890"),
      users: fc.tuple(...userNames.map((n, i) => userArb(n, i))),
      groups: fc.tuple(
        ...groupNames.map(
          (name, i): fc.Arbitrary<ImportGroup> =>
            fc.record({
              groupId: fc.constant(`group-${i}`),
              name: fc.constant(name),
              description: fc.oneof(fc.constant(""), textArb),
              memberUserIds: fc.subarray(userIds),
              external: fc.boolean(),
            }),
        ),
      ),
      permissionSets: fc.tuple(
        ...psNames.map((name, i) => specArb(name).map((spec) => ({ arn: arns[i]!, name, spec }))),
      ),
      assignments: allAssignmentsArb.map((list) =>
        list.map((a) => ({
          principalType: a.p[0],
          principalId: a.p[1],
          permissionSetArn: a.permissionSetArn,
          accountId: a.accountId,
        })),
      ),
      organization: fc.constant(organization),
    });
  });
