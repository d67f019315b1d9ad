/** `keyless plan`: read AWS in bulk, compute the plan, show it (or save it). Never writes to AWS. */
import { loadDesired, resolveConfigPath } from "../app/config-path.ts";
import { openIdentityCenter } from "../app/identity-center.ts";
import { checkPlanOutPath, savePlanFile } from "../app/plan-file.ts";
import { type CliIO, useColor } from "../cli/io.ts";
import { plan as computePlan } from "../engine/plan.ts";
import type { Plan } from "../engine/plan-types.ts";
import { EXIT } from "../errors/keyless-error.ts";
import { accountNames } from "../render/access-summary.ts";
import { renderPlanHuman } from "../render/plan-human.ts";
import { planToJson, type ReadSummary } from "../render/plan-json.ts";
import { renderReadReport } from "../render/read-report.ts";
import { progressReporter } from "./progress.ts";
import { parseRequestsPerSecond } from "./rate.ts";
import { parseTargetOptions } from "./target-option.ts";

export interface PlanOptions {
  config?: string;
  prune?: boolean;
  json?: boolean;
  detailedExitcode?: boolean;
  out?: string;
  color?: boolean;
  requestsPerSecond?: string;
  /** List the identity store whole so that unmanaged users and groups are counted. */
  countUnmanaged?: boolean;
  /** Global --debug: also print how AWS was read (strategy, calls per operation). */
  debug?: boolean;
  target?: string[];
  full?: boolean;
}

export async function runPlan(opts: PlanOptions, io: CliIO): Promise<number> {
  const requestsPerSecond = parseRequestsPerSecond(opts.requestsPerSecond);
  const targets = parseTargetOptions(opts.target);
  // A plan that cannot be saved is refused before AWS is read, not after.
  const outPath = opts.out === undefined ? undefined : resolveConfigPath(opts.out, io);
  if (outPath !== undefined) await checkPlanOutPath(outPath, opts.out ?? outPath);
  const { desired, warnings, presets } = await loadDesired(opts.config, io);
  const session = await openIdentityCenter(desired, requestsPerSecond ? { requestsPerSecond } : {});
  const progress = progressReporter(io, { quiet: Boolean(opts.json) });
  let read: ReadSummary | undefined;
  const actual = await session.read(desired, progress, {
    countUnmanaged: Boolean(opts.countUnmanaged),
    onReport: (r) => {
      read = r;
    },
  });
  if (opts.debug && read) io.err(renderReadReport(read));
  const plan = {
    ...computePlan(desired, actual, {
      prune: Boolean(opts.prune) || desired.prune.enabled,
      ...(targets && { targets }),
    }),
    warnings,
    ...(Object.keys(presets).length > 0 && { presets }),
  };
  if (outPath !== undefined) {
    await savePlanFile(outPath, { plan, desired });
    if (!opts.json)
      io.err(`Saved the plan to ${outPath}. Apply exactly this plan with: keyless apply ${opts.out}\n`);
  }
  if (opts.json) {
    io.out(`${JSON.stringify(planToJson(plan, read), null, 2)}\n`);
  } else {
    io.out(
      renderPlanHuman(plan, {
        color: useColor(io, opts.color),
        full: Boolean(opts.full),
        accountNames: accountNames(desired),
      }),
    );
  }
  if (plan.problems.length > 0) return EXIT.ERROR;
  return opts.detailedExitcode ? detailedExitCode(plan) : EXIT.OK;
}

/**
 * Terraform's 2 when apply would change something; 3 when it would not but AWS holds what the file
 * does not declare (prune candidates), so a CI drift check fails instead of reading "No changes".
 */
export function detailedExitCode(plan: Plan): number {
  if (plan.changes.length > 0) return EXIT.CHANGES;
  if (!plan.prune && plan.pruneCandidates.length > 0) return EXIT.NOT_IN_FILE;
  return EXIT.OK;
}
