/**
 * fast-check generators: valid Desired models (as the config loader would produce them: unique
 * names, members and principals that refer to declared, non-removed entries, OU ids with an account
 * list) and arbitrary Actual states whose names and ids overlap with them, so collisions happen.
 */
import fc from "fast-check";
import type {
  AccountId,
  Actual,
  ActualAssignment,
  ActualGroup,
  ActualPermissionSet,
  ActualUser,
  AssignmentRule,
  CustomerManagedPolicyRef,
  Desired,
  DesiredGroup,
  DesiredUser,
  PermissionSetSpec,
  PermissionsBoundary,
  PrincipalRef,
  TargetRef,
} from "../../../src/engine/model.ts";

const ACCOUNT_POOL = ["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"];
const OU_POOL = ["ou-ab12-aaaaaaaa", "ou-ab12-bbbbbbbb", "r-ab12", "ou-ab12-cccccccc"];
const MANAGED_POOL = [
  "arn:aws:iam::aws:policy/ReadOnlyAccess",
  "arn:aws:iam::aws:policy/PowerUserAccess",
  "arn:aws:iam::aws:policy/AdministratorAccess",
];
const ACTIONS = ["s3:GetObject", "s3:PutObject", "dynamodb:GetItem", "kms:Decrypt", "iam:*"];

/** Names with a few characters that stress quoting: quotes, commas, colons, non-ASCII. */
const nameArb = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z][a-z0-9._-]{0,8}$/) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 6 }) },
);
const psNameArb = fc.stringMatching(/^[\w+=,.@-]{1,12}$/);
const textArb = fc.string({ maxLength: 12 });

const statementArb = fc.record({
  Effect: fc.constantFrom("Allow", "Deny"),
  Action: fc.oneof(
    fc.constantFrom(...ACTIONS),
    fc.uniqueArray(fc.constantFrom(...ACTIONS), { minLength: 1 }),
  ),
  Resource: fc.constantFrom("*", "arn:aws:s3:::state/*"),
});
export const policyArb = fc.oneof(
  fc.constant(""),
  fc
    .array(statementArb, { minLength: 1, maxLength: 3 })
    .map((Statement) => JSON.stringify({ Version: "2012-10-17", Statement })),
);

const cmpArb: fc.Arbitrary<CustomerManagedPolicyRef[]> = fc
  .uniqueArray(
    fc.record({ name: fc.constantFrom("Extra", "Other", "Boundary"), path: fc.constantFrom("/", "/team/") }),
    {
      selector: (c) => `${c.path}${c.name}`,
      maxLength: 3,
    },
  )
  .map((l) => [...l].sort((a, b) => (`${a.path}${a.name}` < `${b.path}${b.name}` ? -1 : 1)));

const boundaryArb: fc.Arbitrary<PermissionsBoundary | null> = fc.oneof(
  fc.constant(null),
  fc.constantFrom(...MANAGED_POOL).map((arn) => ({ kind: "managed" as const, arn })),
  fc.constantFrom("B1", "B2").map((name) => ({ kind: "customer" as const, name, path: "/" })),
);

export function specArb(name: string): fc.Arbitrary<PermissionSetSpec> {
  return fc.record({
    name: fc.constant(name),
    description: textArb,
    sessionDuration: fc.constantFrom("PT1H", "PT2H", "PT8H", "PT12H", "PT90M"),
    relayState: fc.constantFrom("", "https://console.aws.amazon.com/"),
    inlinePolicy: policyArb,
    managedPolicies: fc.subarray(MANAGED_POOL).map((l) => [...l].sort()),
    customerManagedPolicies: cmpArb,
    permissionsBoundary: boundaryArb,
    tags: fc.dictionary(fc.constantFrom("team", "cost", "owner"), textArb, { maxKeys: 3 }),
  });
}

function userArb(userName: string): fc.Arbitrary<DesiredUser> {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .record({ displayName: textArb, givenName: textArb, familyName: textArb, email: textArb })
        .map((s) => ({ userName, ...s, remove: false, external: false })),
    },
    {
      weight: 1,
      arbitrary: fc.constant({
        userName,
        displayName: "",
        givenName: "",
        familyName: "",
        email: "",
        remove: true,
        external: false,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.constant({
        userName,
        displayName: "",
        givenName: "",
        familyName: "",
        email: "",
        remove: false,
        external: true,
      }),
    },
  );
}

