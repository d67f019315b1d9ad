/**
 * Waiting for Identity Center's asynchronous operations (provisioning, assignment creation and
 * deletion). sso-admin has no waiters, so we poll on a short, growing interval on the injected clock
 * (options.ts says why this schedule), report each poll as progress, and turn FAILED / timeout into
 * errors that say what to do.
 */
import { KeylessError } from "../errors/keyless-error.ts";
import { POLL_GROWTH, type PollSettings } from "./options.ts";
import type { AsyncOperation } from "./ports.ts";

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

/**
 * Polls `status(requestId)` until the operation leaves IN_PROGRESS. `label` names the operation in
 * progress messages and errors ("provisioning", "assignment creation").
 */
export async function waitForOperation(
  first: AsyncOperation,
  status: (requestId: string) => Promise<AsyncOperation>,
  label: string,
  settings: PollSettings,
  progress: (message: string) => void,
): Promise<void> {
  const { clock } = settings;
  const startedAt = clock.now();
  let op = first;
  let delay = settings.times.firstWait(label, settings.intervalMs, settings.timeoutMs);
  const learned = delay > settings.intervalMs;
  let polls = 0;
  /** Elapsed time of the last answer that still said IN_PROGRESS. */
  let lastInProgress = 0;
  while (op.status === "IN_PROGRESS") {
    const elapsed = clock.now() - startedAt;
    if (elapsed >= settings.timeoutMs) {
      throw new KeylessError(
        "APPLY_FAILED",
        `${label} still IN_PROGRESS after ${formatDuration(elapsed)} (request ${op.requestId}); stopped waiting`,
        {
          hint:
            "AWS may still finish it. Run `keyless apply` again (or plan first): apply converges on the " +
            "declared state and only does what is still missing.",
        },
      );
    }
    await clock.sleep(Math.min(delay, settings.timeoutMs - elapsed));
    // After a learned first wait the plain schedule starts again from its first interval.
    delay =
      polls === 0 && learned ? settings.intervalMs : Math.min(delay * POLL_GROWTH, settings.maxIntervalMs);
    polls += 1;
    const asked = clock.now() - startedAt;
    op = await status(op.requestId);
    if (op.status === "IN_PROGRESS") lastInProgress = asked;
    progress(`${label} ${op.status} (poll ${polls})`);
  }
  if (polls > 0) settings.times.record(label, lastInProgress);
  if (op.status === "FAILED") {
    throw new KeylessError(
      "APPLY_FAILED",
      `${label} failed: ${op.failureReason ?? "AWS gave no failure reason"} (request ${op.requestId})`,
      { hint: hintForFailure(op.failureReason ?? "") },
    );
  }
}

/** What to do about an asynchronous operation AWS reports FAILED, from its failure reason. */
export function hintForFailure(reason: string): string {
  const again = "then run `keyless apply` again: it converges and only does what is still missing.";
  const missingPolicy =
    /customer.?managed|NoSuchEntity/i.test(reason) ||
    (/polic(y|ies)/i.test(reason) && /not found|does not exist|not supported|\b404\b/i.test(reason));
  if (missingPolicy) {
    return (
      "A customer-managed policy (or permissions boundary) must exist with the same name and path in every " +
      `account the permission set is assigned to. Create it there (for example with Terraform), ${again}`
    );
  }
  if (/access.?denied|not authori[sz]ed|SCP|service control polic/i.test(reason)) {
    return `Identity Center could not write the role in that account (an SCP or missing trust?). Fix that, ${again}`;
  }
  return `Fix the cause AWS names, ${again}`;
}
