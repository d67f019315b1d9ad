import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { allow, lint, only, policy } from "./helpers.ts";

describe("policy lint: actions against the IAM catalog", () => {
  it("reports an unknown action with a suggestion", () => {
    const f = only(policy(allow(["s3:GetObject", "s3:GetObjekt"])), "action/unknown");
    assert.equal(f.severity, "error");
    assert.equal(f.path, "Statement[0].Action[1]");
    assert.match(f.message, /did you mean "s3:GetObject"\?/);
  });

  it("reports an unknown service prefix", () => {
    const f = only(policy(allow("s4:GetObject")), "action/unknown-service");
    assert.equal(f.path, "Statement[0].Action");
    assert.match(f.message, /unknown service prefix "s4".*did you mean "s3"/);
  });

  it("matches actions case-insensitively, as IAM does", () => {
    assert.deepEqual(lint(policy(allow(["S3:getobject", "EC2:DescribeInstances"]))), []);
  });

  it("reports text that is not service:Action", () => {
    for (const bad of ["s3GetObject", "s3:Get Object", "s3:", ":GetObject", "s3:Get:Object"]) {
      assert.deepEqual(lint(policy(allow(bad))), ["error action/invalid Statement[0].Action"], bad);
    }
  });

  it("accepts wildcards that match at least one action", () => {
    assert.deepEqual(
      lint(policy(allow(["ec2:Describe*", "s3:*Object", "s3:Get?bject", "s3:*", "dynamodb:*Item"]))),
      [],
    );
  });

  it("reports a wildcard that matches no action", () => {
    assert.deepEqual(lint(policy(allow(["ec2:Descibe*", "s3:*Objekt", "s3:Get?bjects"]))), [
      "error action/no-match Statement[0].Action[0]",
      "error action/no-match Statement[0].Action[1]",
      "error action/no-match Statement[0].Action[2]",
    ]);
  });

  it("does not check a service part with wildcards", () => {
    assert.deepEqual(lint(policy({ Effect: "Deny", Action: "s3*:Get*", Resource: "*" })), []);
  });

  it("warns about Action * (and *:*) with Allow, not with Deny", () => {
    assert.deepEqual(
      lint(policy(allow("*"))).filter((l) => l.includes("action/")),
      ["warning action/allow-all Statement[0].Action"],
    );
    assert.deepEqual(
      lint(policy(allow(["s3:GetObject", "*:*"]))).filter((l) => l.includes("action/")),
      ["warning action/allow-all Statement[0].Action[1]"],
    );
    assert.deepEqual(lint(policy({ Effect: "Deny", Action: "*", Resource: "*" })), []);
  });

  it("warns about NotAction with Allow, not with Deny", () => {
    const out = lint(policy({ Effect: "Allow", NotAction: ["iam:*", "sts:*", "lambda:*"], Resource: "*" }));
    assert.deepEqual(out, ["warning action/not-action-allow Statement[0].NotAction"]);
    assert.deepEqual(lint(policy({ Effect: "Deny", NotAction: "iam:*", Resource: "*" })), []);
  });

  it("checks NotAction entries against the catalog too", () => {
    assert.deepEqual(lint(policy({ Effect: "Deny", NotAction: ["iam:GetRol"], Resource: "*" })), [
      "error action/unknown Statement[0].NotAction[0]",
    ]);
  });
});
