/** Doctor deps for unit tests: every outside call fails loudly unless a test provides it. */
import type { DoctorDeps } from "../../../src/checks/doctor/index.ts";

const unused = (name: string) => async () => {
  throw new Error(`${name} should not be called in this test`);
};

export function fakeDeps(overrides: Partial<DoctorDeps> = {}): DoctorDeps {
  return {
    now: () => Date.parse("2026-03-01T12:00:00Z"),
    runTool: unused("runTool"),
    serverDate: unused("serverDate"),
    roleCredentials: unused("roleCredentials"),
    callerIdentity: unused("callerIdentity"),
    readBackend: unused("readBackend"),
    probeStateRead: unused("probeStateRead"),
    scan: { scanEnvironment: unused("scanEnvironment"), scanAwsFiles: unused("scanAwsFiles") },
    ...overrides,
  };
}
