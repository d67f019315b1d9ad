/** `keyless validate`: every offline check of keyless.yaml; never calls AWS. */
import { loadDesired } from "../app/config-path.ts";
import type { CliIO } from "../cli/io.ts";
import { EXIT, KeylessError } from "../errors/keyless-error.ts";

export interface ValidateOptions {
  config?: string;
  json?: boolean;
}

export async function runValidate(opts: ValidateOptions, io: CliIO): Promise<number> {
  try {
    const { path, desired, warnings } = await loadDesired(opts.config, io);
    const counts = {
      users: desired.users.length,
      groups: desired.groups.length,
      permissionSets: desired.permissionSets.length,
      assignmentRules: desired.assignmentRules.length,
      accounts: Object.keys(desired.accounts).length,
      organizationalUnits: Object.keys(desired.organizationalUnits).length,
      ...(desired.ci && { ciRoles: desired.ci.roles.length }),
    };
    if (opts.json) {
      io.out(`${JSON.stringify({ valid: true, file: path, counts, warnings, errors: [] }, null, 2)}\n`);
    } else {
      for (const w of warnings) io.err(`Warning: ${w}\n`);
      io.out(
        `${path} is valid: ${counts.users} users, ${counts.groups} groups, ${counts.permissionSets} permission sets, ` +
          `${counts.assignmentRules} assignment rules, ${counts.accounts} accounts, ${counts.organizationalUnits} OUs` +
          `${counts.ciRoles === undefined ? "" : `, ${counts.ciRoles} CI roles`}.\n`,
      );
    }
    return EXIT.OK;
  } catch (err) {
    if (
      opts.json &&
      err instanceof KeylessError &&
      (err.code === "CONFIG_INVALID" || err.code === "CONFIG_NOT_FOUND")
    ) {
      io.out(
        `${JSON.stringify({ valid: false, message: err.message, errors: err.details, hint: err.hint ?? null }, null, 2)}\n`,
      );
      return err.exitCode;
    }
    throw err;
  }
}
