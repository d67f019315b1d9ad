/**
 * `keyless profiles` (scenario 2, platform side): from keyless.yaml's accounts, permission sets and
 * assignments, the profile set every engineer of the organisation may be offered (one profile per
 * account × permission set that is assigned to anyone), with the `stateBackend` their Terraform files
 * point at (so `keyless terraform files --profile P` needs no backend flags on their machines).
 * Offline: no AWS call (a key keyless creates is carried by its alias ARN). Assignments to an OU
 * are not expanded, since that needs Organizations; they are listed as notes, and engineers get those
 * accounts with `keyless configure --start-url ...` (which asks the portal instead).
 */
import { isAbsolute, resolve } from "node:path";
import { loadDesired } from "../app/config-path.ts";
import type { CliIO } from "../cli/io.ts";
import type { Desired } from "../engine/model.ts";
import { EXIT, KeylessError } from "../errors/keyless-error.ts";
import { DEFAULT_PROFILE_TEMPLATE, profileName } from "../local/aws-config/index.ts";
import { stateKmsKey } from "../local/terraform/from-state-backend.ts";
import { writeFileAtomic } from "../util/atomic-write.ts";
import { refuseDirectoryForFile } from "../util/path-checks.ts";
import {
  type ProfileSet,
  type ProfileSetEntry,
  type ProfileSetStateBackend,
  profileSetVersion,
  serializeProfileSet,
} from "./developer/profile-set.ts";
import { checkRegion, checkStartUrl, defaultSessionName } from "./developer/start-url.ts";

export interface ProfilesOptions {
  config?: string | undefined;
  startUrl?: string | undefined;
  sessionName?: string | undefined;
  profileName?: string | undefined;
  defaultRegion?: string | undefined;
  out?: string | undefined;
}

/**
 * keyless.yaml's state backend in backend.tf's terms. The KMS key: its ARN (`kms-key`), the alias
 * ARN of the key keyless creates (`kms`; resolved on the engineer's machine), or none (`aes256`).
 */
export function profileSetStateBackend(sb: NonNullable<Desired["stateBackend"]>): ProfileSetStateBackend {
  const kms = stateKmsKey(sb);
  const prefix = sb.keyPrefix.replace(/\/+$/, "");
  return {
    bucket: sb.bucket,
    region: sb.region,
    ...(prefix !== "" ? { keyPrefix: `${prefix}/` } : {}),
    locking: sb.locking,
    ...(sb.locking === "dynamodb" && sb.dynamodbTable ? { dynamodbTable: sb.dynamodbTable } : {}),
    ...(kms.kind === "arn" ? { kmsKeyId: kms.arn } : kms.kind === "alias" ? { kmsKeyId: kms.aliasArn } : {}),
  };
}

/** Pure: the profile set of a Desired. */
export function buildProfileSet(
  desired: Desired,
  session: ProfileSet["session"],
  opts: { template?: string | undefined; defaultRegion?: string | undefined } = {},
): ProfileSet {
  const accountNames = new Map(Object.entries(desired.accounts).map(([name, id]) => [id, name]));
  const pairs = new Map<string, { accountId: string; roleName: string }>();
  const ouNotes = new Set<string>();
  for (const rule of desired.assignmentRules) {
    for (const target of rule.targets) {
      for (const ps of rule.permissionSets) {
        if (target.kind === "ou") {
          ouNotes.add(`${ps} on OU ${target.name} (${target.ouId})`);
          continue;
        }
        pairs.set(`${target.accountId}/${ps}`, { accountId: target.accountId, roleName: ps });
      }
    }
  }
  const profiles: ProfileSetEntry[] = [...pairs.values()]
    .map(({ accountId, roleName }) => {
      const accountName = accountNames.get(accountId) ?? accountId;
      return {
        name: profileName(opts.template ?? DEFAULT_PROFILE_TEMPLATE, {
          account: accountName,
          accountId,
          role: roleName,
          session: session.name,
        }),
        accountId,
        accountName,
        roleName,
        ...(opts.defaultRegion ? { region: opts.defaultRegion } : {}),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const notes =
    ouNotes.size > 0
      ? [
          `Assignments to organizational units are not expanded offline: ${[...ouNotes].sort().join("; ")}. Engineers get those accounts with \`keyless configure --start-url ${session.startUrl} --region ${session.region}\`.`,
        ]
      : undefined;
  const stateBackend = desired.stateBackend ? profileSetStateBackend(desired.stateBackend) : undefined;
  const body = { session, profiles, ...(stateBackend ? { stateBackend } : {}), ...(notes ? { notes } : {}) };
  return { keylessProfileSet: profileSetVersion(body), ...body };
}

export async function runProfiles(opts: ProfilesOptions, io: CliIO): Promise<number> {
  const startUrl = opts.startUrl ?? io.env.KEYLESS_START_URL;
  if (!startUrl) {
    throw new KeylessError("USAGE", "keyless profiles needs --start-url (your AWS access portal URL)", {
      hint: "For example: keyless profiles --start-url https://d-1234567890.awsapps.com/start --out profiles.json",
    });
  }
  if (opts.defaultRegion !== undefined) checkRegion(opts.defaultRegion, "--default-region");
  if (opts.out) await refuseDirectoryForFile(resolve(io.cwd, opts.out), "--out", opts.out, "profiles.json");
  const loaded = await loadDesired(opts.config, io);
  const region = loaded.desired.identityCenter.region;
  const checked = checkStartUrl(startUrl, region);
  if (checked.warning) io.err(`Warning: ${checked.warning}\n`);
  const name = opts.sessionName ?? defaultSessionName(checked.url);
  if (!/^[A-Za-z0-9_.@+%-]+$/.test(name)) {
    throw new KeylessError(
      "USAGE",
      `--session-name "${name}" may contain only letters, digits and _ . @ + % -`,
    );
  }
  const set = buildProfileSet(
    loaded.desired,
    { name, startUrl: checked.url, region },
    { template: opts.profileName, defaultRegion: opts.defaultRegion },
  );
  if (set.profiles.length === 0) {
    throw new KeylessError(
      "CONFIG_INVALID",
      `${loaded.path} assigns no permission set to an account, so there is no profile to offer`,
      {
        details: set.notes ?? [],
        hint: "Add assignments with account targets, or use `keyless configure` per engineer.",
      },
    );
  }
  const duplicate = set.profiles.find((p, i) => set.profiles.findIndex((q) => q.name === p.name) !== i);
  if (duplicate) {
    throw new KeylessError("USAGE", `the profile name template gives "${duplicate.name}" twice`, {
      hint: "Use a template with both {account} and {role}, e.g. --profile-name {account}-{role}.",
    });
  }
  for (const note of set.notes ?? []) io.err(`Note: ${note}\n`);
  const text = serializeProfileSet(set, opts.out);
  if (!opts.out) {
    io.out(text);
    return EXIT.OK;
  }
  const path = isAbsolute(opts.out) ? opts.out : resolve(io.cwd, opts.out);
  await writeFileAtomic(path, text);
  const backend = set.stateBackend ? ` and the state backend (bucket ${set.stateBackend.bucket})` : "";
  io.err(
    `Wrote ${set.profiles.length} profiles${backend} to ${opts.out}. Engineers install them with: keyless configure --from ${opts.out}\n`,
  );
  return EXIT.OK;
}
