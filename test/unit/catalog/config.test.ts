/** `preset:` in keyless.yaml: rendered with the file's parameters into Desired, and its bad input. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { configPresetParams } from "../../../src/catalog/config-params.ts";
import { findPreset } from "../../../src/catalog/registry.ts";
import { cfg, load, problem, problems } from "../config/helpers.ts";

const ACCOUNTS = `accounts:\n  shared: "444444444444"\n`;

describe("config: preset on a permission set", () => {
  it("renders the preset into the inline policy, with catalog and stateBackend parameters", () => {
    const loaded = load(
      cfg(`${ACCOUNTS}permissionSets:
  terraform-core:
    preset: core
catalog:
  allowedRegions: [eu-central-1]
  iamPath: /platform/
stateBackend:
  account: shared
  region: eu-west-1
  keyPrefix: team-a/
  locking: dynamodb
`),
    );
    const ps = loaded.desired.permissionSets[0]!;
    const expected = findPreset("core")!.render({
      allowedRegions: ["eu-central-1", "eu-west-1"],
      iamPath: "/platform/",
      stateAccountId: "444444444444",
      stateBucket: "keyless-tfstate-444444444444-eu-west-1",
      stateKeyPrefix: "team-a/",
      lockTable: "terraform-locks",
      stateKmsAlias: "alias/keyless-tfstate",
    });
    assert.equal(ps.inlinePolicy, JSON.stringify(expected.inlinePolicy));
    assert.deepEqual(loaded.warnings, []);
    // For the plan's display: the preset's full name and the parameters it uses, as the file set them.
    assert.deepEqual(loaded.presets, {
      "terraform-core": {
        preset: "terraform-core",
        params: {
          stateBucket: "keyless-tfstate-444444444444-eu-west-1",
          stateKeyPrefix: "team-a/",
          lockTable: "terraform-locks",
          stateKmsAlias: "alias/keyless-tfstate",
          stateAccountId: "444444444444",
          allowedRegions: ["eu-central-1", "eu-west-1"],
          iamPath: "/platform/",
        },
      },
    });
  });

  it("accepts the full name, appends extraStatements, merges managed policies", () => {
    const { desired } = load(
      cfg(`permissionSets:
  net:
    preset: terraform-networking
    managedPolicies: [arn:aws:iam::aws:policy/job-function/ViewOnlyAccess]
    customerManagedPolicies: [Extra]
    extraStatements:
      - Sid: Dns
        Effect: Allow
        Action: route53:ChangeResourceRecordSets
        Resource: arn:aws:route53:::hostedzone/Z0123456789
`),
    );
    const ps = desired.permissionSets[0]!;
    const policy = JSON.parse(ps.inlinePolicy);
    const rendered = findPreset("networking")!.render({}).inlinePolicy;
    assert.deepEqual(policy.Statement.slice(0, -1), rendered.Statement);
    assert.deepEqual(policy.Statement.at(-1), {
      Sid: "Dns",
      Effect: "Allow",
      Action: "route53:ChangeResourceRecordSets",
      Resource: "arn:aws:route53:::hostedzone/Z0123456789",
    });
    assert.deepEqual(ps.managedPolicies, ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"]);
    assert.deepEqual(ps.customerManagedPolicies, [{ name: "Extra", path: "/" }]);
  });

  it("unknown preset: CONFIG_INVALID at the value, with did-you-mean", () => {
    assert.equal(
      problem(cfg("permissionSets:\n  a:\n    preset: netwrking\n")),
      'keyless.yaml:6:13: permissionSets.a.preset: unknown preset "netwrking"; did you mean "networking"?',
    );
    assert.match(
      problem(cfg("permissionSets:\n  a:\n    preset: kubernetes\n")),
      /^keyless\.yaml:6:13: permissionSets\.a\.preset: unknown preset "kubernetes"; the presets are core, storage, compute, iam, networking, database, serverless, monitoring/,
    );
  });

  it("preset and inlinePolicy together, or extraStatements without preset: errors", () => {
    assert.equal(
      problem(
        cfg(
          'permissionSets:\n  a:\n    preset: core\n    inlinePolicy: { Version: "2012-10-17", Statement: [] }\n',
        ),
      ),
      "keyless.yaml:7:19: permissionSets.a.inlinePolicy: give either preset or inlinePolicy, not both; put additional statements under extraStatements",
    );
    assert.deepEqual(
      problems(
        cfg(
          "permissionSets:\n  a:\n    extraStatements:\n      - { Effect: Allow, Action: s3:ListBucket, Resource: '*' }\n",
        ),
      ),
      [
        "keyless.yaml:7:7: permissionSets.a.extraStatements: extraStatements extend a preset; without preset, write the statements in inlinePolicy",
      ],
    );
  });

  it("a problem in an extra statement points at that statement", () => {
    assert.equal(
      problem(
        cfg(
          "permissionSets:\n  a:\n    preset: core\n    extraStatements:\n      - Effect: Allow\n        Action: [s3:GetObjekt]\n        Resource: '*'\n",
        ),
      ),
      'keyless.yaml:9:18: permissionSets.a.extraStatements[0].Action[0]: unknown action "s3:GetObjekt"; did you mean "s3:GetObject"? [action/unknown]',
    );
  });

  it("extra statements that overflow the size quota are reported at the preset", () => {
    const action = `[${Array.from({ length: 400 }, (_, i) => `ec2:DescribeVpcs${"x".repeat(i % 2)}`).join(", ")}]`;
    const all = problems(
      cfg(
        `permissionSets:\n  a:\n    preset: compute\n    extraStatements:\n      - Effect: Allow\n        Action: ${action}\n        Resource: '*'\n`,
      ),
    );
    assert.ok(
      all.some((p) =>
        /^keyless\.yaml:6:13: permissionSets\.a\.preset: .*characters without whitespace; AWS allows 10240/.test(
          p,
        ),
      ),
      all.join("\n"),
    );
  });

  it("catalog section: bad values are reported with their location", () => {
    assert.deepEqual(
      problems(
        cfg("catalog:\n  allowedRegions: [mars]\n  iamPth: /x/\n  permissionsBoundary: 'no spaces'\n"),
      ),
      [
        'keyless.yaml:5:20: catalog.allowedRegions[0]: "mars" is not an AWS region name; write one like eu-central-1',
        'keyless.yaml:6:3: catalog: unknown key "iamPth"; did you mean "iamPath"?',
        'keyless.yaml:7:24: catalog.permissionsBoundary: "no spaces" is not a valid IAM policy name; use 1-128 letters, digits and + = , . @ _ -',
      ],
    );
    assert.match(
      problem(cfg("catalog:\n  iamPath: terraform\n")),
      /catalog\.iamPath: "terraform" is not a policy path/,
    );
  });
});

describe("configPresetParams: parameters from the raw document", () => {
  it("no sections: no parameters", () => {
    assert.deepEqual(configPresetParams({ version: 1 }), {});
    assert.deepEqual(configPresetParams(null), {});
  });

  it("stateBackend: explicit bucket, kms-key, account id", () => {
    assert.deepEqual(
      configPresetParams({
        stateBackend: {
          account: "555555555555",
          region: "eu-central-1",
          bucket: "my-state",
          encryption: { type: "kms-key", kmsKeyArn: "arn:aws:kms:eu-central-1:555555555555:key/abc" },
        },
      }),
      {
        stateAccountId: "555555555555",
        stateBucket: "my-state",
        stateKmsKeyArn: "arn:aws:kms:eu-central-1:555555555555:key/abc",
      },
    );
  });

  it("stateBackend: aes256 has no KMS key; s3 locking has no table; bucket prefix and custom alias", () => {
    assert.deepEqual(
      configPresetParams({
        accounts: { shared: "444444444444" },
        stateBackend: {
          account: "shared",
          region: "us-east-2",
          bucketPrefix: "acme-tf",
          encryption: { type: "aes256" },
        },
      }),
      { stateAccountId: "444444444444", stateBucket: "acme-tf-444444444444-us-east-2" },
    );
    assert.deepEqual(
      configPresetParams({
        stateBackend: {
          account: "444444444444",
          region: "us-east-2",
          encryption: { type: "kms", alias: "alias/tf" },
        },
      }).stateKmsAlias,
      "alias/tf",
    );
  });

  it("an unresolvable account leaves the bucket to the default pattern rather than guessing", () => {
    assert.deepEqual(configPresetParams({ stateBackend: { account: "nope", region: "eu-central-1" } }), {
      stateKmsAlias: "alias/keyless-tfstate",
    });
  });

  it("the state region joins the allowed regions; duplicates are not added", () => {
    const doc = (regions: string[]) => ({
      catalog: { allowedRegions: regions },
      stateBackend: { account: "444444444444", region: "eu-west-1" },
    });
    assert.deepEqual(configPresetParams(doc(["eu-central-1"])).allowedRegions, ["eu-central-1", "eu-west-1"]);
    assert.deepEqual(configPresetParams(doc(["eu-west-1"])).allowedRegions, ["eu-west-1"]);
  });
});
