/**
 * `keyless doctor`: checks the whole keyless set-up of this machine and directory (no static keys, the
 * SSO profile and session, role credentials, tool versions, clock skew, the state backend) and says
 * for each what is wrong and what to do. Exit 0 when nothing failed (warnings allowed), 1 otherwise.
 */

import {
  DOCTOR_CHECKS,
  type DoctorCheck,
  type DoctorDeps,
  defaultDoctorDeps,
  renderJson,
  runChecks,
  summarise,
  summaryLine,
} from "../checks/doctor/index.ts";
import { renderResultLine } from "../checks/doctor/render.ts";
import type { CliIO } from "../cli/io.ts";
import { useColor } from "../cli/io.ts";
import { EXIT } from "../errors/keyless-error.ts";

export interface DoctorOptions {
  profile?: string | undefined;
  dir?: string | undefined;
  json?: boolean | undefined;
  color?: boolean | undefined;
}

/** Marks (✓ ! ✗ -) only on a terminal that is not `TERM=dumb`; words elsewhere. */
function unicodeOutput(io: CliIO): boolean {
  return io.stdoutIsTTY && io.env.TERM !== "dumb";
}

export async function runDoctor(
  opts: DoctorOptions,
  io: CliIO,
  deps: DoctorDeps = defaultDoctorDeps(),
  checks: readonly DoctorCheck[] = DOCTOR_CHECKS,
): Promise<number> {
  const style = { unicode: unicodeOutput(io), color: useColor(io, opts.color) };
  const results = await runChecks(
    checks,
    { env: io.env, cwd: io.cwd, dir: opts.dir, profile: opts.profile, deps },
    opts.json ? {} : { onResult: (r) => io.out(`${renderResultLine(r, style)}\n`) },
  );
  if (opts.json) io.out(renderJson(results));
  else io.out(`\n${summaryLine(results)}\n`);
  return summarise(results).fail > 0 ? EXIT.ERROR : EXIT.OK;
}
