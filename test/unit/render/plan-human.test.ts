import assert from "node:assert/strict";
import { test } from "node:test";
import type { Change } from "../../../src/engine/plan-types.ts";
import { renderPlanHuman } from "../../../src/render/plan-human.ts";
import { emptyPlan, mixedChanges, PS_ARN } from "./fixtures.ts";

const HEADER =
  "keyless plan for arn:aws:sso:::instance/ssoins-1111111111111111 (eu-central-1, identity store d-1234567890)";

const plain = { color: false };

const assignmentDelete = (account: string): Change => ({
  kind: "assignment",
  action: "delete",
  address: `assignment["group:old", "terraform-core", "${account}"]`,
  broadensAccess: false,
  principal: { type: "GROUP", name: "old" },
  permissionSet: "terraform-core",
  accountId: account,
});

test("an empty plan says there is nothing to do", () => {
  assert.equal(renderPlanHuman(emptyPlan(), plain), `${HEADER}\n\nNo changes. AWS matches keyless.yaml.\n`);
});

test("a mixed plan shows every kind and action, the policy diff, markers, via and re-provisioning", () => {
  const text = renderPlanHuman(emptyPlan({ changes: mixedChanges() }), plain);
  assert.equal(
    text,
    `${HEADER}

Who gets what where:
  group platform-engineers gets terraform-core on 111111111111
  user dave joins group platform-engineers
  user erin loses terraform-core on 222222222222
  user erin leaves group auditors

keyless will make these changes:

  + user["dave"]
      display name: "Dave Platform", email: "dave@example.com"

  ~ user["erin"]
      ~ email: "erin@old.example" -> "erin@example.com"

  + group["platform-engineers"]
      description: "Runs Terraform"

  ~ group["auditors"]
      ~ description: "" -> "Read-only"

  + membership["platform-engineers", "dave"]   ! broadens access

  + permission_set["terraform-readonly"]
      description: "Read everything"
      sessionDuration: "PT1H"
      managedPolicies: arn:aws:iam::aws:policy/ReadOnlyAccess
      inlinePolicy:
          {
            "Version": "2012-10-17",
            "Statement": []
          }

  ~ permission_set["terraform-core"]   ! broadens access
      (policy widened in keyless.yaml)
      ~ sessionDuration: "PT1H" -> "PT8H"
      ~ inlinePolicy:
          @@ -4,7 +4,8 @@
               {
                 "Effect": "Allow",
                 "Action": [
          -        "s3:GetObject"
          +        "s3:GetObject",
          +        "s3:PutObject"
                 ],
                 "Resource": "*"
               }
      + managedPolicies: arn:aws:iam::aws:policy/ReadOnlyAccess
      ~ tags.team: "infra" -> "platform"
      re-provisions 3 accounts: 111111111111, 222222222222, 333333333333

  ~ provisioning["terraform-admin"]
      (roles not on the latest version)
      re-provisions 1 account: 444444444444

  + assignment["group:platform-engineers", "terraform-core", "111111111111"]   (via ou:workloads)   ! broadens access
  - assignment["user:erin", "terraform-core", "222222222222"]
  - permission_set["terraform-old"]
  - membership["auditors", "erin"]
  - group["old-team"]

  - user["frank"]
      display name: "Frank", email: "frank@example.com"

Plan: 5 to add, 4 to change, 5 to delete (3 broaden access).
`,
  );
});

