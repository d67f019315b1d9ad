/**
 * `keyless apply [FILE]`: plan and confirm (`yes` on a terminal, or --auto-approve), or apply a saved
 * plan without asking (the reviewed plan is the approval, as in Terraform) once it is shown to be
 * neither stale nor edited; then execute and report every change.
 */
import { loadDesired, resolveConfigPath } from "../app/config-path.ts";
import { type IdentityCenterSession, openIdentityCenter } from "../app/identity-center.ts";
import { loadPlanFile } from "../app/plan-file.ts";
import { assertSavedPlanMatches } from "../app/saved-plan-check.ts";
import { systemClock } from "../apply/clock.ts";
import { applyPlan } from "../apply/executor.ts";
import { type CliIO, PromptCancelled, useColor } from "../cli/io.ts";
import { fingerprint } from "../engine/fingerprint.ts";
import type { Desired } from "../engine/model.ts";
import { plan as computePlan } from "../engine/plan.ts";
import type { Plan } from "../engine/plan-types.ts";
import type { Target } from "../engine/targets.ts";
import { EXIT, KeylessError } from "../errors/keyless-error.ts";
import { accountNames } from "../render/access-summary.ts";
import { renderApplyEvent, renderApplySummary } from "../render/apply.ts";
import { renderPlanHuman } from "../render/plan-human.ts";
import { planToJson } from "../render/plan-json.ts";
import { createApplyProgress } from "./apply-progress.ts";
import { progressReporter } from "./progress.ts";
import { parseRequestsPerSecond } from "./rate.ts";
import { parseTargetOptions } from "./target-option.ts";

export interface ApplyCommandOptions {
  planfile?: string | undefined;
  config?: string;
  prune?: boolean;
  autoApprove?: boolean;
  json?: boolean;
  concurrency?: string;
  color?: boolean;
  requestsPerSecond?: string;
  target?: string[];
  full?: boolean;
}

export async function runApply(opts: ApplyCommandOptions, io: CliIO): Promise<number> {
  const concurrency = Number(opts.concurrency ?? "10");
  const requestsPerSecond = parseRequestsPerSecond(opts.requestsPerSecond);
  const targets = parseTargetOptions(opts.target);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 50) {
    throw new KeylessError(
      "USAGE",
      `--concurrency must be a whole number from 1 to 50, got "${opts.concurrency}"`,
    );
  }
  // A saved plan was reviewed already; otherwise someone must say yes. Fail before reading AWS when
  // that answer could never come (as Terraform: no question under -json or off a terminal).
  const ask = !opts.planfile && !opts.autoApprove;
  if (ask && opts.json) {
    throw new KeylessError("USAGE", "keyless apply --json cannot ask for confirmation", {
      hint: "Add --auto-approve, or save a plan and apply that: keyless plan -out FILE, then keyless apply --json FILE.",
    });
  }
  if (ask && !io.stdinIsTTY) {
    throw new KeylessError("USAGE", "keyless apply needs --auto-approve when it is not run on a terminal", {
      hint: "Review the plan with `keyless plan`, then run `keyless apply --auto-approve`, or save it (keyless plan -out FILE) and run `keyless apply FILE`.",
    });
  }
  const color = useColor(io, opts.color);
  const progress = progressReporter(io, { quiet: Boolean(opts.json) });

  const { session, plan, desired } = await preparePlan(
    opts,
    targets,
    io,
    progress,
    requestsPerSecond ? { requestsPerSecond } : {},
  );

  if (opts.json) {
    io.out(`${JSON.stringify({ type: "plan", plan: planToJson(plan) })}\n`);
  } else {
    io.out(renderPlanHuman(plan, { color, full: Boolean(opts.full), accountNames: accountNames(desired) }));
  }
  if (plan.problems.length > 0) {
    throw new KeylessError(
      "PLAN_HAS_PROBLEMS",
      `the plan has ${plan.problems.length} problem(s); nothing was changed`,
      {
        hint: "Fix the problems listed above in keyless.yaml or in AWS, then run apply again.",
      },
    );
  }
  if (plan.changes.length === 0) return EXIT.OK;

  if (ask) await confirm(io);

  // Counts and elapsed time on stderr while it runs; none under --json (stdout is the data, stderr quiet).
  const meter = opts.json
    ? undefined
    : createApplyProgress(plan.changes, {
        write: (text) => io.err(text),
        tty: Boolean(io.stderrIsTTY),
        now: () => systemClock.now(),
      });
  const ticker = meter ? setInterval(() => meter.tick(), 1000) : undefined;
  ticker?.unref();
  const result = await applyPlan(plan, session.writer(), {
    clock: systemClock,
    concurrency,
    onEvent: (e) => {
      if (opts.json) {
        io.out(`${JSON.stringify({ type: "event", event: e })}\n`);
        return;
      }
      const line = renderApplyEvent(e, { color });
      if (line !== null) {
        meter?.beforeOut();
        io.out(`${line}\n`);
      }
      meter?.onEvent(e);
    },
  }).finally(() => clearInterval(ticker));
  if (opts.json) {
    io.out(`${JSON.stringify({ type: "result", summary: result.summary, results: result.results })}\n`);
  } else {
    io.out(`\n${renderApplySummary(result.summary, { color, results: result.results })}\n`);
    for (const note of plan.notes) io.out(`\n${note}\n`);
  }
  return result.summary.failed > 0 ? EXIT.ERROR : EXIT.OK;
}

