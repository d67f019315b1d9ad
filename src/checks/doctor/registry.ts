/** The checks, in the order they run and are shown. Later checks may read earlier results. */
import { awsCliCheck } from "./checks/aws-cli.ts";
import { clockSkewCheck } from "./checks/clock-skew.ts";
import { profileCheck } from "./checks/profile.ts";
import { roleCredentialsCheck } from "./checks/role-credentials.ts";
import { stateBackendCheck } from "./checks/state-backend.ts";
import { stateReadCheck } from "./checks/state-read.ts";
import { staticCredentialsCheck } from "./checks/static-credentials.ts";
import { terraformCheck } from "./checks/terraform.ts";
import type { DoctorCheck } from "./types.ts";

export const DOCTOR_CHECKS: readonly DoctorCheck[] = [
  staticCredentialsCheck,
  profileCheck,
  roleCredentialsCheck,
  awsCliCheck,
  terraformCheck,
  clockSkewCheck,
  stateBackendCheck,
  stateReadCheck,
];
