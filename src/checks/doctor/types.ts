/**
 * The shapes of `keyless doctor`: a check is a small object with an id, a title and `run(ctx)`; the
 * runner (run.ts) adds the id and title to what `run` returns and keeps one check's failure from
 * stopping the others. Everything a check touches outside itself (clock, tools, AWS, the scan) comes
 * in through the context, so every check is testable with fakes and with the real thing.
 */
import type { ProfileCredentials } from "../../app/developer-session.ts";
import type { CallerIdentity, StaticCredentials } from "../../aws/caller-identity.ts";
import type { StateReadProbe, StateReadQuery } from "../../aws/state-read.ts";
import type { ActualStateBackend, DesiredStateBackend } from "../../engine/model.ts";
import type { LoadedAwsConfigFacts, ProfileChoice, TerraformDirFacts } from "./facts-types.ts";
import type { ScanPort } from "./scan-port.ts";

export type CheckStatus = "pass" | "warn" | "fail" | "skip";

/** One line per check; `hint` says what to do. Never a secret in either. */
export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  message: string;
  hint?: string;
}

/** What a check's `run` returns; the runner adds `id` and `title`. */
export type CheckOutcome = Omit<CheckResult, "id" | "title">;

export interface DoctorCheck {
  id: string;
  title: string;
  run(ctx: DoctorContext): Promise<CheckOutcome>;
}

/** A finished tool run (`aws --version`, `terraform version -json`). */
export interface ToolRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The server's clock as seen in a response, with the local times the request was sent and answered. */
export interface ServerDate {
  /** Epoch ms from the `Date` header. */
  serverTime: number;
  /** Where the answer came from (for the message). */
  endpoint: string;
}

/** The outside world, injectable. `defaultDoctorDeps()` (deps.ts) gives the real one. */
export interface DoctorDeps {
  /** Local wall clock, epoch ms. */
  now(): number;
  /** Runs a program found on env.PATH; "not-installed" when there is none. */
  runTool(
    command: string,
    args: string[],
    env: Record<string, string | undefined>,
  ): Promise<ToolRun | "not-installed">;
  /** Any answer from AWS (STS) carrying a Date header. */
  serverDate(region: string, env: Record<string, string | undefined>): Promise<ServerDate>;
  /** A profile's role credentials through its SSO session (refreshing the token when it can). */
  roleCredentials(env: Record<string, string | undefined>, profile: string): Promise<ProfileCredentials>;
  /** STS GetCallerIdentity with explicit credentials. */
  callerIdentity(credentials: StaticCredentials, region: string): Promise<CallerIdentity>;
  /**
   * Reads the bucket (and lock table) `sb` names, with `credentials` or, when undefined, the default
   * credential chain. Also returns the account that answered.
   */
  readBackend(sb: BackendQuery, credentials: StaticCredentials | undefined): Promise<ActualStateBackend>;
  /**
   * Terraform's first reads of the state, as those credentials (or the default chain): ListObjectsV2
   * under `prefix` and HeadObject of `key`. 403 and a missing bucket are answers, not errors.
   */
  probeStateRead(
    q: StateReadQuery & { region: string },
    credentials: StaticCredentials | undefined,
  ): Promise<StateReadProbe>;
  scan: ScanPort;
}

/** What the backend check asks AWS about: the parts of a DesiredStateBackend it needs. */
export type BackendQuery = Pick<DesiredStateBackend, "region" | "bucket" | "locking" | "dynamodbTable">;

/** Facts several checks need, each computed once per run on first use. */
export interface DoctorFacts {
  terraformDir(): Promise<TerraformDirFacts>;
  /** Which profile to check, and why; undefined when none is configured. */
  profileChoice(): Promise<ProfileChoice | undefined>;
  /** The shared config file; rejects with a CONFIG_INVALID KeylessError when it does not parse. */
  awsConfig(): Promise<LoadedAwsConfigFacts>;
  /** The chosen profile's role credentials (rejects with why they cannot be had). */
  roleCredentials(): Promise<ProfileCredentials>;
}

export interface DoctorContext {
  env: Record<string, string | undefined>;
  /** The user's home (HOME of the command's environment). */
  home: string;
  /** The Terraform directory to look at (absolute). */
  dir: string;
  /** --dir as given (for messages), or "." */
  dirLabel: string;
  /** --profile, when given. */
  profileFlag: string | undefined;
  deps: DoctorDeps;
  facts: DoctorFacts;
  /** Results of the checks that ran before this one, by id. */
  results: ReadonlyMap<string, CheckResult>;
}