export interface DesiredWithOus {
  desired: Desired;
  /** An OU → accounts map containing every OU the desired model names. */
  ouAccounts: Record<string, AccountId[]>;
}

export const desiredArb: fc.Arbitrary<DesiredWithOus> = fc
  .record({
    userNames: fc.uniqueArray(nameArb, { maxLength: 6 }),
    groupNames: fc.uniqueArray(nameArb, { maxLength: 4 }),
    psNames: fc.uniqueArray(psNameArb, { minLength: 1, maxLength: 4 }),
    accounts: fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.constantFrom(...ACCOUNT_POOL), {
      maxKeys: 4,
    }),
    ous: fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.constantFrom(...OU_POOL), { maxKeys: 3 }),
    region: fc.constantFrom("eu-central-1", "us-east-1"),
  })
  .chain(({ userNames, groupNames, psNames, accounts, ous, region }) =>
    fc
      .record({
        users: fc.tuple(...userNames.map(userArb)),
        permissionSets: fc.tuple(...psNames.map(specArb)),
        ouAccounts: fc.record(
          Object.fromEntries(Object.values(ous).map((id) => [id, fc.subarray(ACCOUNT_POOL)])) as Record<
            string,
            fc.Arbitrary<string[]>
          >,
        ),
        prune: fc.record({
          permissionSets: fc.subarray(["*", "terraform-*", "x*"]),
          groups: fc.subarray(["*", "team-*"]),
          assignmentsOfManagedPermissionSets: fc.boolean(),
          enabled: fc.boolean(),
        }),
        groupSeeds: fc.tuple(
          ...groupNames.map(() =>
            fc.record({ external: fc.boolean(), description: textArb, memberPick: fc.array(fc.nat()) }),
          ),
        ),
        ruleSeeds: fc.array(
          fc.record({
            principals: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
            ps: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }),
            targets: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
          }),
          { maxLength: 4 },
        ),
      })
      .map(({ users, permissionSets, ouAccounts, prune, groupSeeds, ruleSeeds }) => {
        const liveUsers = users.filter((u) => !u.remove).map((u) => u.userName);
        const groups: DesiredGroup[] = groupNames.map((name, i) => {
          const seed = groupSeeds[i]!;
          const members =
            seed.external || liveUsers.length === 0
              ? []
              : [...new Set(seed.memberPick.map((n) => liveUsers[n % liveUsers.length]!))];
          return {
            name,
            description: seed.external ? "" : seed.description,
            members,
            external: seed.external,
          };
        });
        const principals: PrincipalRef[] = [
          ...liveUsers.map((name) => ({ type: "USER" as const, name })),
          ...groupNames.map((name) => ({ type: "GROUP" as const, name })),
        ];
        const targets: TargetRef[] = [
          ...Object.entries(accounts).map(([name, accountId]) => ({
            kind: "account" as const,
            name,
            accountId,
          })),
          ...Object.entries(ous).map(([name, ouId]) => ({ kind: "ou" as const, name, ouId })),
        ];
        const pick = <T>(pool: T[], seeds: number[]) =>
          pool.length === 0 ? [] : [...new Set(seeds.map((n) => pool[n % pool.length]!))];
        const assignmentRules: AssignmentRule[] = ruleSeeds
          .map((s) => ({
            principals: pick(principals, s.principals),
            permissionSets: pick(psNames, s.ps),
            targets: pick(targets, s.targets),
          }))
          .filter((r) => r.principals.length > 0 && r.permissionSets.length > 0 && r.targets.length > 0);
        const desired: Desired = {
          identityCenter: { region },
          accounts,
          organizationalUnits: ous,
          users,
          groups,
          permissionSets,
          assignmentRules,
          prune,
        };
        return { desired, ouAccounts };
      }),
  );

