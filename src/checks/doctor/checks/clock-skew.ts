/**
 * 4c. Clock skew against AWS: SigV4 signatures more than 5 minutes off are rejected
 * (RequestTimeTooSkewed / SignatureDoesNotMatch), and SSO token expiry is judged by the local clock.
 * The local time is the midpoint of the request; the `Date` header has one-second resolution.
 */
import { describeError, fail, pass, warn } from "../outcome.ts";
import type { CheckOutcome, DoctorCheck } from "../types.ts";

export const SKEW_WARN_MS = 60_000;
export const SKEW_FAIL_MS = 5 * 60_000;

export function formatSkew(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  const text = s >= 60 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${s}s`;
  return `${text} ${ms > 0 ? "behind" : "ahead of"} AWS`;
}

export const clockSkewCheck: DoctorCheck = {
  id: "clock-skew",
  title: "clock skew against AWS",
  async run(ctx): Promise<CheckOutcome> {
    const region = ctx.env.AWS_REGION || ctx.env.AWS_DEFAULT_REGION || "us-east-1";
    const sent = ctx.deps.now();
    let answer: Awaited<ReturnType<typeof ctx.deps.serverDate>>;
    try {
      answer = await ctx.deps.serverDate(region, ctx.env);
    } catch (err) {
      return fail(
        `could not ask AWS for the time: ${describeError(err).message}`,
        "Check the network connection to AWS.",
      );
    }
    const local = (sent + ctx.deps.now()) / 2;
    // Positive: AWS is later than the local clock, i.e. the local clock is behind.
    const skew = answer.serverTime - local;
    const abs = Math.abs(skew);
    const text = `local clock is ${formatSkew(skew)} (Date header of ${answer.endpoint})`;
    const hint = "Turn on time synchronisation (e.g. `timedatectl set-ntp true`, or chrony / Windows Time).";
    if (abs > SKEW_FAIL_MS) return fail(`${text}; AWS rejects requests signed more than 5 minutes off`, hint);
    if (abs > SKEW_WARN_MS) return warn(text, hint);
    return pass(abs < 1500 ? `in sync with AWS (${answer.endpoint})` : text);
  },
};
