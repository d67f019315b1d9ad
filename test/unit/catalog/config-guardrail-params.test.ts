/**
 * The keyless.yaml keys added for issue 10: a permission set's stateScope, catalog.objectBuckets and
 * catalog.auditLogs reach the rendered preset; bad values are refused with the key's line; and a
 * permission set's customer-managed policy or boundary under catalog.iamPath is refused (finding 7).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { configPresetParams } from "../../../src/catalog/config-params.ts";
import { findPreset } from "../../../src/catalog/registry.ts";
import { cfg, load, problem, problems } from "../config/helpers.ts";

const BACKEND = `accounts:
  shared: "444444444444"
stateBackend:
  account: shared
  region: eu-central-1
  keyPrefix: env/
`;

describe("config: stateScope, objectBuckets, auditLogs", () => {
  it("stateScope narrows that permission set's state keys; the others keep the whole prefix", () => {
    const { desired } = load(
      cfg(`${BACKEND}permissionSets:
  core-payments:
    preset: core
    stateScope: payments/
  core-all:
    preset: core
`),
    );
    const payments = JSON.parse(desired.permissionSets.find((p) => p.name === "core-payments")!.inlinePolicy);
    const all = JSON.parse(desired.permissionSets.find((p) => p.name === "core-all")!.inlinePolicy);
    const rw = (doc: { Statement: { Sid: string; Resource?: unknown }[] }) =>
      doc.Statement.find((s) => s.Sid === "StateReadWrite")?.Resource;
    assert.equal(rw(payments), "arn:aws:s3:::keyless-tfstate-444444444444-eu-central-1/env/payments/*");
    assert.equal(rw(all), "arn:aws:s3:::keyless-tfstate-444444444444-eu-central-1/env/*");
  });

  it("objectBuckets and auditLogs become preset parameters", () => {
    const doc = {
      catalog: {
        objectBuckets: ["artifacts"],
        auditLogs: {
          buckets: ["org-trail-logs"],
          logGroups: ["org/trail"],
          kmsKeyArns: ["arn:aws:kms:eu-central-1:999999999999:key/abcd"],
        },
      },
    };
    assert.deepEqual(configPresetParams(doc), {
      objectBuckets: ["artifacts"],
      auditBuckets: ["org-trail-logs"],
      auditLogGroups: ["org/trail"],
      auditKmsKeyArns: ["arn:aws:kms:eu-central-1:999999999999:key/abcd"],
    });
    const { desired } = load(
      cfg(`permissionSets:
  compute:
    preset: compute
catalog:
  objectBuckets: [artifacts]
  auditLogs:
    buckets: [org-trail-logs]
`),
    );
    assert.equal(
      desired.permissionSets[0]!.inlinePolicy,
      JSON.stringify(
        findPreset("compute")!.render({ objectBuckets: ["artifacts"], auditBuckets: ["org-trail-logs"] })
          .inlinePolicy,
      ),
    );
  });

  it("bad values: a clear message at the key", () => {
    assert.match(
      problem(cfg("permissionSets:\n  a:\n    preset: core\n    stateScope: team-a\n")),
      /^keyless\.yaml:7:17: permissionSets\.a\.stateScope: "team-a" is not a state scope: .*each followed by "\/"/,
    );
    assert.match(
      problem(cfg("permissionSets:\n  a:\n    preset: core\n    stateScope: ../b/\n")),
      /permissionSets\.a\.stateScope: /,
    );
    assert.match(
      problem(
        cfg(
          "permissionSets:\n  a:\n    inlinePolicy: {Version: '2012-10-17', Statement: {Effect: Allow, Action: 's3:ListAllMyBuckets', Resource: '*'}}\n    stateScope: team-a/\n",
        ),
      ),
      /permissionSets\.a\.stateScope: stateScope narrows a preset's state access; without preset it has no effect/,
    );
    assert.match(
      problem(cfg("catalog:\n  objectBuckets: [Bad_Bucket]\n")),
      /^keyless\.yaml:5:19: catalog\.objectBuckets\[0\]: "Bad_Bucket" is not an S3 bucket name or pattern/,
    );
    assert.match(
      problem(cfg("catalog:\n  auditLogs:\n    kmsKeyArns: [alias/trail]\n")),
      /catalog\.auditLogs\.kmsKeyArns\[0\]: "alias\/trail" is not a KMS key ARN/,
    );
    assert.match(
      problem(cfg("catalog:\n  auditLogs:\n    bucket: [x]\n")),
      /catalog\.auditLogs: unknown key "bucket"/,
    );
  });
});

describe("config: permission-set policies under catalog.iamPath (finding 7)", () => {
  it("a customer-managed policy under the managed path is refused, with what to do", () => {
    const found = problems(
      cfg(`permissionSets:
  ops:
    customerManagedPolicies:
      - name: OpsPolicy
        path: /terraform/ops/
      - OpsBase
`),
    );
    assert.equal(found.length, 1);
    assert.match(
      found[0]!,
      /^keyless\.yaml:8:15: permissionSets\.ops\.customerManagedPolicies\[0\]\.path: customer-managed policy \/terraform\/ops\/OpsPolicy is under catalog\.iamPath \/terraform\/, where terraform-iam creates, rewrites and deletes policies: .*Keep permission-set policies on another path/,
    );
  });

  it("a permissions boundary under a custom catalog.iamPath is refused; other paths are fine", () => {
    const found = problems(
      cfg(`catalog:
  iamPath: /platform/tf/
permissionSets:
  ops:
    permissionsBoundary:
      customerManagedPolicy:
        name: OpsBoundary
        path: /platform/tf/
  fine:
    customerManagedPolicies:
      - name: Fine
        path: /terraform/
`),
    );
    assert.equal(found.length, 1);
    assert.match(
      found[0]!,
      /permissionSets\.ops\.permissionsBoundary\.customerManagedPolicy\.path: permissions boundary \/platform\/tf\/OpsBoundary is under catalog\.iamPath \/platform\/tf\//,
    );
  });

  it("nothing under the path: no problem", () => {
    assert.doesNotThrow(() =>
      load(
        cfg(`permissionSets:
  ops:
    customerManagedPolicies:
      - name: OpsPolicy
        path: /keyless/
    permissionsBoundary:
      customerManagedPolicy:
        name: OpsBoundary
`),
      ),
    );
  });
});
