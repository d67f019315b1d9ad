/**
 * `keyless show PLANFILE`: a saved plan as `plan` printed it (or as `plan --json` does), for a reviewer
 * who has the file but no AWS access. The file is checked as apply checks it before reading AWS
 * (format, damaged fields, an edited keyless.yaml snapshot); nothing is read from AWS, so whether the
 * plan is stale is apply's to say.
 */
import { resolveConfigPath } from "../app/config-path.ts";
import { loadPlanFile } from "../app/plan-file.ts";
import { type CliIO, useColor } from "../cli/io.ts";
import { EXIT } from "../errors/keyless-error.ts";
import { accountNames } from "../render/access-summary.ts";
import { renderPlanHuman } from "../render/plan-human.ts";
import { planToJson } from "../render/plan-json.ts";

export interface ShowOptions {
  planfile: string;
  json?: boolean;
  full?: boolean;
  color?: boolean;
}

export async function runShow(opts: ShowOptions, io: CliIO): Promise<number> {
  const { plan, desired } = await loadPlanFile(resolveConfigPath(opts.planfile, io));
  if (opts.json) {
    io.out(`${JSON.stringify(planToJson(plan), null, 2)}\n`);
    return EXIT.OK;
  }
  io.out(
    renderPlanHuman(plan, {
      color: useColor(io, opts.color),
      full: Boolean(opts.full),
      accountNames: accountNames(desired),
    }),
  );
  io.err(
    `Saved plan ${opts.planfile}, not checked against AWS now: keyless apply ${opts.planfile} re-reads AWS and refuses it if AWS changed since.\n`,
  );
  return EXIT.OK;
}
