/**
 * The profile-set file (scenario 2): the platform team's `keyless profiles` turns keyless.yaml into
 * one sso-session plus the profiles its engineers may use; `keyless configure --from FILE` installs
 * it without listing the portal. JSON or YAML (YAML is a superset; the writer picks by extension).
 * The format is documented in docs/developer.md; the reader checks every value and names the key of
 * each problem, because the file travels between people and repositories.
 */
import { parse as parseYaml, stringify } from "yaml";
import { z } from "zod";
import { KeylessError } from "../../errors/keyless-error.ts";

export const PROFILE_SET_VERSION = 1;

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

const Schema = z.strictObject({
  keylessProfileSet: z.literal(PROFILE_SET_VERSION, {
    error: `must be ${PROFILE_SET_VERSION} (the profile-set format version)`,
  }),
  session: z.strictObject({
    name: z.string().regex(NAME, "must be letters, digits and _ . @ + % - only"),
    startUrl: z.string().regex(/^https:\/\/\S+$/, "must be an https:// URL"),
    region: z.string().regex(REGION, "must be a region such as eu-central-1"),
    scopes: z.array(z.string().regex(/^[\w:./-]+$/, "must be a scope such as sso:account:access")).optional(),
  }),
  profiles: z.array(Profile).min(1, "must list at least one profile"),
  notes: z.array(z.string()).optional(),
});

export type ProfileSet = z.infer<typeof Schema>;
export type ProfileSetEntry = z.infer<typeof Profile>;

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
