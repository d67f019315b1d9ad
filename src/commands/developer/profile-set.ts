/**
 * The profile-set file (scenario 2): the platform team's `keyless profiles` turns keyless.yaml into
 * one sso-session plus the profiles its engineers may use, and (version 2) the Terraform state
 * backend they share; `keyless configure --from FILE` installs it without listing the portal. JSON
 * or YAML (YAML is a superset; the writer picks by extension). The format is documented in
 * docs/developer.md; the reader checks every value and names the key of each problem, because the
 * file travels between people and repositories.
 *
 * Versions: 1 = session + profiles; 2 adds `stateBackend`. The writer writes the lowest version that
 * holds the content (1 without a state backend), so an older keyless still reads such files; the
 * reader accepts both.
 */
import { parse as parseYaml, stringify } from "yaml";
import { z } from "zod";
import { KeylessError } from "../../errors/keyless-error.ts";

/** The newest format version this keyless reads and writes. */
export const PROFILE_SET_VERSION = 2;
/** Every version this keyless reads. */
export const PROFILE_SET_VERSIONS = [1, 2] as const;

const NAME = /^[A-Za-z0-9_.@+%-]+$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

const Profile = z.strictObject({
  name: z.string().regex(NAME, "must be letters, digits and _ . @ + % - only"),
  accountId: z.string().regex(/^\d{12}$/, "must be a 12-digit account id (quoted in YAML)"),
  accountName: z.string().optional(),
  roleName: z.string().regex(/^[\w+=,.@-]{1,64}$/, "must be a permission set name"),
  region: z.string().regex(REGION, "must be a region such as eu-central-1").optional(),
  output: z.enum(["json", "text", "table", "yaml", "yaml-stream"]).optional(),
});

/**
 * The state backend engineers' Terraform files point at (`keyless terraform files --profile P`),
 * in the terms of backend.tf. `kmsKeyId` is a key ARN, or the alias ARN of a key keyless creates,
 * which `terraform files` resolves to the key ARN with the engineer's own profile.
 */
const StateBackend = z
  .strictObject({
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name (3-63 of a-z 0-9 . -)"),
    region: z.string().regex(REGION, "must be a region such as eu-central-1"),
    keyPrefix: z
      .string()
      .regex(/^[A-Za-z0-9._=+@/-]+$/, "must be a key prefix such as env/ (letters, digits and . _ - = + @ /)")
      .optional(),
    locking: z.enum(["s3", "dynamodb"], { error: "must be s3 or dynamodb" }),
    dynamodbTable: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{3,255}$/, "must be a DynamoDB table name")
      .optional(),
    kmsKeyId: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/[A-Za-z0-9-]+|alias\/[A-Za-z0-9/_-]+)$/,
        "must be a KMS key ARN or alias ARN (arn:aws:kms:REGION:ACCOUNT:key/ID or ...:alias/NAME)",
      )
      .optional(),
  })
  .superRefine((sb, ctx) => {
    if (sb.locking === "dynamodb" && sb.dynamodbTable === undefined) {
      ctx.addIssue({ code: "custom", path: ["dynamodbTable"], message: "is required with locking dynamodb" });
    }
    if (sb.locking === "s3" && sb.dynamodbTable !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["dynamodbTable"],
        message: "is only allowed with locking dynamodb",
      });
    }
  });

const Schema = z.strictObject({
  keylessProfileSet: z.union(
    PROFILE_SET_VERSIONS.map((v) => z.literal(v)),
    {
      error: `must be ${PROFILE_SET_VERSIONS.join(" or ")} (the profile-set format version; a newer keyless writes newer ones)`,
    },
  ),
  session: z.strictObject({
    name: z.string().regex(NAME, "must be letters, digits and _ . @ + % - only"),
    startUrl: z.string().regex(/^https:\/\/\S+$/, "must be an https:// URL"),
    region: z.string().regex(REGION, "must be a region such as eu-central-1"),
    scopes: z.array(z.string().regex(/^[\w:./-]+$/, "must be a scope such as sso:account:access")).optional(),
  }),
  profiles: z.array(Profile).min(1, "must list at least one profile"),
  stateBackend: StateBackend.optional(),
  notes: z.array(z.string()).optional(),
});

export type ProfileSet = z.infer<typeof Schema>;
export type ProfileSetEntry = z.infer<typeof Profile>;
export type ProfileSetStateBackend = z.infer<typeof StateBackend>;

/** The lowest format version that can hold `set` (what the writer puts in keylessProfileSet). */
export function profileSetVersion(set: Omit<ProfileSet, "keylessProfileSet">): 1 | 2 {
  return set.stateBackend ? 2 : 1;
}

/** JSON, or YAML when the file name ends in .yaml / .yml. Always ends with a newline. */
export function serializeProfileSet(set: ProfileSet, fileName?: string): string {
  if (fileName && /\.ya?ml$/i.test(fileName)) {
    return `# keyless profile set: install with \`keyless configure --from ${fileName}\`\n${stringify(set)}`;
  }
  return `${JSON.stringify(set, null, 2)}\n`;
}

/** Parses and checks a profile-set file; CONFIG_INVALID with one detail line per problem. */
export function parseProfileSet(text: string, path: string): ProfileSet {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new KeylessError("CONFIG_INVALID", `${path} is not valid JSON or YAML`, {
      details: [(err as Error).message.split("\n")[0] ?? ""],
      hint: "Ask the platform team for the file again (`keyless profiles --out FILE` writes it).",
    });
  }
  const result = Schema.safeParse(raw);
  if (!result.success) {
    const details = result.error.issues.map((i) => {
      const at = i.path.length ? i.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)) : [];
      const key = at.join("").replace(/^\./, "") || "(top level)";
      return `${path}: ${key}: ${i.message}`;
    });
    throw new KeylessError("CONFIG_INVALID", `${path} is not a valid keyless profile set`, {
      details,
      hint: "The format is described in docs/developer.md; `keyless profiles` writes a valid one.",
    });
  }
  if (result.data.stateBackend && result.data.keylessProfileSet < 2) {
    throw new KeylessError("CONFIG_INVALID", `${path} is not a valid keyless profile set`, {
      details: [`${path}: stateBackend: needs keylessProfileSet 2 (version 1 has no state backend)`],
      hint: "Write the file again with `keyless profiles --out FILE`.",
    });
  }
  const names = new Set<string>();
  for (const [i, p] of result.data.profiles.entries()) {
    if (names.has(p.name)) {
      throw new KeylessError("CONFIG_INVALID", `${path} is not a valid keyless profile set`, {
        details: [`${path}: profiles[${i}].name: "${p.name}" is listed twice`],
      });
    }
    names.add(p.name);
  }
  return result.data;
}