test("permission set field diffs: added policy, removed lists, boundary, tags, relay state", () => {
  const before = {
    name: "ps",
    description: "old",
    sessionDuration: "PT1H",
    relayState: "",
    inlinePolicy: "",
    managedPolicies: ["arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/B"],
    customerManagedPolicies: [{ name: "Old", path: "/team/" }],
    permissionsBoundary: null,
    tags: { gone: "x", kept: "same" },
  };
  const after = {
    ...before,
    description: "new",
    relayState: "https://console.aws.amazon.com/",
    inlinePolicy: '{"Version":"2012-10-17"}',
    managedPolicies: ["arn:aws:iam::aws:policy/B"],
    customerManagedPolicies: [{ name: "New", path: "/" }],
    permissionsBoundary: { kind: "customer" as const, name: "Boundary", path: "/" },
    tags: { kept: "same", added: "y" },
  };
  const change: Change = {
    kind: "permission_set",
    action: "update",
    address: 'permission_set["ps"]',
    broadensAccess: true,
    name: "ps",
    arn: PS_ARN,
    before,
    after,
    changedFields: [
      "description",
      "relayState",
      "inlinePolicy",
      "managedPolicies",
      "customerManagedPolicies",
      "permissionsBoundary",
      "tags",
    ],
    reprovisionAccounts: [],
  };
  assert.equal(
    renderPlanHuman(emptyPlan({ changes: [change] }), plain),
    `${HEADER}

keyless will make these changes:

  ~ permission_set["ps"]   ! broadens access
      ~ description: "old" -> "new"
      ~ relayState: "" -> "https://console.aws.amazon.com/"
      + inlinePolicy:
          @@ -0,0 +1,3 @@
          +{
          +  "Version": "2012-10-17"
          +}
      - managedPolicies: arn:aws:iam::aws:policy/A
      - customerManagedPolicies: /team/Old
      + customerManagedPolicies: /New
      + permissionsBoundary: /Boundary (customer managed)
      + tags.added: "y"
      - tags.gone: "x"

Plan: 0 to add, 1 to change, 0 to delete (1 broadens access).
`,
  );
});

test("prune candidates get their own section and are never 'No changes' when prune is off; none when it is on", () => {
  const candidates = [assignmentDelete("111111111111"), assignmentDelete("222222222222")];
  assert.equal(
    renderPlanHuman(emptyPlan({ pruneCandidates: candidates }), plain),
    `${HEADER}

Not in keyless.yaml, would be deleted with --prune:
  - assignment["group:old", "terraform-core", "111111111111"]
  - assignment["group:old", "terraform-core", "222222222222"]

No changes to apply, but AWS has what keyless.yaml does not declare.
Not in keyless.yaml: 2 assignments (access keyless.yaml does not grant). apply keeps them; keyless apply --prune deletes them.
`,
  );
  assert.equal(
    renderPlanHuman(emptyPlan({ prune: true, pruneCandidates: candidates }), plain),
    `${HEADER}\n\nNo changes. AWS matches keyless.yaml.\n`,
  );
});

test("prune candidates beside changes: the Plan line, then what is not in keyless.yaml, by kind", () => {
  const member: Change = {
    kind: "membership",
    action: "delete",
    address: 'membership["platform-engineers", "mallory"]',
    broadensAccess: false,
    group: "platform-engineers",
    userName: "mallory",
  };
  const oldSet: Change = {
    kind: "permission_set",
    action: "delete",
    address: 'permission_set["terraform-old"]',
    broadensAccess: false,
    name: "terraform-old",
    changedFields: [],
    reprovisionAccounts: [],
  };
  const plan = emptyPlan({
    changes: [mixedChanges()[0] as Change],
    pruneCandidates: [member, oldSet, assignmentDelete("111111111111")],
  });
  const text = renderPlanHuman(plan, plain);
  assert.ok(
    text.endsWith(`Plan: 1 to add, 0 to change, 0 to delete.
Not in keyless.yaml: 1 assignment, 1 group member, 1 permission set (access keyless.yaml does not grant). apply keeps them; keyless apply --prune deletes them.
`),
    text,
  );
  // A permission set alone is not access, and one thing is "it".
  const alone = renderPlanHuman(emptyPlan({ pruneCandidates: [oldSet] }), plain);
  assert.ok(
    alone.endsWith(`No changes to apply, but AWS has what keyless.yaml does not declare.
Not in keyless.yaml: 1 permission set. apply keeps it; keyless apply --prune deletes it.
`),
    alone,
  );
});

