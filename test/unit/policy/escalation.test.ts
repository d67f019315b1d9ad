import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ESCALATION_RULES, lintPolicy } from "../../../src/policy/index.ts";
import { allow, lint, policy } from "./helpers.ts";

const escalations = (doc: unknown) => lint(doc).filter((l) => l.includes(" escalation/"));

describe("policy lint: privilege escalation", () => {
  it("warns about each known escalation action allowed without a condition", () => {
    const cases: [string, string][] = [
      ["iam:CreatePolicyVersion", "escalation/iam-create-policy-version"],
      ["iam:SetDefaultPolicyVersion", "escalation/iam-set-default-policy-version"],
      ["iam:AttachUserPolicy", "escalation/iam-attach-user-policy"],
      ["iam:AttachRolePolicy", "escalation/iam-attach-role-policy"],
      ["iam:AttachGroupPolicy", "escalation/iam-attach-group-policy"],
      ["iam:PutUserPolicy", "escalation/iam-put-user-policy"],
      ["iam:PutRolePolicy", "escalation/iam-put-role-policy"],
      ["iam:PutGroupPolicy", "escalation/iam-put-group-policy"],
      ["iam:CreateAccessKey", "escalation/iam-create-access-key"],
      ["iam:CreateLoginProfile", "escalation/iam-create-login-profile"],
      ["iam:UpdateLoginProfile", "escalation/iam-update-login-profile"],
      ["iam:UpdateAssumeRolePolicy", "escalation/iam-update-assume-role-policy"],
      ["iam:AddUserToGroup", "escalation/iam-add-user-to-group"],
      ["iam:DeleteRolePermissionsBoundary", "escalation/iam-delete-role-permissions-boundary"],
      ["iam:PutRolePermissionsBoundary", "escalation/iam-put-role-permissions-boundary"],
      ["iam:PassRole", "escalation/iam-pass-role"],
    ];
    for (const [action, code] of cases) {
      const out = escalations(policy(allow(action, "arn:aws:iam::111111111111:role/app/*")));
      // Users, groups and policies have their own ARNs; any resource of the right service will do here.
      const fits = lintPolicy(policy(allow(action, "*"))).filter((f) => f.code.startsWith("escalation/"));
      assert.ok(
        fits.some((f) => f.code.startsWith(code)),
        `${action}: ${JSON.stringify(fits)}`,
      );
      if (action.includes("Role")) assert.deepEqual(out, [`warning ${code} Statement[0].Action`], action);
    }
  });

  it("covers every rule in the table (each has a test-visible code)", () => {
    for (const rule of ESCALATION_RULES) {
      const found = lintPolicy(policy(allow(rule.action, "*"))).filter((f) =>
        f.code.startsWith("escalation/"),
      );
      assert.ok(found.length > 0, rule.action);
    }
  });

  it("does not warn when the statement has a condition", () => {
    assert.deepEqual(
      escalations(
        policy(
          allow(["iam:PutRolePolicy", "iam:AttachRolePolicy"], "arn:aws:iam::111111111111:role/app/*", {
            Condition: {
              ArnEquals: { "iam:PermissionsBoundary": "arn:aws:iam::111111111111:policy/boundary" },
            },
          }),
          allow("iam:PassRole", "arn:aws:iam::111111111111:role/app/*", {
            Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } },
          }),
        ),
      ),
      [],
    );
  });

  it("does not warn about Deny statements", () => {
    assert.deepEqual(escalations(policy({ Effect: "Deny", Action: ["iam:*", "sts:*"], Resource: "*" })), []);
  });

  it("treats a wildcard that covers escalation actions as allowing them, naming the wildcard", () => {
    const out = escalations(policy(allow("iam:Put*", "arn:aws:iam::111111111111:role/app/*")));
    assert.ok(out.includes("warning escalation/iam-put-role-policy Statement[0].Action"));
    assert.ok(out.includes("warning escalation/iam-put-user-policy Statement[0].Action"));
    assert.ok(!out.some((l) => l.includes("attach")));
    const msg = lintPolicy(policy(allow(["s3:GetObject", "iam:Attach*"]))).find(
      (f) => f.code === "escalation/iam-attach-role-policy",
    );
    assert.equal(msg?.path, "Statement[0].Action[1]");
    assert.match(msg?.message ?? "", /via "iam:Attach\*"/);
    assert.ok(escalations(policy(allow("iam:*"))).length >= 13);
  });

  it("warns about iam:PassRole on Resource * even with conditions", () => {
    assert.deepEqual(
      escalations(
        policy(
          allow("iam:PassRole", "*", {
            Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
          }),
        ),
      ),
      ["warning escalation/iam-pass-role-any-resource Statement[0].Action"],
    );
    assert.deepEqual(escalations(policy(allow("iam:PassRole"))), [
      "warning escalation/iam-pass-role-any-resource Statement[0].Action",
    ]);
  });

  it("warns about sts:AssumeRole and lambda:UpdateFunctionCode only on Resource *", () => {
    assert.deepEqual(escalations(policy(allow(["sts:AssumeRole", "lambda:UpdateFunctionCode"]))), [
      "warning escalation/sts-assume-role Statement[0].Action[0]",
      "warning escalation/lambda-update-function-code Statement[0].Action[1]",
    ]);
    assert.deepEqual(
      escalations(policy(allow("sts:AssumeRole", "arn:aws:iam::111111111111:role/deploy"))),
      [],
    );
    assert.deepEqual(
      escalations(policy(allow("lambda:UpdateFunctionCode", "arn:aws:lambda:*:111111111111:function:app-*"))),
      [],
    );
  });

  it("summarises Action * and Allow with NotAction in one warning each", () => {
    assert.deepEqual(escalations(policy(allow("*"))), [
      "warning escalation/iam-pass-role-any-resource Statement[0].Action",
      "warning escalation/all-actions Statement[0].Action",
    ]);
    const notAction = escalations(policy({ Effect: "Allow", NotAction: ["iam:*", "sts:*"], Resource: "*" }));
    assert.deepEqual(notAction, ["warning escalation/not-action Statement[0].NotAction"]);
    const msg = lintPolicy(policy({ Effect: "Allow", NotAction: ["iam:*"], Resource: "*" })).find(
      (f) => f.code === "escalation/not-action",
    );
    assert.match(msg?.message ?? "", /sts:AssumeRole/);
    assert.doesNotMatch(msg?.message ?? "", /iam:/);
  });
});