/** Asks for `yes` after the plan (in its stream, see CliIO.ask); anything else cancels. */
async function confirm(io: CliIO): Promise<void> {
  const declined = () => new KeylessError("APPLY_DECLINED", "Apply cancelled. Nothing was changed.");
  let answer: string;
  try {
    answer = await io.ask(
      "\nDo you want to apply these changes?\n  keyless will make the changes shown above.\n  Only 'yes' will be accepted: ",
      { after: "out" },
    );
  } catch (err) {
    if (err instanceof PromptCancelled) throw declined();
    throw err;
  }
  if (answer.trim() !== "yes") throw declined();
}

/**
 * The plan to apply: a fresh one from keyless.yaml, or a saved one. A saved plan is recomputed from its
 * own Desired against AWS now: refused as stale (68) when AWS moved since, as edited (64) when its
 * changes are not the recomputed ones; the recomputed plan is what runs.
 */
async function preparePlan(
  opts: ApplyCommandOptions,
  targets: Target[] | undefined,
  io: CliIO,
  progress: (message: string) => void,
  aws: { requestsPerSecond?: number },
): Promise<{ session: IdentityCenterSession; plan: Plan; desired: Desired }> {
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
    if (targets) {
      throw new KeylessError(
        "USAGE",
        "-target cannot be combined with a saved plan: the plan already decided its targets",
        { hint: "Run `keyless plan -target ADDRESS -out FILE` to save a targeted plan." },
      );
    }
    const saved = await loadPlanFile(resolveConfigPath(opts.planfile, io));
    const session = await openIdentityCenter(saved.desired, aws);
    // Read as the plan did: a plan that counted unmanaged users and groups listed the store whole.
    const countUnmanaged = !saved.plan.unmanaged.notCounted?.length;
    const actual = await session.read(saved.desired, progress, { countUnmanaged });
    if (fingerprint(actual) !== saved.plan.fingerprint || session.instanceArn !== saved.plan.instanceArn) {
      throw new KeylessError(
        "PLAN_STALE",
        `Saved plan ${opts.planfile} is stale: AWS (IAM Identity Center, the state backend or CI roles) changed since it was made. Nothing was changed.`,
        { hint: "Run `keyless plan -out FILE` again and review the new plan." },
      );
    }
    // The file's targets are part of what was reviewed: recompute with them (they were parsed on load).
    const savedTargets = parseTargetOptions(saved.plan.targets);
    const recomputed = computePlan(saved.desired, actual, {
      prune: saved.plan.prune,
      ...(savedTargets && { targets: savedTargets }),
    });
    assertSavedPlanMatches(saved.plan, recomputed, opts.planfile);
    const display = saved.plan.presets ? { presets: saved.plan.presets } : {};
    return {
      session,
      plan: { ...recomputed, warnings: saved.plan.warnings, ...display },
      desired: saved.desired,
    };
  }
  const { desired, warnings, presets } = await loadDesired(opts.config, io);
  const session = await openIdentityCenter(desired, aws);
  const actual = await session.read(desired, progress);
  const plan = computePlan(desired, actual, {
    prune: Boolean(opts.prune) || desired.prune.enabled,
    ...(targets && { targets }),
  });
  const display = Object.keys(presets).length > 0 ? { presets } : {};
  return { session, plan: { ...plan, warnings, ...display }, desired };
}