test("a targeted plan warns that it is partial, and names a target that matches nothing", () => {
  const plan = emptyPlan({
    changes: [mixedChanges()[0] as Change],
    targets: ['user["dave"]', 'group["nobody"]'],
  });
  assert.equal(
    renderPlanHuman(plan, plain),
    `${HEADER}

Warning: -target is in effect: this plan holds only the changes of user["dave"], group["nobody"] and what they depend on, so it may not be all that differs between keyless.yaml and AWS. Run keyless plan without -target to see everything.
Warning: -target group["nobody"] matches no change.

keyless will make these changes:

  + user["dave"]
      display name: "Dave Platform", email: "dave@example.com"

Plan: 1 to add, 0 to change, 0 to delete.
`,
  );
});

test("problems come first and say apply is blocked", () => {
  const plan = emptyPlan({
    problems: [
      'group "sso-admins" is external but not in the identity store',
      'account "prod" is not in the organization',
    ],
    changes: [assignmentDelete("111111111111")],
  });
  assert.equal(
    renderPlanHuman(plan, plain),
    `${HEADER}

Error: group "sso-admins" is external but not in the identity store
Error: account "prod" is not in the organization
Apply is blocked until these problems are fixed; then run keyless plan again.

Who gets what where:
  group old loses terraform-core on 111111111111

keyless will make these changes:

  - assignment["group:old", "terraform-core", "111111111111"]

Plan: 0 to add, 0 to change, 1 to delete.
`,
  );
});

test("warnings follow problems and do not block", () => {
  const plan = emptyPlan({
    warnings: ['keyless.yaml:12:9: permission set "ops": iam:PassRole on "*" lets the role pass any role'],
    changes: [assignmentDelete("111111111111")],
  });
  assert.equal(
    renderPlanHuman(plan, plain),
    `${HEADER}

Warning: keyless.yaml:12:9: permission set "ops": iam:PassRole on "*" lets the role pass any role

Who gets what where:
  group old loses terraform-core on 111111111111

keyless will make these changes:

  - assignment["group:old", "terraform-core", "111111111111"]

Plan: 0 to add, 0 to change, 1 to delete.
`,
  );
});

test("a plan without a problems field (older saved plan) renders", () => {
  const plan = emptyPlan();
  delete (plan as { problems?: string[] }).problems;
  assert.equal(renderPlanHuman(plan, plain), `${HEADER}\n\nNo changes. AWS matches keyless.yaml.\n`);
});

test("unmanaged counts: zero parts omitted, singular and plural", () => {
  const all = emptyPlan({ unmanaged: { users: 3, groups: 1, permissionSets: 2, assignments: 5 } });
  assert.equal(
    renderPlanHuman(all, plain),
    `${HEADER}

Left alone (not managed by keyless.yaml): 3 users, 1 group, 2 permission sets, 5 assignments. Assignments of these permission sets to users and groups keyless.yaml does not name are not read, so not counted.

No changes. AWS matches keyless.yaml.
`,
  );
  const some = emptyPlan({ unmanaged: { users: 1, groups: 0, permissionSets: 1, assignments: 0 } });
  const noSets = emptyPlan({ unmanaged: { users: 0, groups: 0, permissionSets: 0, assignments: 2 } });
  assert.equal(
    renderPlanHuman(noSets, plain),
    `${HEADER}\n\nLeft alone (not managed by keyless.yaml): 2 assignments.\n\nNo changes. AWS matches keyless.yaml.\n`,
  );
  assert.equal(
    renderPlanHuman(some, plain),
    `${HEADER}

Left alone (not managed by keyless.yaml): 1 user, 1 permission set. Assignments of these permission sets to users and groups keyless.yaml does not name are not read, so not counted.

No changes. AWS matches keyless.yaml.
`,
  );
});

test("notes come last, after the summary", () => {
  const plan = emptyPlan({
    changes: [mixedChanges()[0] as Change],
    notes: ["New users get no password.", "Run keyless doctor after apply."],
  });
  assert.equal(
    renderPlanHuman(plan, plain),
    `${HEADER}

keyless will make these changes:

  + user["dave"]
      display name: "Dave Platform", email: "dave@example.com"

Plan: 1 to add, 0 to change, 0 to delete.

Note: New users get no password.
Note: Run keyless doctor after apply.
`,
  );
});

