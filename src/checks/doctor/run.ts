/**
 * Runs checks one after another. Each is isolated: a check that throws, or does not finish in time,
 * becomes "fail" with why, and the next one runs. Every message and hint is made safe for a
 * terminal and passed through the AWS redactor, so no key that slipped into an error text is shown.
 */
import { resolve } from "node:path";
import { homeDir } from "../../app/developer-session.ts";
import { redact } from "../../aws/errors.ts";
import { safe } from "../../render/style.ts";
import { createDoctorFacts } from "./facts.ts";
import { failFromError } from "./outcome.ts";
import type { CheckOutcome, CheckResult, DoctorCheck, DoctorContext, DoctorDeps } from "./types.ts";

/** A check that takes longer than this is reported as failed, and the rest still run. */
export const CHECK_TIMEOUT_MS = 120_000;

export interface DoctorInput {
  env: Record<string, string | undefined>;
  cwd: string;
  dir?: string | undefined;
  profile?: string | undefined;
  deps: DoctorDeps;
}

export function createDoctorContext(
  input: DoctorInput,
  results: ReadonlyMap<string, CheckResult>,
): DoctorContext {
  const dir = resolve(input.cwd, input.dir ?? ".");
  const base = { env: input.env, dir, profileFlag: input.profile, deps: input.deps };
  return {
    ...base,
    home: homeDir({ env: input.env }),
    dirLabel: input.dir ?? ".",
    facts: createDoctorFacts(base),
    results,
  };
}

function clean(text: string): string {
  return safe(redact(text));
}

async function runOne(check: DoctorCheck, ctx: DoctorContext, timeoutMs: number): Promise<CheckOutcome> {
  // Not unref'd: a check stuck on a promise with no I/O must still end in a result, not an exit.
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckOutcome>((res) => {
    timer = setTimeout(
      () => res({ status: "fail", message: `did not finish within ${Math.round(timeoutMs / 1000)} s` }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([check.run(ctx), timeout]);
  } catch (err) {
    return failFromError(err, "the check could not complete");
  } finally {
    clearTimeout(timer);
  }
}

export async function runChecks(
  checks: readonly DoctorCheck[],
  input: DoctorInput,
  opts: { timeoutMs?: number; onResult?: (r: CheckResult) => void } = {},
): Promise<CheckResult[]> {
  const results = new Map<string, CheckResult>();
  const ctx = createDoctorContext(input, results);
  const out: CheckResult[] = [];
  for (const check of checks) {
    const o = await runOne(check, ctx, opts.timeoutMs ?? CHECK_TIMEOUT_MS);
    const r: CheckResult = { id: check.id, title: check.title, status: o.status, message: clean(o.message) };
    if (o.hint) r.hint = clean(o.hint);
    results.set(r.id, r);
    out.push(r);
    opts.onResult?.(r);
  }
  return out;
}
