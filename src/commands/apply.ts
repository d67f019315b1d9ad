/**
 * `keyless apply [FILE]`: plan (or load a saved plan and check AWS did not move), show it,
 * confirm on a terminal or require --auto-approve, then execute and report every change.
 */
import { loadDesired, resolveConfigPath } from "../app/config-path.ts";
import { type IdentityCenterSession, openIdentityCenter } from "../app/identity-center.ts";
import { loadPlanFile } from "../app/plan-file.ts";
import { systemClock } from "../apply/clock.ts";
import { applyPlan } from "../apply/executor.ts";
import { type CliIO, useColor } from "../cli/io.ts";
import { fingerprint } from "../engine/fingerprint.ts";
import { plan as computePlan } from "../engine/plan.ts";
import type { Plan } from "../engine/plan-types.ts";
import { EXIT, KeylessError } from "../errors/keyless-error.ts";
import { renderApplyEvent, renderApplySummary } from "../render/apply.ts";
import { renderPlanHuman } from "../render/plan-human.ts";
import { planToJson } from "../render/plan-json.ts";
import { progressReporter } from "./progress.ts";
import { parseRequestsPerSecond } from "./rate.ts";

export interface ApplyCommandOptions {
  planfile?: string | undefined;
  config?: string;
  prune?: boolean;
  autoApprove?: boolean;
  json?: boolean;
  concurrency?: string;
  color?: boolean;
  requestsPerSecond?: string;
}

export async function runApply(opts: ApplyCommandOptions, io: CliIO): Promise<number> {
  const concurrency = Number(opts.concurrency ?? "10");
  const requestsPerSecond = parseRequestsPerSecond(opts.requestsPerSecond);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 50) {
    throw new KeylessError(
      "USAGE",
      `--concurrency must be a whole number from 1 to 50, got "${opts.concurrency}"`,
    );
  }
  // Fail before reading AWS when the answer to the confirmation could never come.
  if (!opts.autoApprove && !io.stdinIsTTY) {
    throw new KeylessError("USAGE", "keyless apply needs --auto-approve when it is not run on a terminal", {
      hint: "Review the plan with `keyless plan`, then run `keyless apply --auto-approve` (or save it: plan -out FILE, apply FILE --auto-approve).",
    });
  }
  const color = useColor(io, opts.color);
  const progress = progressReporter(io, { quiet: Boolean(opts.json) });

  const { session, plan } = await preparePlan(
    opts,
    io,
    progress,
    requestsPerSecond ? { requestsPerSecond } : {},
  );

  if (opts.json) {
    io.out(`${JSON.stringify({ type: "plan", plan: planToJson(plan) })}\n`);
  } else {
    io.out(renderPlanHuman(plan, { color }));
  }
  if (plan.problems.length > 0) {
    throw new KeylessError(
      "PLAN_INVALID",
      `the plan has ${plan.problems.length} problem(s); nothing was changed`,
      {
        hint: "Fix the problems listed above in keyless.yaml or in AWS, then run apply again.",
      },
    );
  }
  if (plan.changes.length === 0) return EXIT.OK;

  if (!opts.autoApprove) {
    const answer = await io.ask(
      "\nDo you want to apply these changes?\n  keyless will change IAM Identity Center as shown above.\n  Only 'yes' will be accepted: ",
    );
    if (answer.trim() !== "yes") {
      throw new KeylessError("APPLY_DECLINED", "Apply cancelled. Nothing was changed.");
    }
  }

  const result = await applyPlan(plan, session.writer(), {
    clock: systemClock,
    concurrency,
    onEvent: (e) => {
      if (opts.json) {
        io.out(`${JSON.stringify({ type: "event", event: e })}\n`);
        return;
      }
      const line = renderApplyEvent(e, { color });
      if (line !== null) io.out(`${line}\n`);
    },
  });
  if (opts.json) {
    io.out(`${JSON.stringify({ type: "result", summary: result.summary, results: result.results })}\n`);
  } else {
    io.out(`\n${renderApplySummary(result.summary, { color, results: result.results })}\n`);
    for (const note of plan.notes) io.out(`\n${note}\n`);
  }
  return result.summary.failed > 0 ? EXIT.ERROR : EXIT.OK;
}

/** The plan to apply: a saved one (refused when AWS moved since), or a fresh one from keyless.yaml. */
async function preparePlan(
  opts: ApplyCommandOptions,
  io: CliIO,
  progress: (message: string) => void,
  aws: { requestsPerSecond?: number },
): Promise<{ session: IdentityCenterSession; plan: Plan }> {
  if (opts.planfile) {
    if (opts.prune) {
      throw new KeylessError(
        "USAGE",
        "--prune cannot be combined with a saved plan: the plan already decided",
        {
          hint: "Run `keyless plan --prune -out FILE` to save a plan with deletions.",
        },
      );
    }
    const saved = await loadPlanFile(resolveConfigPath(opts.planfile, io));
    const session = await openIdentityCenter(saved.desired, aws);
    const actual = await session.read(saved.desired, progress);
    if (fingerprint(actual) !== saved.plan.fingerprint || session.instanceArn !== saved.plan.instanceArn) {
      throw new KeylessError(
        "PLAN_STALE",
        `Saved plan ${opts.planfile} is stale: AWS (IAM Identity Center or the state backend) changed since it was made. Nothing was changed.`,
        { hint: "Run `keyless plan -out FILE` again and review the new plan." },
      );
    }
    return { session, plan: saved.plan };
  }
  const { desired, warnings } = await loadDesired(opts.config, io);
  const session = await openIdentityCenter(desired, aws);
  const actual = await session.read(desired, progress);
  const plan = computePlan(desired, actual, { prune: Boolean(opts.prune) || desired.prune.enabled });
  return { session, plan: { ...plan, warnings } };
}