test("long account lists are shortened unless verbose", () => {
  const accounts = Array.from({ length: 12 }, (_, i) => String(100000000000 + i));
  const change: Change = {
    kind: "provisioning",
    action: "update",
    address: 'provisioning["x"]',
    broadensAccess: false,
    permissionSet: "x",
    arn: PS_ARN,
    accounts,
  };
  const plan = emptyPlan({ changes: [change] });
  const short = renderPlanHuman(plan, plain);
  assert.ok(
    short.includes(`      re-provisions 12 accounts: ${accounts.slice(0, 10).join(", ")} and 2 more\n`),
    short,
  );
  const full = renderPlanHuman(plan, { color: false, verbose: true });
  assert.ok(full.includes(`      re-provisions 12 accounts: ${accounts.join(", ")}\n`), full);
});

test("control characters in values from AWS are shown escaped, never sent to the terminal", () => {
  const change: Change = {
    kind: "user",
    action: "delete",
    address: 'user["mal\u001b[2Jlory"]',
    broadensAccess: false,
    userName: "mal\u001b[2Jlory",
    before: {
      userName: "m",
      displayName: "M\u001b]0;x\u0007",
      givenName: "",
      familyName: "",
      email: "m@example.com",
    },
  };
  const text = renderPlanHuman(emptyPlan({ changes: [change] }), plain);
  assert.ok(!text.includes("\u001b"), JSON.stringify(text));
  assert.ok(text.includes('  - user["mal\\u001b[2Jlory"]\n'), text);
  assert.ok(text.includes('display name: "M\\u001b]0;x\\u0007"'), text);
});

test("color: true adds ANSI codes, color: false none", () => {
  const plan = emptyPlan({ changes: mixedChanges(), problems: ["x"], notes: ["n"] });
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes.
  const ansi = /\u001b\[\d+m/;
  assert.match(renderPlanHuman(plan, { color: true }), ansi);
  assert.doesNotMatch(renderPlanHuman(plan, { color: false }), ansi);
  assert.doesNotMatch(renderPlanHuman(plan, { color: false, verbose: true }), ansi);
});

test("a new permission set lists every non-empty field; a boundary swap and a non-JSON policy still render", () => {
  const create: Change = {
    kind: "permission_set",
    action: "create",
    address: 'permission_set["full"]',
    broadensAccess: false,
    name: "full",
    after: {
      name: "full",
      description: "",
      sessionDuration: "PT12H",
      relayState: "https://example.com/",
      inlinePolicy: "",
      managedPolicies: ["arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/B"],
      customerManagedPolicies: [{ name: "Deploy", path: "/ci/" }],
      permissionsBoundary: { kind: "managed", arn: "arn:aws:iam::aws:policy/PowerUserAccess" },
      tags: { "managed-by": "keyless", team: "platform" },
    },
    changedFields: [],
    reprovisionAccounts: [],
  };
  const before = { ...(create.after as NonNullable<typeof create.after>), inlinePolicy: "not json" };
  const update: Change = {
    ...create,
    action: "update",
    address: 'permission_set["full2"]',
    before,
    after: {
      ...before,
      inlinePolicy: "still not json",
      permissionsBoundary: { kind: "customer", name: "Boundary", path: "/" },
    },
    changedFields: ["inlinePolicy", "permissionsBoundary"],
  };
  assert.equal(
    renderPlanHuman(emptyPlan({ changes: [create, update] }), plain),
    `${HEADER}

keyless will make these changes:

  + permission_set["full"]
      sessionDuration: "PT12H"
      relayState: "https://example.com/"
      managedPolicies: arn:aws:iam::aws:policy/A, arn:aws:iam::aws:policy/B
      customerManagedPolicies: /ci/Deploy
      permissionsBoundary: arn:aws:iam::aws:policy/PowerUserAccess
      tags: managed-by="keyless", team="platform"

  ~ permission_set["full2"]
      ~ inlinePolicy:
          @@ -1,1 +1,1 @@
          -not json
          +still not json
      ~ permissionsBoundary: arn:aws:iam::aws:policy/PowerUserAccess -> /Boundary (customer managed)

Plan: 1 to add, 1 to change, 0 to delete.
`,
  );
});
