/** The facts doctor's checks share (computed once per run by facts.ts). */
import type { LoadedAwsConfig } from "../../app/developer-session.ts";

export type LoadedAwsConfigFacts = LoadedAwsConfig;

/** A literal attribute of a Terraform block, with where it is written. */
export interface TfValue<T> {
  value: T;
  /** `file:line`, the file relative to the directory checked. */
  at: string;
}

/** `terraform { backend "TYPE" { ... } }` as far as doctor needs it. */
export interface BackendBlock {
  type: string;
  /** `file:line` of the backend block. */
  at: string;
  bucket?: TfValue<string>;
  key?: TfValue<string>;
  region?: TfValue<string>;
  profile?: TfValue<string>;
  dynamodbTable?: TfValue<string>;
  useLockfile?: TfValue<boolean>;
  /** Attributes doctor needs but that are not plain literals (variables, interpolation). */
  notLiteral: string[];
}

export type TerraformDirFacts =
  | { kind: "unreadable"; problem: string }
  | {
      kind: "read";
      /** Terraform files directly in the directory (relative names). */
      files: string[];
      /** `file:line: message` for files that do not parse or cannot be read. */
      problems: string[];
      backend?: BackendBlock;
      /** `profile` of the default `provider "aws"` block. */
      providerProfile?: TfValue<string>;
    };

/** The profile doctor checks and where that choice came from. */
export interface ProfileChoice {
  name: string;
  /** "--profile", "AWS_PROFILE", or "backend.tf:7" / "provider.tf:3". */
  source: string;
}