/** An arbitrary AWS state that reuses the desired names (and invents others), with ids from small pools. */
export function actualArb(desired: Desired): fc.Arbitrary<Actual> {
  const userNames = fc.oneof(
    fc.constantFrom("stranger", "team-x", ...desired.users.map((u) => u.userName)),
    nameArb,
  );
  const groupNames = fc.oneof(
    fc.constantFrom("team-x", "legacy", ...desired.groups.map((g) => g.name)),
    nameArb,
  );
  const psNames = fc.oneof(
    fc.constantFrom("terraform-old", "x1", ...desired.permissionSets.map((p) => p.name)),
    psNameArb,
  );
  const userId = fc.constantFrom("u1", "u2", "u3", "u4", "u5", "u6", "u-ghost");
  const groupId = fc.constantFrom("g1", "g2", "g3", "g4", "g-ghost");
  const arn = fc.constantFrom("arn:ps/1", "arn:ps/2", "arn:ps/3", "arn:ps/4", "arn:ps/ghost");
  const accounts = fc.subarray(ACCOUNT_POOL);

  const users: fc.Arbitrary<ActualUser[]> = fc.array(
    fc.record({
      userId,
      userName: userNames,
      displayName: textArb,
      givenName: textArb,
      familyName: textArb,
      email: textArb,
    }),
    { maxLength: 8 },
  );
  const groups: fc.Arbitrary<ActualGroup[]> = fc.array(
    fc.record(
      { groupId, name: groupNames, description: textArb, memberUserIds: fc.array(userId, { maxLength: 4 }) },
      { requiredKeys: ["groupId", "name", "description"] },
    ),
    { maxLength: 6 },
  );
  const permissionSets: fc.Arbitrary<ActualPermissionSet[]> = fc.array(
    psNames.chain((name) =>
      fc
        .record({ arn, name: fc.constant(name), spec: fc.oneof(specArb(name), fc.constant(undefined)) })
        .map((p) =>
          p.spec === undefined ? { arn: p.arn, name: p.name } : { arn: p.arn, name: p.name, spec: p.spec },
        ),
    ),
    { maxLength: 5 },
  );
  const assignments: fc.Arbitrary<ActualAssignment[]> = fc.array(
    fc.oneof(
      fc.record({
        principalType: fc.constant("USER" as const),
        principalId: userId,
        permissionSetArn: arn,
        accountId: fc.constantFrom(...ACCOUNT_POOL),
      }),
      fc.record({
        principalType: fc.constant("GROUP" as const),
        principalId: groupId,
        permissionSetArn: arn,
        accountId: fc.constantFrom(...ACCOUNT_POOL),
      }),
    ),
    { maxLength: 10 },
  );
  const byPsName = fc.dictionary(psNames, accounts, { maxKeys: 3 });
  return fc.record({
    instanceArn: fc.constantFrom("arn:aws:sso:::instance/ssoins-1", "arn:aws:sso:::instance/ssoins-2"),
    identityStoreId: fc.constantFrom("d-1", "d-2"),
    users,
    groups,
    permissionSets,
    assignments,
    staleProvisioning: byPsName,
    provisionedAccounts: byPsName,
    ouAccounts: fc.dictionary(fc.constantFrom(...OU_POOL), accounts, { maxKeys: 4 }),
  });
}

/** Deterministic Fisher-Yates driven by a seed, so a failing case replays. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The same AWS state with every array (and every id list) in another order. */
export function shuffledActual(a: Actual, seed: number): Actual {
  const rec = (r: Record<string, AccountId[]>) =>
    Object.fromEntries(shuffle(Object.entries(r), seed).map(([k, v], i) => [k, shuffle(v, seed + i)]));
  return {
    ...a,
    users: shuffle(a.users, seed),
    groups: shuffle(
      a.groups.map((g, i) =>
        g.memberUserIds ? { ...g, memberUserIds: shuffle(g.memberUserIds, seed + i) } : g,
      ),
      seed + 1,
    ),
    permissionSets: shuffle(
      a.permissionSets.map((p) =>
        p.spec
          ? {
              ...p,
              spec: {
                ...p.spec,
                managedPolicies: shuffle(p.spec.managedPolicies, seed),
                customerManagedPolicies: shuffle(p.spec.customerManagedPolicies, seed),
              },
            }
          : p,
      ),
      seed + 2,
    ),
    assignments: shuffle(a.assignments, seed + 3),
    staleProvisioning: rec(a.staleProvisioning),
    provisionedAccounts: rec(a.provisionedAccounts),
    ouAccounts: rec(a.ouAccounts),
  };
}
